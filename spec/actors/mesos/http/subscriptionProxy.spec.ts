import { expect } from 'chai';
import { pathRef, type Ref } from '../../../../lib/actor/index.js';
import type { Simulation } from '../../../../lib/sim/index.js';
import { itSim } from '../../../../lib/testkit/index.js';
import { frameworkInfo } from '../../../../actors/mesos/FrameworkInfo.js';
import { subscriptionProxy, type SubscriptionMsg } from '../../../../actors/mesos/http/subscriptionProxy.js';
import type { MasterMsg } from '../../../../actors/mesos/MasterProtocol.js';
import type { MesosCluster } from '../../../../actors/mesos/MesosCluster.js';
import type { SchedulerEvent } from '../../../../actors/mesos/SchedulerEvent.js';
import { fastCluster } from '../support.js';

const opts = { simulation: { network: { link: { fifo: true } } } } as const;

interface Recorded {
  readonly ref: Ref<SubscriptionMsg>;
  readonly events: SchedulerEvent[];
  closed: boolean;
  stopped: boolean;
  subscribedAs: string | undefined;
}

/** Spawn a proxy with a recording sink, as the HTTP server does for a SUBSCRIBE. */
const proxy = (sim: Simulation, cluster: MesosCluster, name: string, frameworkId: string | null = null, failoverTimeoutMs = 60_000, masterLeads = () => true): Recorded => {
  const leader = cluster.leader()!.node;
  const rec = { events: [] as SchedulerEvent[], closed: false, stopped: false, subscribedAs: undefined as string | undefined };
  const ref = sim.spawn(
    subscriptionProxy({
      master: pathRef<MasterMsg>(leader, '/master'),
      framework: frameworkInfo({ name: 'http-fw', failoverTimeoutMs }),
      frameworkId,
      sink: { send: (e) => rec.events.push(e), close: () => (rec.closed = true) },
      subscribeTimeoutMs: 2000,
      leadershipCheckMs: 200,
      masterLeads,
      onSubscribed: (id) => (rec.subscribedAs = id),
      onStopped: () => (rec.stopped = true),
    }),
    name,
    { node: 'http', restart: 'temporary' },
  );
  return Object.assign(rec, { ref });
};

const types = (r: Recorded): string[] => r.events.map((e) => e.type);

describe('mesos http subscriptionProxy', () => {
  itSim('should subscribe for its stream and pass SUBSCRIBED, HEARTBEAT and OFFERS to the sink', (sim) => {
    const cluster = fastCluster(sim);
    const p = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => types(p).includes('offers'), 3000);
    expect(types(p).slice(0, 2)).to.deep.equal(['subscribed', 'heartbeat']);
    expect(p.subscribedAs).to.be.a('string');
    expect(cluster.leader()!.view.frameworks.get(p.subscribedAs!)!.connected).to.equal(true);
  }, { seed: 1, ...opts });

  itSim('should forward calls from other connections as the framework (the master takes them from it)', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const p = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => types(p).includes('offers'), 3000);
    const offer = p.events.find((e) => e.type === 'offers') as Extract<SchedulerEvent, { type: 'offers' }>;
    sim.tell(p.ref, { type: 'http-call', call: { type: 'decline', frameworkId: p.subscribedAs!, offerIds: [offer.offers[0].id], refuseMs: 60_000 }, rejected: [] });
    sim.runFor(100);
    expect(cluster.leader()!.view.offers.size, 'the declined offer is gone').to.equal(0);
    const n = p.events.length;
    sim.runFor(1000);
    expect(p.events.slice(n).filter((e) => e.type === 'offers'), 'filtered for 60 s').to.deep.equal([]);
  }, { seed: 2, ...opts });

  itSim('should write TASK_ERROR for tasks the front door rejected, before forwarding the call', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const p = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => p.subscribedAs !== undefined, 3000);
    sim.tell(p.ref, { type: 'http-call', call: { type: 'revive', frameworkId: p.subscribedAs! }, rejected: [{ taskId: 'g', agentId: 'S1', message: 'uses gpus' }] });
    sim.runFor(10);
    const update = p.events.find((e) => e.type === 'update') as Extract<SchedulerEvent, { type: 'update' }>;
    expect(update.status).to.include({ taskId: 'g', state: 'TASK_ERROR', reason: 'REASON_TASK_INVALID', message: 'uses gpus', frameworkId: p.subscribedAs });
  }, { seed: 3, ...opts });

  itSim('should stop when its connection closes, so the master marks the framework disconnected', (sim) => {
    const cluster = fastCluster(sim);
    const p = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => p.subscribedAs !== undefined, 3000);
    sim.tell(p.ref, { type: 'connection-closed' });
    sim.runFor(50);
    expect(p.stopped).to.equal(true);
    expect(p.closed).to.equal(true);
    const fw = cluster.leader()!.view.frameworks.get(p.subscribedAs!)!;
    expect(fw.connected).to.equal(false);
  }, { seed: 4, ...opts });

  itSim('should end the old stream with ERROR "Framework failed over" when the framework subscribes on a new one', (sim) => {
    const cluster = fastCluster(sim);
    const first = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => first.subscribedAs !== undefined, 3000);
    const second = proxy(sim, cluster, 'sub-2', first.subscribedAs!);
    sim.runUntil(() => second.subscribedAs !== undefined && first.stopped, 3000);
    expect(second.subscribedAs).to.equal(first.subscribedAs);
    expect(first.events.at(-1)).to.deep.equal({ type: 'error', message: 'Framework failed over' });
    expect(first.closed).to.equal(true);
    expect(second.closed).to.equal(false);
  }, { seed: 5, ...opts });

  itSim('should close the stream without an ERROR event on TEARDOWN (as Mesos does)', (sim) => {
    const cluster = fastCluster(sim);
    const p = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => p.subscribedAs !== undefined, 3000);
    sim.tell(p.ref, { type: 'http-call', call: { type: 'teardown', frameworkId: p.subscribedAs! }, rejected: [] });
    sim.runUntil(() => p.stopped, 1000);
    expect(types(p)).not.to.include('error');
    expect(cluster.leader()!.view.completedFrameworks.has(p.subscribedAs!)).to.equal(true);
  }, { seed: 6, ...opts });

  itSim('should write the ERROR and close when the master refuses the subscription', (sim) => {
    const cluster = fastCluster(sim);
    const p = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => p.subscribedAs !== undefined, 3000);
    sim.tell(p.ref, { type: 'http-call', call: { type: 'teardown', frameworkId: p.subscribedAs! }, rejected: [] });
    sim.runUntil(() => p.stopped, 1000);
    const again = proxy(sim, cluster, 'sub-2', p.subscribedAs!);
    sim.runUntil(() => again.stopped, 1000);
    expect(again.events).to.deep.equal([{ type: 'error', message: `Framework ${p.subscribedAs} has been removed` }]);
    expect(again.closed).to.equal(true);
  }, { seed: 7, ...opts });

  itSim('should end the stream when its master dies', (sim) => {
    const cluster = fastCluster(sim);
    const p = proxy(sim, cluster, 'sub-1');
    sim.runUntil(() => p.subscribedAs !== undefined, 3000);
    sim.crash(cluster.leader()!.node);
    sim.runFor(10);
    expect(p.stopped).to.equal(true);
    expect(p.closed).to.equal(true);
  }, { seed: 8, ...opts });

  itSim('should end the stream when its master stops leading', (sim) => {
    const cluster = fastCluster(sim);
    let leads = true;
    const p = proxy(sim, cluster, 'sub-1', null, 60_000, () => leads);
    sim.runUntil(() => p.subscribedAs !== undefined, 3000);
    sim.runFor(500);
    expect(p.stopped, 'still leading').to.equal(false);
    leads = false;
    sim.runFor(250);
    expect(p.stopped, 'stopped leading').to.equal(true);
  }, { seed: 9, ...opts });

  itSim('should give up when the master never answers the subscription', (sim) => {
    const cluster = fastCluster(sim);
    const standby = cluster.masterNodes.find((n) => n !== cluster.leader()!.node)!;
    const rec = { closed: false };
    sim.spawn(
      subscriptionProxy({
        master: pathRef<MasterMsg>(standby, '/master'),
        framework: frameworkInfo({ name: 'x' }),
        frameworkId: null,
        sink: { send: () => undefined, close: () => (rec.closed = true) },
        subscribeTimeoutMs: 500,
        leadershipCheckMs: 10_000,
        masterLeads: () => true,
        onSubscribed: () => undefined,
        onStopped: () => undefined,
      }),
      'sub-x',
      { node: 'http', restart: 'temporary' },
    );
    sim.runFor(400);
    expect(rec.closed).to.equal(false);
    sim.runFor(200);
    expect(rec.closed).to.equal(true);
  }, { seed: 10, ...opts });
});
