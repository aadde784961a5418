import { request } from 'node:http';
import { connect } from 'node:net';
import { expect } from 'chai';
import { createRandom, type Random } from '../../../../lib/random/index.js';
import { startMesosServer, type MesosServer } from '../../../../actors/mesos/http/startMesosServer.js';
import { frameworkInfo as modelFrameworkInfo } from '../../../../actors/mesos/FrameworkInfo.js';
import { callOn, eventually, frameworkInfo, subscribe, SPEC_CONFIG, type EventStream } from './support.js';

/** What came back from a raw request (or how the connection failed). */
interface Raw {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly error?: string;
}

/** One HTTP request with exactly these headers (nothing added), body read in full unless it is a 200 stream. */
const raw = (url: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: number }): Promise<Raw> =>
  new Promise((resolve) => {
    const req = request(`${url}${options.path ?? '/api/v1/scheduler'}`, { method: options.method ?? 'POST', headers: options.headers ?? {} });
    req.on('error', (err) => resolve({ status: 0, body: '', headers: {}, error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.on('response', (res) => {
      if (res.statusCode === 200 && (options.path ?? '/api/v1/scheduler') === '/api/v1/scheduler') {
        // A SUBSCRIBE stream never ends by itself: take the headers and hang up.
        resolve({ status: 200, body: '', headers: res.headers });
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: '', headers: res.headers, error: 'response aborted' }));
    });
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    if (body !== undefined && options.chunks !== undefined) {
      const size = Math.ceil(body.length / options.chunks);
      for (let i = 0; i < body.length; i += size) req.write(body.subarray(i, i + size));
      req.end();
    } else req.end(body);
  });

const JSON_CT = { 'Content-Type': 'application/json' };
const sub = (name = 'fw') => JSON.stringify({ type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo(name) } });

describe('mesos http createRequestHandler (live)', function () {
  this.timeout(20_000);
  let server: MesosServer;
  const streams: EventStream[] = [];
  before(async () => {
    server = await startMesosServer({ agents: 1, port: 0, config: SPEC_CONFIG, maxBodyBytes: 64 * 1024 });
  });
  after(async () => {
    for (const s of streams) s.close();
    await server.close();
  });
  const open = async (name: string): Promise<EventStream> => {
    const s = await subscribe(server.url, { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo(name, { failover_timeout: 30 }) } });
    streams.push(s);
    await s.next('SUBSCRIBED');
    return s;
  };

  const cases: Array<[string, Parameters<typeof raw>[1], number, string]> = [
    ['GET on the scheduler endpoint', { method: 'GET' }, 405, "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'."],
    ['a body without Content-Type', { body: sub() }, 400, "Expecting 'Content-Type' to be present"],
    ['a body that is not JSON by Content-Type', { headers: { 'Content-Type': 'text/plain' }, body: sub() }, 415, "Expecting 'Content-Type' of application/json"],
    ['malformed JSON', { headers: JSON_CT, body: '{"type": SUBSCRIBE}' }, 400, 'Failed to parse body into JSON: '],
    ['an empty body', { headers: JSON_CT, body: '' }, 400, 'Failed to parse body into JSON: '],
    ['a JSON value that is not an object', { headers: JSON_CT, body: '"SUBSCRIBE"' }, 400, 'Failed to convert JSON into Call protobuf: Expecting a JSON object'],
    ['an unknown call type', { headers: JSON_CT, body: '{"type":"LAUNCH_ROCKETS","framework_id":{"value":"F"}}' }, 400, "Failed to validate scheduler::Call: Expecting 'type' to be present"],
    ['a SUBSCRIBE missing required fields', { headers: JSON_CT, body: '{"type":"SUBSCRIBE","subscribe":{"framework_info":{}}}' }, 400, 'Failed to convert JSON into Call protobuf: Missing required fields: subscribe.framework_info.user, subscribe.framework_info.name'],
    ['a SUBSCRIBE with a stream id', { headers: { ...JSON_CT, 'Mesos-Stream-Id': 'x' }, body: sub() }, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header"],
    ['a SUBSCRIBE that only accepts protobuf', { headers: { ...JSON_CT, Accept: 'application/x-protobuf' }, body: sub() }, 406, "Expecting 'Accept' to allow 'application/json'"],
    ['a call without framework_id', { headers: JSON_CT, body: '{"type":"REVIVE"}' }, 400, "Failed to validate scheduler::Call: Expecting 'framework_id' to be present"],
    ['a call for an unknown framework', { headers: { ...JSON_CT, 'Mesos-Stream-Id': 'x' }, body: '{"type":"REVIVE","framework_id":{"value":"nobody"}}' }, 400, 'Framework cannot be found'],
    ['JSON nested 30,000 deep in an unknown field', { headers: JSON_CT, body: `{"type":"SUBSCRIBE","x":${'['.repeat(30_000)}${']'.repeat(30_000)}}` }, 400, "Failed to validate scheduler::Call: Expecting 'subscribe' to be present"],
    ['JSON nested deep in a known repeated field', { headers: JSON_CT, body: `{"type":"DECLINE","framework_id":{"value":"F"},"decline":{"offer_ids":${'['.repeat(30_000)}${']'.repeat(30_000)}}}` }, 400, "Failed to convert JSON into Call protobuf: Not expecting a JSON array for field 'offer_ids'"],
    ['an unknown path', { method: 'GET', path: '/api/v1/frobnicate' }, 404, '404 Not Found.'],
    ['a garbage path', { method: 'GET', path: '/%%%/../..//x?y=%zz' }, 404, '404 Not Found.'],
  ];
  for (const [what, options, status, message] of cases) {
    it(`should answer ${what} with ${status} "${message.slice(0, 60)}…"`, async () => {
      const got = await raw(server.url, options);
      expect(got.status).to.equal(status);
      expect(got.body.startsWith(message), got.body).to.equal(true);
      if (status === 405) expect(got.headers.allow).to.equal('POST');
    });
  }

  it('should answer calls on a subscription without, or with the wrong, Mesos-Stream-Id with 400', async () => {
    const s = await open('ids');
    const body = JSON.stringify({ type: 'REVIVE', framework_id: { value: s.frameworkId } });
    const without = await raw(server.url, { headers: JSON_CT, body });
    expect([without.status, without.body]).to.deep.equal([400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header"]);
    const wrong = await raw(server.url, { headers: { ...JSON_CT, 'Mesos-Stream-Id': 'not-it' }, body });
    expect([wrong.status, wrong.body]).to.deep.equal([400, `The stream ID 'not-it' included in this request didn't match the stream ID currently associated with framework ID ${s.frameworkId}`]);
    const right = await raw(server.url, { headers: { ...JSON_CT, 'Mesos-Stream-Id': s.streamId }, body });
    expect(right.status).to.equal(202);
  });

  it('should answer a call missing its part, a bad uuid, UNKNOWN and UPDATE_FRAMEWORK as Mesos does', async () => {
    const s = await open('parts');
    const kill = await callOn(server.url, s, 'KILL');
    expect([kill.status, kill.body]).to.deep.equal([400, "Failed to validate scheduler::Call: Expecting 'kill' to be present"]);
    const ack = await callOn(server.url, s, 'ACKNOWLEDGE', { acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid: 'c2hvcnQ=' } });
    expect([ack.status, ack.body]).to.deep.equal([400, 'Failed to validate scheduler::Call: Not a valid UUID']);
    const b64 = await callOn(server.url, s, 'ACKNOWLEDGE', { acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid: 'no!' } });
    expect([b64.status, b64.body]).to.deep.equal([400, "Failed to convert JSON into Call protobuf: Failed to base64 decode bytes field 'uuid': Invalid character '!'"]);
    expect((await callOn(server.url, s, 'UNKNOWN')).status).to.equal(501);
    const update = await callOn(server.url, s, 'UPDATE_FRAMEWORK', { update_framework: { framework_info: frameworkInfo('parts', { id: { value: s.frameworkId } }) } });
    expect(update.status).to.equal(501);
  });

  it('should answer 403 for a framework that is not connected over HTTP', async () => {
    server.cluster.addFramework('actor-fw', { info: modelFrameworkInfo({ name: 'actor-fw' }), init: () => null, offers: (s) => s, update: (s) => s });
    let id: string | undefined;
    await eventually('the actor framework subscribed', () => {
      id = server.cluster.frameworkViews.get('fw-actor-fw')?.frameworkId;
      return id !== undefined && server.cluster.frameworkViews.get('fw-actor-fw')?.subscribed === true;
    });
    const got = await raw(server.url, { headers: { ...JSON_CT, 'Mesos-Stream-Id': 'x' }, body: JSON.stringify({ type: 'REVIVE', framework_id: { value: id } }) });
    expect([got.status, got.body]).to.deep.equal([403, 'Framework is not connected via HTTP']);
    server.system.findNode('fw-actor-fw')!.crash(); // it holds its offers: let them go
  });

  it('should answer a body over maxBodyBytes with 413 (declared or chunked) and cut a far larger one', async () => {
    const big = Buffer.alloc(100 * 1024, 'a');
    const declared = await raw(server.url, { headers: JSON_CT, body: big });
    expect([declared.status, declared.body]).to.deep.equal([413, 'Request body is larger than 65536 bytes']);
    const chunked = await raw(server.url, { headers: JSON_CT, body: big, chunks: 10 });
    expect(chunked.status).to.equal(413);
    const huge = await raw(server.url, { headers: JSON_CT, body: Buffer.alloc(2 * 1024 * 1024, 'a'), chunks: 64 });
    expect(huge.status === 0 || huge.status === 413, JSON.stringify(huge)).to.equal(true);
    expect((await raw(server.url, { method: 'GET', path: '/health' })).status).to.equal(200);
  });

  it('should answer bytes that are not HTTP with 400 and keep serving', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => (got += d.toString('latin1')));
      socket.on('close', () => resolve(got));
      socket.on('error', () => resolve(got));
      socket.end('\u0000\u00ff GARBAGE \r\n\r\n');
    });
    expect(reply.startsWith('HTTP/1.1 400')).to.equal(true);
    expect((await raw(server.url, { method: 'GET', path: '/health' })).status).to.equal(200);
  });

  it('should survive 300 seeded random requests (methods, paths, content types, broken and mutated bodies) and still serve', async () => {
    const random = createRandom(20240601);
    const allowed = new Set([200, 202, 400, 403, 404, 405, 406, 413, 415, 501]);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const got = await raw(server.url, fuzzRequest(random));
      expect(got.error, `request ${i}`).to.equal(undefined);
      expect(allowed.has(got.status), `request ${i}: status ${got.status} ${got.body}`).to.equal(true);
      statuses.set(got.status, (statuses.get(got.status) ?? 0) + 1);
    }
    expect(statuses.get(400) ?? 0, JSON.stringify([...statuses])).to.be.greaterThan(50);
    expect((await raw(server.url, { method: 'GET', path: '/health' })).status).to.equal(200);
    for (const old of streams.splice(0)) old.close(); // earlier frameworks hold the agent's offer
    const s = await open('after-fuzz');
    await s.next('OFFERS', () => true, 3000);
    expect(server.system.failures, 'no actor threw').to.equal(0);
  });
});

const VALID_CALLS = [
  { type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'u', name: 'fuzz' } } },
  { type: 'ACCEPT', framework_id: { value: 'F' }, accept: { offer_ids: [{ value: 'O' }], operations: [{ type: 'LAUNCH', launch: { task_infos: [{ name: 't', task_id: { value: 't' }, agent_id: { value: 'S' }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } }] }] } }] } },
  { type: 'DECLINE', framework_id: { value: 'F' }, decline: { offer_ids: [{ value: 'O' }], filters: { refuse_seconds: 5 } } },
  { type: 'KILL', framework_id: { value: 'F' }, kill: { task_id: { value: 't' } } },
  { type: 'ACKNOWLEDGE', framework_id: { value: 'F' }, acknowledge: { agent_id: { value: 'S' }, task_id: { value: 't' }, uuid: 'ASNFZ4mrTe+BI0VniavN7w==' } },
  { type: 'RECONCILE', framework_id: { value: 'F' }, reconcile: { tasks: [] } },
];

/** Replace a random leaf or key of a JSON value with something of another kind. */
const mutate = (random: Random, v: unknown, depth = 0): unknown => {
  const junk = [null, 0, -1, 1e308, '', 'x'.repeat(random.int(0, 50)), true, [], {}, [[[]]], { value: {} }, 'SUBSCRIBE', 'Infinity'];
  if (depth > 6 || typeof v !== 'object' || v === null || random.bool(0.2)) return random.pick(junk);
  if (Array.isArray(v)) return v.length === 0 ? [random.pick(junk)] : v.map((x) => (random.bool(0.5) ? mutate(random, x, depth + 1) : x));
  const o = { ...(v as Record<string, unknown>) };
  const keys = Object.keys(o);
  const k = random.pick(keys);
  if (random.bool(0.15)) delete o[k];
  else o[k] = mutate(random, o[k], depth + 1);
  if (random.bool(0.1)) o[`extra${random.int(0, 9)}`] = random.pick(junk);
  return o;
};

const fuzzRequest = (random: Random): Parameters<typeof raw>[1] => {
  const method = random.pick(['POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
  const path = random.pick(['/api/v1/scheduler', '/api/v1/scheduler', '/api/v1/scheduler', '/master/state', '/', '/api/v1', '/api/v1/scheduler/x', `/${'a/'.repeat(random.int(0, 30))}`, '/%2e%2e/%00']);
  const contentType = random.pick(['application/json', 'application/json', 'text/plain', 'application/x-protobuf', 'application/json; charset=utf-8', '']);
  const kind = random.int(0, 5);
  let body: string | Buffer;
  if (kind === 0) body = Buffer.from(Array.from({ length: random.int(0, 400) }, () => random.int(0, 255)));
  else if (kind === 1) body = JSON.stringify(random.pick(VALID_CALLS)).slice(0, random.int(0, 120));
  else if (kind === 2) body = '['.repeat(random.int(1, 20_000));
  else body = JSON.stringify(mutate(random, random.pick(VALID_CALLS)));
  const headers: Record<string, string> = contentType === '' ? {} : { 'Content-Type': contentType };
  if (random.bool(0.5)) headers['Mesos-Stream-Id'] = random.pick(['x', '00000000-0000-4000-8000-000000000000', '']);
  return { method, path, headers, body: method === 'GET' && random.bool(0.5) ? undefined : body };
};
