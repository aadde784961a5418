import * as E from 'fp-ts/Either';
import { parseFieldSelector } from '../api/fieldSelector.js';
import { parseLabelSelector } from '../api/labelSelector.js';
import type { KubeObject } from '../api/meta.js';
import type { ApiRequest, ObjectList } from '../api/protocol.js';
import { apiVersionOf, type ResourceInfo } from '../api/resources.js';
import { badRequest, expired, notFound, serverTimeout, status } from '../api/Status.js';
import type { Deployment } from '../api/workloads.js';
import { prefixEnd, type RangeResult } from '../store/protocol.js';
import { withRv, type Ctx, type Done, type Result, type ServerCore } from './ServerCore.js';
import { scaleOf } from './subresources.js';
import { passes, storeKey, storePrefix } from './WatchCache.js';

/** GET one object (or its `scale` view; `status` is the whole object, as upstream) from the watch cache. */
export const getObject = (core: ServerCore, info: ResourceInfo, ns: string | undefined, name: string, sub: string | undefined): Result => {
  // pods/log is the kubelet's (its `container-logs` request); binding and eviction are create-only.
  if (sub !== undefined && sub !== 'status' && sub !== 'scale') return E.left(status('MethodNotAllowed', `get is not supported on ${info.resource}/${sub} by the API server`));
  if (sub !== undefined && !info.subresources.includes(sub)) return E.left(notFound(`${info.resource}/${sub}`, name, info.group));
  const obj = core.cache.get(info, ns, name);
  if (obj === undefined) return E.left(notFound(info.resource, name, info.group));
  if (sub === 'scale') return E.right(scaleOf(obj as Deployment));
  return E.right(obj);
};

const encodeContinue = (rv: number, key: string): string => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: key })).toString('base64');

const decodeContinue = (token: string): { rv: number; key: string } | undefined => {
  try {
    const j = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof j.rv !== 'number' || typeof j.start !== 'string') return undefined;
    return { rv: j.rv, key: j.start };
  } catch {
    return undefined;
  }
};

/**
 * GET a collection with label and field selectors, in key order. The first
 * page comes from the watch cache (a `resourceVersion` newer than the cache
 * is a Timeout, as upstream's "Too large resource version"); with `limit`,
 * the reply carries a `continue` token, and later pages read the store at
 * the first page's revision — consistent, and 410 Expired once compacted.
 */
export const listObjects = (core: ServerCore, ctx: Ctx, info: ResourceInfo, req: Extract<ApiRequest, { type: 'list' }>, done: Done): void => {
  const labels = parseLabelSelector(req.labelSelector);
  const fields = parseFieldSelector(req.fieldSelector);
  if (E.isLeft(labels)) return done(E.left(badRequest(labels.left)));
  if (E.isLeft(fields)) return done(E.left(badRequest(fields.left)));
  const ns = info.namespaced ? req.namespace : undefined;
  const limit = req.limit !== undefined && req.limit > 0 ? req.limit : Infinity;
  const finish = (kvs: Iterable<[string, KubeObject]>, revision: number): void => {
    const matching: Array<[string, KubeObject]> = [];
    for (const entry of kvs) if (passes(info, entry[1], ns, labels.right, fields.right)) matching.push(entry);
    matching.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const page = matching.length > limit ? matching.slice(0, limit) : matching;
    const meta: ObjectList['metadata'] = { resourceVersion: String(revision) };
    if (page.length < matching.length) {
      meta.continue = encodeContinue(revision, page[page.length - 1][0]);
      meta.remainingItemCount = matching.length - page.length;
    }
    done(E.right({ apiVersion: apiVersionOf(info), kind: `${info.kind}List`, metadata: meta, items: page.map((e) => e[1]) } satisfies ObjectList));
  };
  const cache = core.cache;
  if (req.continue === undefined || req.continue === '') {
    const rv = req.resourceVersion === undefined || req.resourceVersion === '' ? 0 : Number(req.resourceVersion);
    if (rv > cache.revision) return done(E.left(serverTimeout(`Too large resource version: ${rv}, current: ${cache.revision}`)));
    const f = fields.right;
    if (f.length === 1 && f[0].field === 'metadata.name' && f[0].op === '=' && (!info.namespaced || (ns !== undefined && ns !== ''))) {
      const one = cache.get(info, ns, f[0].value);
      finish(one === undefined ? [] : [[storeKey(info, ns, f[0].value), one]], cache.revision);
    } else finish(cache.table(info.resource).entries(), cache.revision);
    return;
  }
  const token = decodeContinue(req.continue);
  if (token === undefined) return done(E.left(badRequest('invalid continue token')));
  const prefix = storePrefix(info, ns);
  core.call(ctx, (replyTo) => ({ type: 'range', request: { key: `${token.key}\0`, rangeEnd: prefixEnd(prefix), revision: token.rv }, replyTo }), (r) => {
    if (E.isLeft(r)) {
      done(r.left.reason === 'Expired' ? E.left(expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.')) : r);
      return;
    }
    const range = r.right as RangeResult;
    finish(range.kvs.map((kv): [string, KubeObject] => [kv.key, withRv(kv.value as KubeObject, kv.modRevision)]), token.rv);
  });
};
