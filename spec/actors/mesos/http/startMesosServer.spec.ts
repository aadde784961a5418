import { expect } from 'chai';
import { startMesosServer, type MesosServer } from '../../../../actors/mesos/http/startMesosServer.js';
import { callOn, eventually, frameworkInfo, getJson, launchOn, post, subscribe, SPEC_CONFIG, type EventStream, type V1Event } from './support.js';

// Live specs: a real HTTP server on 127.0.0.1 (port 0) over the nact dispatcher
// and the real clock. Each test closes every stream and server it opens.

const offerOf = (e: V1Event): V1Event => e.offers.offers[0] as V1Event;
const stateOf = (e: V1Event): string => e.update.status.state as string;
const isTask = (id: string, state?: string) => (e: V1Event) => e.update.status.task_id.value === id && (state === undefined || e.update.status.state === state);

/** Acknowledge every update with a uuid as it arrives (what a well-behaved scheduler does); returns a stop function. */
const autoAck = (url: string, s: EventStream): (() => void) => {
  let stop = false;
  s.onEvent((e) => {
    if (stop || e.type !== 'UPDATE' || e.update.status.uuid === undefined) return;
    const { agent_id, task_id, uuid } = e.update.status;
    void callOn(url, s, 'ACKNOWLEDGE', { acknowledge: { agent_id, task_id, uuid } }).catch(() => undefined);
  });
  return () => (stop = true);
};

describe('mesos http startMesosServer (live)', function () {
  this.timeout(20_000);
  let server: MesosServer;
  const streams: EventStream[] = [];
  const open = async (name: string, extra: Record<string, unknown> = {}, id?: string): Promise<EventStream> => {
    const info = frameworkInfo(name, { ...extra, ...(id === undefined ? {} : { id: { value: id } }) });
    const s = await subscribe(server.url, { type: 'SUBSCRIBE', ...(id === undefined ? {} : { framework_id: { value: id } }), subscribe: { framework_info: info } });
    streams.push(s);
    return s;
  };

  beforeEach(async () => {
    server = await startMesosServer({ agents: 2, port: 0, config: SPEC_CONFIG });
  });
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    await server.close();
  });

  it('should answer SUBSCRIBE with 200, a Mesos-Stream-Id and a chunked RecordIO stream: SUBSCRIBED, then HEARTBEATs', async () => {
    const s = await open('fw');
    expect(s.status).to.equal(200);
    expect(s.headers['content-type']).to.equal('application/json');
    expect(s.headers['transfer-encoding']).to.equal('chunked');
    expect(s.streamId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const subscribed = await s.next('SUBSCRIBED');
    expect(s.events[0]).to.equal(subscribed);
    expect(subscribed.subscribed.heartbeat_interval_seconds).to.equal(SPEC_CONFIG.heartbeatIntervalMs / 1000);
    expect(subscribed.subscribed.framework_id.value).to.be.a('string').and.not.equal('');
    await s.next('HEARTBEAT');
    await s.next('HEARTBEAT');
  });

  it("should offer every agent's resources in v1 JSON shape", async () => {
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const all = (): V1Event[] => s.events.filter((e) => e.type === 'OFFERS').flatMap((e) => e.offers.offers as V1Event[]);
    while (new Set(all().map((o) => o.hostname)).size < 2) await s.next('OFFERS');
    expect(new Set(all().map((o) => o.hostname))).to.deep.equal(new Set(['agent1', 'agent2']));
    const o = all()[0];
    expect(o.framework_id).to.deep.equal({ value: s.frameworkId });
    expect(o.id.value).to.be.a('string');
    expect(o.resources).to.deep.equal([
      { name: 'cpus', type: 'SCALAR', scalar: { value: 4 }, role: '*', allocation_info: { role: '*' } },
      { name: 'mem', type: 'SCALAR', scalar: { value: 8192 }, role: '*', allocation_info: { role: '*' } },
      { name: 'disk', type: 'SCALAR', scalar: { value: 20_000 }, role: '*', allocation_info: { role: '*' } },
      { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] }, role: '*', allocation_info: { role: '*' } },
    ]);
  });

  it('should launch a task on ACCEPT (202) and stream STARTING, RUNNING, FINISHED; acknowledged updates are forgotten', async () => {
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const offer = offerOf(await s.next('OFFERS'));
    expect((await callOn(server.url, s, 'ACCEPT', launchOn(offer, 't1', 'sleep 0.2'))).status).to.equal(202);
    const states: string[] = [];
    for (;;) {
      const u = await s.next('UPDATE', isTask('t1'));
      states.push(stateOf(u));
      expect(u.update.status.uuid, 'agent updates carry a uuid').to.be.a('string');
      expect(u.update.status.agent_id).to.deep.equal(offer.agent_id);
      const { agent_id, task_id, uuid } = u.update.status;
      expect((await callOn(server.url, s, 'ACKNOWLEDGE', { acknowledge: { agent_id, task_id, uuid } })).status).to.equal(202);
      if (stateOf(u) === 'TASK_FINISHED') break;
    }
    expect(states).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']);
    await eventually('every update acknowledged at the agent', () => [...server.cluster.agentViews.values()].every((a) => a.cp.updates.size === 0));
    const state = await getJson(`${server.url}/master/state`);
    expect(state.frameworks.find((f: V1Event) => f.id === s.frameworkId).tasks).to.deep.equal([]);
  });

  it('should not re-offer declined resources while the filter lasts, and offer them again after REVIVE', async () => {
    await server.close();
    server = await startMesosServer({ agents: 1, port: 0, config: SPEC_CONFIG });
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const offer = offerOf(await s.next('OFFERS'));
    expect((await callOn(server.url, s, 'DECLINE', { decline: { offer_ids: [offer.id], filters: { refuse_seconds: 3600 } } })).status).to.equal(202);
    const offersBefore = s.events.filter((e) => e.type === 'OFFERS').length;
    // Three heartbeats after the decline (3 × 200 ms) span a dozen allocation cycles (50 ms each).
    const mark = s.events.length;
    for (let i = 0; i < 3; i++) await s.next('HEARTBEAT', (e) => s.events.indexOf(e) >= mark);
    expect(s.events.filter((e) => e.type === 'OFFERS').length, 'no offer during the filter').to.equal(offersBefore);
    expect((await callOn(server.url, s, 'REVIVE')).status).to.equal(202);
    const again = offerOf(await s.next('OFFERS'));
    expect(again.agent_id).to.deep.equal(offer.agent_id);
    expect(again.id).not.to.deep.equal(offer.id);
  });

  it('should re-offer at once resources declined with refuse_seconds 0', async () => {
    await server.close();
    server = await startMesosServer({ agents: 1, port: 0, config: SPEC_CONFIG });
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const offer = offerOf(await s.next('OFFERS'));
    await callOn(server.url, s, 'DECLINE', { decline: { offer_ids: [offer.id], filters: { refuse_seconds: 0 } } });
    expect(offerOf(await s.next('OFFERS', () => true, 1000)).agent_id).to.deep.equal(offer.agent_id);
  });

  it('should answer RECONCILE: explicit (known task, unknown task TASK_LOST) and implicit (every task)', async () => {
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const stopAck = autoAck(server.url, s);
    const offer = offerOf(await s.next('OFFERS'));
    await callOn(server.url, s, 'ACCEPT', launchOn(offer, 'long', 'sleep 60'));
    await s.next('UPDATE', isTask('long', 'TASK_RUNNING'));
    await callOn(server.url, s, 'RECONCILE', { reconcile: { tasks: [{ task_id: { value: 'long' } }, { task_id: { value: 'ghost' }, agent_id: offer.agent_id }] } });
    const known = await s.next('UPDATE', (e) => isTask('long')(e) && e.update.status.reason === 'REASON_RECONCILIATION');
    expect(known.update.status).to.include({ state: 'TASK_RUNNING', source: 'SOURCE_MASTER' });
    expect(known.update.status.uuid, 'reconciliation answers need no acknowledgement').to.equal(undefined);
    expect(stateOf(await s.next('UPDATE', isTask('ghost')))).to.equal('TASK_LOST');
    await callOn(server.url, s, 'RECONCILE', { reconcile: { tasks: [] } });
    const implicit = await s.next('UPDATE', (e) => isTask('long')(e) && e.update.status.message === 'implicit reconciliation');
    expect(stateOf(implicit)).to.equal('TASK_RUNNING');
    stopAck();
  });

  it('should kill a task on KILL (TASK_KILLED) and answer TASK_LOST for an unknown task', async () => {
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const stopAck = autoAck(server.url, s);
    const offer = offerOf(await s.next('OFFERS'));
    await callOn(server.url, s, 'ACCEPT', launchOn(offer, 'victim', 'sleep 60'));
    await s.next('UPDATE', isTask('victim', 'TASK_RUNNING'));
    expect((await callOn(server.url, s, 'KILL', { kill: { task_id: { value: 'victim' }, agent_id: offer.agent_id } })).status).to.equal(202);
    await s.next('UPDATE', isTask('victim', 'TASK_KILLED'));
    await callOn(server.url, s, 'KILL', { kill: { task_id: { value: 'nobody' } } });
    await s.next('UPDATE', isTask('nobody', 'TASK_LOST'));
    stopAck();
  });

  it('should answer TASK_ERROR for a task using a resource the model never offers', async () => {
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const offer = offerOf(await s.next('OFFERS'));
    const accept = launchOn(offer, 'gpu', 'true') as { accept: { operations: Array<{ launch: { task_infos: Array<{ resources: unknown[] }> } }> } };
    accept.accept.operations[0].launch.task_infos[0].resources.push({ name: 'gpus', type: 'SCALAR', scalar: { value: 1 } });
    expect((await callOn(server.url, s, 'ACCEPT', accept)).status).to.equal(202);
    const u = await s.next('UPDATE', isTask('gpu'));
    expect(u.update.status).to.include({ state: 'TASK_ERROR', reason: 'REASON_TASK_INVALID' });
  });

  it('should accept SHUTDOWN, MESSAGE, REQUEST, SUPPRESS, REVIVE and an ACKNOWLEDGE of nothing outstanding with 202', async () => {
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const uuid = Buffer.from('0123456789ab4def8123456789abcdef', 'hex').toString('base64');
    const calls: Array<[string, Record<string, unknown>]> = [
      ['SHUTDOWN', { shutdown: { executor_id: { value: 'e' }, agent_id: { value: 'S-e1-1' } } }],
      ['MESSAGE', { message: { agent_id: { value: 'S-e1-1' }, executor_id: { value: 'e' }, data: 'aGk=' } }],
      ['REQUEST', { request: { requests: [] } }],
      ['SUPPRESS', {}],
      ['REVIVE', { revive: { roles: ['*'] } }],
      ['ACKNOWLEDGE', { acknowledge: { agent_id: { value: 'S-e1-1' }, task_id: { value: 't' }, uuid } }],
    ];
    for (const [type, fields] of calls) expect((await callOn(server.url, s, type, fields)).status, type).to.equal(202);
  });

  it('should end the stream without ERROR on TEARDOWN, kill the tasks and forget the framework', async () => {
    const s = await open('fw');
    await s.next('SUBSCRIBED');
    const stopAck = autoAck(server.url, s);
    const offer = offerOf(await s.next('OFFERS'));
    await callOn(server.url, s, 'ACCEPT', launchOn(offer, 'doomed', 'sleep 60'));
    await s.next('UPDATE', isTask('doomed', 'TASK_RUNNING'));
    stopAck();
    expect((await callOn(server.url, s, 'TEARDOWN')).status).to.equal(202);
    await s.ended;
    expect(s.events.map((e) => e.type)).not.to.include('ERROR');
    const state = await getJson(`${server.url}/master/state`);
    expect(state.completed_frameworks).to.include(s.frameworkId);
    await eventually('the task killed on its agent', () => [...server.cluster.agentViews.values()].every((a) => [...a.cp.tasks.values()].every((t) => t.state !== 'TASK_RUNNING')));
    const after = await callOn(server.url, s, 'REVIVE');
    expect([after.status, after.body]).to.deep.equal([400, 'Framework cannot be found']);
  });

  it('should keep the tasks of a framework that disconnects and resubscribes within failover_timeout', async () => {
    const s = await open('fw', { failover_timeout: 30 });
    await s.next('SUBSCRIBED');
    const stopAck = autoAck(server.url, s);
    const offer = offerOf(await s.next('OFFERS'));
    await callOn(server.url, s, 'ACCEPT', launchOn(offer, 'keeper', 'sleep 60'));
    await s.next('UPDATE', isTask('keeper', 'TASK_RUNNING'));
    stopAck();
    s.close();
    const fw = async (): Promise<V1Event> => (await getJson(`${server.url}/master/state`)).frameworks.find((f: V1Event) => f.id === s.frameworkId);
    await eventually('the framework disconnected', async () => (await fw())?.connected === false);
    expect((await fw()).tasks.map((t: V1Event) => [t.id, t.state])).to.deep.equal([['keeper', 'TASK_RUNNING']]);
    const stale = await callOn(server.url, s, 'REVIVE');
    expect([stale.status, stale.body]).to.deep.equal([403, 'Framework is not subscribed']);
    const again = await open('fw', { failover_timeout: 30 }, s.frameworkId);
    const subscribed = await again.next('SUBSCRIBED');
    expect(subscribed.subscribed.framework_id.value).to.equal(s.frameworkId);
    expect(again.streamId).not.to.equal(s.streamId);
    const old = await callOn(server.url, { ...again, streamId: s.streamId }, 'REVIVE');
    expect(old.status).to.equal(400);
    expect(old.body).to.match(/^The stream ID '.*' included in this request didn't match the stream ID currently associated with framework ID /);
    await callOn(server.url, again, 'RECONCILE', { reconcile: { tasks: [] } });
    expect(stateOf(await again.next('UPDATE', isTask('keeper')))).to.equal('TASK_RUNNING');
    expect((await fw()).connected).to.equal(true);
  });

  it('should remove a framework that stays away past failover_timeout, and refuse its resubscription with ERROR', async () => {
    const s = await open('fw', { failover_timeout: 0.2 });
    await s.next('SUBSCRIBED');
    const stopAck = autoAck(server.url, s);
    const offer = offerOf(await s.next('OFFERS'));
    await callOn(server.url, s, 'ACCEPT', launchOn(offer, 'orphan', 'sleep 60'));
    await s.next('UPDATE', isTask('orphan', 'TASK_RUNNING'));
    stopAck();
    s.close();
    await eventually('the framework removed', async () => (await getJson(`${server.url}/master/state`)).completed_frameworks.includes(s.frameworkId));
    await eventually('its task killed', () => [...server.cluster.agentViews.values()].every((a) => [...a.cp.tasks.values()].every((t) => t.state !== 'TASK_RUNNING')));
    const again = await open('fw', { failover_timeout: 0.2 }, s.frameworkId);
    expect(again.status).to.equal(200);
    const error = await again.next('ERROR');
    expect(error.error.message).to.equal(`Framework ${s.frameworkId} has been removed`);
    await again.ended;
  });

  it('should end the old stream with ERROR "Framework failed over" when the framework subscribes on a new connection', async () => {
    const first = await open('fw', { failover_timeout: 30 });
    await first.next('SUBSCRIBED');
    const second = await open('fw', { failover_timeout: 30 }, first.frameworkId);
    await second.next('SUBSCRIBED');
    expect((await first.next('ERROR')).error.message).to.equal('Framework failed over');
    await first.ended;
    expect((await callOn(server.url, second, 'REVIVE')).status).to.equal(202);
  });

  it('should refuse an invalid FrameworkInfo with an ERROR event on the 200 stream, as Mesos does', async () => {
    const s = await open('fw', { roles: ['a'] });
    expect(s.status).to.equal(200);
    expect((await s.next('ERROR')).error.message).to.equal("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
    await s.ended;
  });

  it('should serve /master/state, /health and /version', async () => {
    const state = await getJson(`${server.url}/master/state`);
    expect(state).to.include({ leader: true, activated_slaves: 2, hostname: '127.0.0.1', port: server.port });
    expect(state.slaves.map((a: V1Event) => a.hostname).sort()).to.deep.equal(['agent1', 'agent2']);
    expect((await fetch(`${server.url}/health`)).status).to.equal(200);
    expect(await getJson(`${server.url}/version`)).to.include({ version: '1.11.0' });
    const wrong = await post(server.url, {}, {}, '/master/state');
    expect(wrong.status).to.equal(405);
  });
});

describe('mesos http startMesosServer with standby masters (live)', function () {
  this.timeout(20_000);
  let server: MesosServer;
  beforeEach(async () => {
    server = await startMesosServer({ agents: 1, masters: 2, port: 0, config: SPEC_CONFIG });
  });
  afterEach(async () => {
    await server.close();
  });

  it('should redirect calls to a standby to the leader (307) and answer 503 while no master leads', async () => {
    const leader = server.cluster.leader()!.node;
    const standby = server.masters.find((m) => m.node !== leader)!;
    const leaderPort = server.masters.find((m) => m.node === leader)!.port;
    const redirected = await post(standby.url, { type: 'SUBSCRIBE' });
    expect(redirected.status).to.equal(307);
    expect(redirected.headers.get('location')).to.equal(`//127.0.0.1:${leaderPort}/api/v1/scheduler`);
    const s = await subscribe(server.url, { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo('fw', { failover_timeout: 30 }) } });
    await s.next('SUBSCRIBED');
    server.system.findNode(leader)!.crash();
    await s.ended;
    const none = await post(standby.url, { type: 'SUBSCRIBE' });
    expect([none.status, none.body]).to.deep.equal([503, 'No leader elected']);
    let refused = false;
    await fetch(`${server.url}/health`).catch(() => (refused = true));
    expect(refused, "the dead master's listener drops connections").to.equal(true);
    await eventually('the standby leads', () => server.cluster.leader()?.node === standby.node, 5000);
    const again = await subscribe(standby.url, { type: 'SUBSCRIBE', framework_id: { value: s.frameworkId }, subscribe: { framework_info: frameworkInfo('fw', { failover_timeout: 30, id: { value: s.frameworkId } }) } });
    expect((await again.next('SUBSCRIBED')).subscribed.framework_id.value).to.equal(s.frameworkId);
    again.close();
  });
});
