import { expect } from 'chai';
import { acceptsMediaType, schedulerEndpoint, type EndpointReply, type EndpointRequest, type SchedulerEndpointEnv } from '../../../../actors/mesos/http/schedulerEndpoint.js';

const proxy = { node: 'http', path: '/sub-1', incarnation: 7 };
const STREAM = '11111111-2222-4333-8444-555555555555';

/** A leading master that knows F1 (subscribed over HTTP), F2 (disconnected) and F3 (subscribed as an actor). */
const env = (over: Partial<SchedulerEndpointEnv> = {}): SchedulerEndpointEnv => ({
  leadership: () => ({ leading: true }),
  framework: (id) =>
    ({
      F1: { connected: true, subscriber: proxy },
      F2: { connected: false, subscriber: undefined },
      F3: { connected: true, subscriber: { node: 'fw-x', path: '/scheduler', incarnation: 3 } },
    })[id],
  stream: (id) => (id === 'F1' ? { streamId: STREAM, proxy } : undefined),
  modelUuid: () => undefined,
  ...over,
});

const req = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): EndpointRequest => ({
  method,
  url: '/api/v1/scheduler',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const call = (type: string, fields: Record<string, unknown> = {}, framework = 'F1') => ({ type, framework_id: { value: framework }, ...fields });
const sub = { type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'u', name: 'n' } } };
const withStream = { 'mesos-stream-id': STREAM };
const status = (r: EndpointReply): [number, string] => (r._tag === 'Respond' ? [r.status, r.body] : r._tag === 'Forward' ? [202, ''] : [200, '']);

describe('mesos http schedulerEndpoint (Master::Http::scheduler)', () => {
  const cases: Array<[string, EndpointRequest, [number, string], Partial<SchedulerEndpointEnv>?]> = [
    ['a standby redirects to the leader', req(sub), [307, ''], { leadership: () => ({ leading: false, leader: '10.0.0.1:5050' }) }],
    ['a standby without a leader answers 503', req(sub), [503, 'No leader elected'], { leadership: () => ({ leading: false, leader: undefined }) }],
    ['GET is not allowed', req('', {}, 'GET'), [405, "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'."]],
    ['Content-Type is required', { ...req(sub), headers: {} }, [400, "Expecting 'Content-Type' to be present"]],
    ['Content-Type must be JSON', req(sub, { 'content-type': 'text/plain' }), [415, "Expecting 'Content-Type' of application/json"]],
    ['protobuf is not read by this model', req(sub, { 'content-type': 'application/x-protobuf' }), [415, "Expecting 'Content-Type' of application/json"]],
    ['JSON with a charset is fine', req(sub, { 'content-type': 'Application/JSON; charset=utf-8' }), [200, '']],
    ['malformed JSON', req('{"type":'), [400, 'Failed to parse body into JSON: Unexpected end of JSON input']],
    ['an unknown call type', req(call('FROBNICATE')), [400, "Failed to validate scheduler::Call: Expecting 'type' to be present"]],
    ['SUBSCRIBE must accept JSON', req(sub, { accept: 'application/x-protobuf' }), [406, "Expecting 'Accept' to allow 'application/json'"]],
    ['SUBSCRIBE must not carry a stream id', req(sub, withStream), [400, "Subscribe calls should not include the 'Mesos-Stream-Id' header"]],
    ['a call for an unknown framework', req(call('REVIVE', {}, 'F9'), withStream), [400, 'Framework cannot be found']],
    ['a call for a disconnected framework', req(call('REVIVE', {}, 'F2'), withStream), [403, 'Framework is not subscribed']],
    ['a call for a framework subscribed by other means', req(call('REVIVE', {}, 'F3'), withStream), [403, 'Framework is not connected via HTTP']],
    ['a call without a stream id', req(call('REVIVE')), [400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header"]],
    [
      'a call with another stream id',
      req(call('REVIVE'), { 'mesos-stream-id': 'nope' }),
      [400, "The stream ID 'nope' included in this request didn't match the stream ID currently associated with framework ID F1"],
    ],
    ['a valid call', req(call('REVIVE'), withStream), [202, '']],
    ['REQUEST (ignored by the allocator)', req(call('REQUEST', { request: { requests: [] } }), withStream), [202, '']],
    ['UNKNOWN', req(call('UNKNOWN'), withStream), [501, '501 Not Implemented.']],
  ];
  for (const [what, request, expected, over] of cases) {
    it(`should answer ${what} with ${expected[0]}`, () => {
      expect(status(schedulerEndpoint(request, env(over)))).to.deep.equal(expected);
    });
  }

  it('should redirect to the leader with a protocol-relative Location keeping the request target', () => {
    const reply = schedulerEndpoint({ ...req(sub), url: '/api/v1/scheduler?x=1' }, env({ leadership: () => ({ leading: false, leader: '10.0.0.1:5050' }) }));
    expect(reply).to.deep.include({ status: 307, headers: { Location: '//10.0.0.1:5050/api/v1/scheduler?x=1' } });
  });

  it('should put Allow: POST on a 405', () => {
    expect(schedulerEndpoint(req('', {}, 'PUT'), env())).to.deep.include({ status: 405, headers: { Allow: 'POST' } });
  });

  it('should hand a valid call to the framework stream proxy', () => {
    const reply = schedulerEndpoint(req(call('KILL', { kill: { task_id: { value: 't1' } } }), withStream), env());
    expect(reply).to.deep.equal({ _tag: 'Forward', proxy, call: { type: 'kill', frameworkId: 'F1', taskId: 't1' }, rejected: [] });
  });

  it('should open a stream for SUBSCRIBE with the framework id it resubscribes with', () => {
    const reply = schedulerEndpoint(req({ ...sub, framework_id: { value: 'F1' }, subscribe: { framework_info: { user: 'u', name: 'n', id: { value: 'F1' } } } }), env());
    expect(reply).to.deep.include({ _tag: 'Subscribe', frameworkId: 'F1', refusal: undefined });
  });

  const accepts: Array<[string | undefined, boolean]> = [
    [undefined, true],
    ['*/*', true],
    ['application/*', true],
    ['application/json;q=0.5, text/html', true],
    ['application/json;q=0', false],
    ['text/*', false],
    ['application/x-protobuf', false],
  ];
  for (const [accept, ok] of accepts) {
    it(`should ${ok ? '' : 'not '}find application/json acceptable under Accept: ${accept ?? '(none)'}`, () => {
      expect(acceptsMediaType(accept, 'application/json')).to.equal(ok);
    });
  }
});
