import * as E from 'fp-ts/Either';
import type { AnyRef } from '../../../lib/actor/index.js';
import type { FrameworkInfo } from '../FrameworkInfo.js';
import { callFrameworkId, callType, decodeCall, planCall, validateCall, type ForwardedCall, type RejectedTask } from './v1Call.js';

/** An HTTP request as the endpoint sees it (header names in lower case). */
export interface EndpointRequest {
  readonly method: string;
  /** The request target as received (path and query), for redirects. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;
  readonly body: string;
}

/** What the endpoint needs to know about the cluster and the live streams. */
export interface SchedulerEndpointEnv {
  /** Whether the master behind this listener leads; if not, the leader's `host:port` (undefined: none elected). */
  leadership(): { readonly leading: true } | { readonly leading: false; readonly leader: string | undefined };
  /** The framework as the leading master knows it (undefined: unknown or removed). */
  framework(id: string): { readonly connected: boolean; readonly subscriber: AnyRef | undefined } | undefined;
  /** The live SUBSCRIBE stream of a framework on this server. */
  stream(frameworkId: string): { readonly streamId: string; readonly proxy: AnyRef } | undefined;
  /** The agent's uuid behind a v1 status-update uuid. */
  modelUuid(frameworkId: string, uuid: Buffer): string | undefined;
}

/**
 * The endpoint's decision for one request:
 * - `Respond`: answer now (202 for a call handled, or an error);
 * - `Subscribe`: open a RecordIO event stream for this framework (200);
 * - `Forward`: hand a call to the framework's subscription proxy, then 202.
 */
export type EndpointReply =
  | { readonly _tag: 'Respond'; readonly status: number; readonly body: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly _tag: 'Subscribe'; readonly framework: FrameworkInfo; readonly frameworkId: string | null; readonly refusal: string | undefined }
  | { readonly _tag: 'Forward'; readonly proxy: AnyRef; readonly call: ForwardedCall; readonly rejected: ReadonlyArray<RejectedTask> };

const respond = (status: number, body: string, headers?: Record<string, string>): EndpointReply => ({ _tag: 'Respond', status, body, ...(headers === undefined ? {} : { headers }) });

const header = (req: EndpointRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return v === undefined ? undefined : typeof v === 'string' ? v : v.join(', ');
};

/** Whether an `Accept` header allows a media type (RFC 7231 §5.3.2; no header allows everything). */
export const acceptsMediaType = (accept: string | undefined, mediaType: string): boolean => {
  if (accept === undefined) return true;
  const [type, subtype] = mediaType.split('/');
  return accept.split(',').some((entry) => {
    const [range, ...params] = entry.trim().toLowerCase().split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    const [rt, rs] = range.split('/');
    return (rt === '*' && rs === '*') || (rt === type && (rs === '*' || rs === subtype));
  });
};

/**
 * `POST /api/v1/scheduler`, following `Master::Http::scheduler`
 * (src/master/http.cpp) check by check: a standby redirects to the leader
 * (307, or 503 without one); only POST (405); a JSON body (Content-Type
 * missing: 400; other than JSON: 415; unparsable: 400); a valid Call (400);
 * SUBSCRIBE must accept JSON (406) and carry no stream id (400); any other
 * call needs a known framework (400), subscribed (403) over HTTP (403), and
 * its stream id (400 when missing or different); then 202 Accepted (501 for
 * UNKNOWN and calls this model does not implement).
 *
 * @example
 * const reply = schedulerEndpoint({ method: 'GET', url: '/api/v1/scheduler', headers: {}, body: '' }, env);
 * // { _tag: 'Respond', status: 405, body: "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.", headers: { Allow: 'POST' } }
 */
export const schedulerEndpoint = (req: EndpointRequest, env: SchedulerEndpointEnv): EndpointReply => {
  const standing = env.leadership();
  if (!standing.leading) {
    if (standing.leader === undefined) return respond(503, 'No leader elected');
    return respond(307, '', { Location: `//${standing.leader}${req.url}` });
  }
  if (req.method !== 'POST') return respond(405, `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${req.method}'.`, { Allow: 'POST' });
  const contentType = header(req, 'content-type');
  if (contentType === undefined) return respond(400, "Expecting 'Content-Type' to be present");
  if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') return respond(415, "Expecting 'Content-Type' of application/json");
  const decoded = decodeCall(req.body);
  if (E.isLeft(decoded)) return respond(400, decoded.left);
  const call = decoded.right;
  const invalid = validateCall(call);
  if (invalid !== undefined) return respond(400, `Failed to validate scheduler::Call: ${invalid}`);
  const type = callType(call);
  const streamId = header(req, 'mesos-stream-id');
  if (type === 'SUBSCRIBE') {
    if (!acceptsMediaType(header(req, 'accept'), 'application/json')) return respond(406, "Expecting 'Accept' to allow 'application/json'");
    if (streamId !== undefined) return respond(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
    const plan = planCall(call, '', () => undefined);
    if (plan._tag !== 'Subscribe') return respond(500, 'unexpected plan for SUBSCRIBE');
    return { _tag: 'Subscribe', framework: plan.framework, frameworkId: plan.frameworkId, refusal: plan.refusal };
  }
  const frameworkId = callFrameworkId(call) as string;
  const framework = env.framework(frameworkId);
  if (framework === undefined) return respond(400, 'Framework cannot be found');
  if (!framework.connected) return respond(403, 'Framework is not subscribed');
  const stream = env.stream(frameworkId);
  const s = framework.subscriber;
  if (stream === undefined || s === undefined || stream.proxy.node !== s.node || stream.proxy.path !== s.path || stream.proxy.incarnation !== s.incarnation) {
    return respond(403, 'Framework is not connected via HTTP');
  }
  if (streamId === undefined) return respond(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
  if (streamId !== stream.streamId) {
    return respond(400, `The stream ID '${streamId}' included in this request didn't match the stream ID currently associated with framework ID ${frameworkId}`);
  }
  const plan = planCall(call, frameworkId, (uuid) => env.modelUuid(frameworkId, uuid));
  switch (plan._tag) {
    case 'Forward':
      return { _tag: 'Forward', proxy: stream.proxy, call: plan.call, rejected: plan.rejected };
    case 'Accepted':
      return respond(202, '');
    case 'NotImplemented':
      return respond(501, plan.message);
    case 'Subscribe':
      return respond(500, 'unexpected plan');
  }
};
