import * as E from 'fp-ts/Either';
import type { KubeObject } from '../api/meta.js';
import type { Service } from '../api/networking.js';
import type { ResourceInfo } from '../api/resources.js';
import { notFound, staleConflict, type Status } from '../api/Status.js';
import type { TxnResult } from '../store/protocol.js';
import { stripRv, withRv, written, type Ctx, type Done, type ServerCore } from './ServerCore.js';
import { storeKey } from './WatchCache.js';

/** What a read-modify-write step decides from the current object: a new object, a deletion, or no change. */
export type Next = KubeObject | { readonly delete: true } | 'noop';

/**
 * Read-modify-write with compare-and-swap on the mod revision, retried on a
 * stale read (Kubernetes' GuaranteedUpdate). `tryUpdate` decides from the
 * current object: a new object, a deletion, no change, or an error. It runs
 * again on the fresh object after every lost race, so anything it computes
 * (a patch applied, a precondition checked) is atomic with the write.
 * A deletion answers the object as it was; `noop` answers the current object.
 * `tryUpdate` may return the new object with or without a resourceVersion
 * (the store keeps none: the version is the key's mod revision).
 */
export const guaranteedUpdate = (
  core: ServerCore,
  ctx: Ctx,
  info: ResourceInfo,
  ns: string | undefined,
  name: string,
  tryUpdate: (current: KubeObject) => E.Either<Status, Next>,
  done: Done,
  fresh?: KubeObject,
  attempt = 0,
): void => {
  const current = fresh ?? core.cache.get(info, ns, name);
  if (current === undefined) return done(E.left(notFound(info.resource, name, info.group)));
  const next = tryUpdate(current);
  if (E.isLeft(next)) return done(next);
  if (next.right === 'noop') return done(E.right(current));
  const key = storeKey(info, ns, name);
  const rev = Number(current.metadata.resourceVersion);
  const result = next.right;
  const isDelete = 'delete' in result;
  const stored = isDelete ? undefined : stripRv(result as KubeObject);
  core.call(
    ctx,
    (replyTo) => ({
      type: 'txn',
      request: {
        compare: [{ key, target: 'mod', op: '=', value: rev }],
        success: stored === undefined ? [{ op: 'delete', key }] : [{ op: 'put', key, value: stored }],
        failure: [{ op: 'range', key }],
      },
      replyTo,
    }),
    (r) => {
      if (E.isLeft(r)) return done(r);
      const res = r.right as TxnResult;
      if (res.succeeded) {
        if (isDelete) {
          if (info.kind === 'Service') core.ips.release((current as Service).spec?.clusterIP);
          return done(E.right(withRv(current, res.revision)));
        }
        return done(E.right(written(core, info, ns, name, stored!, res.revision)));
      }
      const got = res.results[0];
      const kv = got?.op === 'range' ? got.result.kvs[0] : undefined;
      if (kv === undefined) return done(E.left(notFound(info.resource, name, info.group)));
      if (attempt >= core.settings.maxRetries) return done(E.left(staleConflict(info.resource, name, info.group)));
      guaranteedUpdate(core, ctx, info, ns, name, tryUpdate, done, withRv(kv.value as KubeObject, kv.modRevision), attempt + 1);
    },
  );
};
