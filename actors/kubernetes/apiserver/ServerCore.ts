/**
 * What the API server's request handlers share: its watch cache, its
 * ClusterIP allocator, its options and its channel to the store. The
 * handlers (create, update/patch, delete, subresources, list, watch) are
 * functions of a {@link ServerCore}; {@link ApiServer} is the one
 * implementation, held in the API server actor's state.
 */
import type * as E from 'fp-ts/Either';
import type { ActorContext, Ref } from '../../../lib/actor/index.js';
import type { KubeObject } from '../api/meta.js';
import { deepEqual } from '../api/mergePatch.js';
import type { ResourceInfo } from '../api/resources.js';
import type { Status } from '../api/Status.js';
import type { StoreReply, StoreRequest } from '../store/protocol.js';
import type { ClusterIpAllocator } from './admission.js';
import type { WatchCache } from './WatchCache.js';

/** The part of the actor context the server needs (its mailbox protocol is the behaviour's). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ctx = ActorContext<any>;

/** A request's outcome: the object (or list, or Status-shaped success), or a failure Status. */
export type Result = E.Either<Status, unknown>;

/** Where a handler delivers its outcome. */
export type Done = (r: Result) => void;

/** The settings handlers read (the API server's options with defaults applied). */
export interface CoreSettings {
  /** Guaranteed-update retries on a stale cache. */
  readonly maxRetries: number;
  /** Events expire this long after they were written. */
  readonly eventTtlMs: number;
}

/** The API server as its request handlers see it. */
export interface ServerCore {
  /** Every object, the change history and the registered watches. */
  readonly cache: WatchCache;
  /** Service ClusterIPs in use. */
  readonly ips: ClusterIpAllocator;
  readonly settings: CoreSettings;
  /**
   * One store call; `k` gets the store's result, or a Status for a store
   * error (Expired for Compacted …) or no answer in time (Timeout).
   */
  call(ctx: Ctx, make: (replyTo: Ref<StoreReply>) => StoreRequest, k: (r: E.Either<Status, unknown>) => void): void;
  /** The store lease new Events are attached to (one per minute, expiring after the event TTL). */
  eventLease(ctx: Ctx): number;
}

/** The object without its resourceVersion (what the store keeps: the version is the key's mod revision). */
export const stripRv = (obj: KubeObject): KubeObject => {
  if (obj.metadata.resourceVersion === undefined) return obj;
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return { ...obj, metadata };
};

/** The object as clients see it: resourceVersion = the store's mod revision. */
export const withRv = (obj: KubeObject, rev: number): KubeObject => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } });

/**
 * Two versions of an object are the same but for their resourceVersion
 * (structural equality, allocation-free: no stripped copies).
 */
export const sameButVersion = (a: KubeObject, b: KubeObject): boolean => {
  if (a === b) return true;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k in ra) if (k !== 'metadata' && ra[k] !== undefined && !deepEqual(ra[k], rb[k])) return false;
  for (const k in rb) if (k !== 'metadata' && rb[k] !== undefined && ra[k] === undefined) return false;
  const ma = a.metadata as Record<string, unknown>;
  const mb = b.metadata as Record<string, unknown>;
  if (ma === mb) return true;
  for (const k in ma) if (k !== 'resourceVersion' && ma[k] !== undefined && !deepEqual(ma[k], mb[k])) return false;
  for (const k in mb) if (k !== 'resourceVersion' && mb[k] !== undefined && ma[k] === undefined) return false;
  return true;
};

/**
 * The object a write answers: the watch cache's copy when it already holds
 * this revision (the store's watch reaches the server before the writer's
 * reply), so clients and the cache share one object; else a copy with the
 * revision as resourceVersion.
 */
export const written = (core: ServerCore, info: ResourceInfo, ns: string | undefined, name: string, obj: KubeObject, rev: number): KubeObject => {
  const cached = core.cache.get(info, ns, name);
  return cached !== undefined && cached.metadata.resourceVersion === String(rev) ? cached : withRv(obj, rev);
};

/** A plain JSON object (not null, not an array). */
export { isRecord } from '../api/meta.js';
