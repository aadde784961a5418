/**
 * The API server's protocol: typed operations that map one to one onto the
 * Kubernetes REST API (issue 8's front door translates each HTTP request into
 * one of these and the reply back):
 *
 * | message  | REST                                                         |
 * |----------|--------------------------------------------------------------|
 * | create   | POST   /api/v1/namespaces/{ns}/{resource}[/{name}/{sub}]     |
 * | get      | GET    …/{resource}/{name}[/{sub}]                           |
 * | list     | GET    …/{resource}?labelSelector&fieldSelector&limit&continue&resourceVersion |
 * | update   | PUT    …/{resource}/{name}[/{sub}]                           |
 * | patch    | PATCH  …/{resource}/{name}[/{sub}] (`patchType`, absent = merge: merge = application/merge-patch+json, strategic = application/strategic-merge-patch+json, json = application/json-patch+json) |
 * | delete   | DELETE …/{resource}/{name} (body: DeleteOptions)             |
 * | watch    | GET    …/{resource}?watch=true&resourceVersion&allowWatchBookmarks |
 */
import * as t from 'io-ts';
import { refCodec } from '../../../lib/actor/index.js';
import { Status } from './Status.js';

/** How a delete proceeds (metav1.DeleteOptions). */
export const DeleteOptions = t.partial({
  gracePeriodSeconds: t.number,
  propagationPolicy: t.keyof({ Background: null, Foreground: null, Orphan: null }),
  preconditions: t.partial({ uid: t.string, resourceVersion: t.string }),
  dryRun: t.array(t.string),
});
export type DeleteOptions = t.TypeOf<typeof DeleteOptions>;

/**
 * How a patch is applied: `merge` (RFC 7386 JSON merge patch), `strategic`
 * (Kubernetes' strategic merge patch: lists merged by their patch merge key)
 * or `json` (RFC 6902 JSON patch, a list of operations).
 */
export const PatchType = t.keyof({ merge: null, strategic: null, json: null });
export type PatchType = t.TypeOf<typeof PatchType>;

/** A reply: the object (or list) on success, a Status on failure. */
export const ApiReply = t.union([
  t.type({ type: t.literal('api-ok'), object: t.unknown }),
  t.type({ type: t.literal('api-error'), status: Status }),
]);
export type ApiReply = t.TypeOf<typeof ApiReply>;

/** A watch event (`object` is a Status for ERROR, `{kind, apiVersion, metadata: {resourceVersion}}` for BOOKMARK). */
export const WatchEvent = t.type({
  type: t.keyof({ ADDED: null, MODIFIED: null, DELETED: null, BOOKMARK: null, ERROR: null }),
  object: t.unknown,
});
export type WatchEvent = t.TypeOf<typeof WatchEvent>;

/**
 * What a watcher receives: batches of events in resourceVersion order; `seq`
 * counts batches of one watch from 1, so a watcher notices a lost batch and
 * re-watches (on a real connection, TCP does that). After an ERROR event the
 * watch is closed.
 */
export const WatchMessage = t.type({ type: t.literal('watch-events'), watchId: t.string, seq: t.number, events: t.array(WatchEvent) });
export type WatchMessage = t.TypeOf<typeof WatchMessage>;

const target = {
  resource: t.string,
};
const optNs = t.partial({ namespace: t.string, subresource: t.string });
const replyTo = refCodec<ApiReply>();

/** Every operation the API server answers. */
export const ApiRequest = t.union([
  t.intersection([t.type({ type: t.literal('create'), ...target, body: t.unknown, replyTo }), optNs, t.partial({ name: t.string, dryRun: t.boolean })]),
  t.intersection([t.type({ type: t.literal('get'), ...target, name: t.string, replyTo }), optNs]),
  t.intersection([
    t.type({ type: t.literal('list'), ...target, replyTo }),
    optNs,
    t.partial({ labelSelector: t.string, fieldSelector: t.string, limit: t.number, continue: t.string, resourceVersion: t.string }),
  ]),
  t.intersection([t.type({ type: t.literal('update'), ...target, name: t.string, body: t.unknown, replyTo }), optNs]),
  t.intersection([t.type({ type: t.literal('patch'), ...target, name: t.string, patch: t.unknown, replyTo }), optNs, t.partial({ patchType: PatchType })]),
  t.intersection([t.type({ type: t.literal('delete'), ...target, name: t.string, replyTo }), optNs, t.partial({ options: DeleteOptions })]),
  t.intersection([
    t.type({ type: t.literal('watch'), ...target, watchId: t.string, watcher: refCodec<WatchMessage>() }),
    optNs,
    t.partial({ labelSelector: t.string, fieldSelector: t.string, resourceVersion: t.string, allowWatchBookmarks: t.boolean, replaces: t.string }),
  ]),
  t.type({ type: t.literal('unwatch'), watchId: t.string }),
]);
export type ApiRequest = t.TypeOf<typeof ApiRequest>;

/** A list reply (`PodList`, `NodeList` …). */
export interface ObjectList<T = unknown> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: T[];
}
