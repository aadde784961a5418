import * as E from 'fp-ts/Either';
import type { AskError, Ref } from '../../../lib/actor/index.js';
import type { Service } from '../api/networking.js';
import type { ApiReply, ApiRequest } from '../api/protocol.js';
import { resourceInfo } from '../api/resources.js';
import { badRequest, internalError, expired, serverTimeout, status, type Status } from '../api/Status.js';
import { prefixEnd, type KeyValue, type RangeResult, type StoreError, type StoreReply, type StoreRequest } from '../store/protocol.js';
import { withDefaults } from '../withDefaults.js';
import { ClusterIpAllocator } from './admission.js';
import { createObject } from './createObject.js';
import { deleteObject } from './deleteObject.js';
import { getObject, listObjects } from './listObjects.js';
import { isRecord, type CoreSettings, type Ctx, type Result, type ServerCore } from './ServerCore.js';
import { bindPod, evictPod } from './subresources.js';
import { updateObject } from './updateObject.js';
import { WatchCache, type CacheEvent } from './WatchCache.js';
import { WatchServer } from './WatchServer.js';

/** Hooks for benchmarks and tools (no trace needed). */
export interface ApiServerHooks {
  /** Every change the API server applied to its cache, in revision order. */
  onChange?: (event: CacheEvent) => void;
}

/** Options of the API server. */
export interface ApiServerOptions {
  /** The state store it reads and writes. */
  store: Ref<StoreRequest>;
  /** Idle watches with bookmarks enabled get a BOOKMARK this often. @default 10_000 */
  bookmarkIntervalMs?: number;
  /** Changes kept for watches from a past resourceVersion. @default 50_000 */
  watchCacheSize?: number;
  /** A store call that takes longer fails with a Timeout Status. @default 5_000 */
  storeTimeoutMs?: number;
  /** Events expire this long after they were written (a store lease). @default 3_600_000 */
  eventTtlMs?: number;
  /** Guaranteed-update retries on a stale cache. @default 5 */
  maxRetries?: number;
  hooks?: ApiServerHooks;
}

/** Messages the API server sends itself (store replies come back through these). */
export type StoreResultMessage = { type: 'store-result'; op: number; result: unknown };

const storeErrorStatus = (e: StoreError): Status => {
  switch (e._tag) {
    case 'Compacted':
      return expired(`The resourceVersion for the provided list is too old (compacted at ${e.compactRevision}).`);
    case 'FutureRevision':
      return serverTimeout(`Too large resource version: ${e.revision}, current: ${e.currentRevision}`);
    case 'LeaseNotFound':
      return internalError(`lease ${e.lease} not found`);
    case 'Unavailable':
      return status('ServiceUnavailable', `store unavailable: ${e.reason}`);
  }
};

const unknownResource = (resource: string): Status => status('NotFound', `the server could not find the requested resource (${resource})`);

/**
 * The API server's logic, held in its actor's state: every request goes
 * through decoding, admission, defaulting and validation, then to the store
 * as a compare-and-swap transaction on the object's mod revision (the
 * resourceVersion). Reads and watches are served from a watch cache the
 * store's watch keeps current. This class owns the store channel and the
 * dispatch; the handlers live in one file per concern ({@link createObject},
 * {@link updateObject}, {@link deleteObject}, `subresources`, {@link listObjects},
 * {@link WatchServer}).
 */
export class ApiServer implements ServerCore {
  readonly cache: WatchCache;
  readonly ips = new ClusterIpAllocator();
  readonly settings: CoreSettings;
  ready = false;
  private readonly watches: WatchServer;
  private readonly stash: ApiRequest[] = [];
  private readonly ops = new Map<number, (r: E.Either<Status, unknown>) => void>();
  private nextOp = 0;
  private storeSeq = 0;
  private storeWatchId = '';
  private lastEventBucket = 0;
  private readonly o: Required<Omit<ApiServerOptions, 'hooks'>> & { hooks: ApiServerHooks };

  constructor(options: ApiServerOptions) {
    this.o = withDefaults({ bookmarkIntervalMs: 10_000, watchCacheSize: 50_000, storeTimeoutMs: 5_000, eventTtlMs: 3_600_000, maxRetries: 5, hooks: {} as ApiServerHooks }, options);
    this.settings = { maxRetries: this.o.maxRetries, eventTtlMs: this.o.eventTtlMs };
    this.cache = new WatchCache(this.o.watchCacheSize);
    this.watches = new WatchServer(this.cache);
  }

  // ---------------------------------------------------------------- store plumbing

  call(ctx: Ctx, make: (replyTo: Ref<StoreReply>) => StoreRequest, k: (r: E.Either<Status, unknown>) => void): void {
    const op = ++this.nextOp;
    this.ops.set(op, k);
    ctx.ask(this.o.store, make, this.o.storeTimeoutMs, (result: E.Either<AskError, StoreReply>): StoreResultMessage => ({ type: 'store-result', op, result }));
  }

  /** A store reply arrived. */
  storeResult(msg: StoreResultMessage): void {
    const k = this.ops.get(msg.op);
    if (k === undefined) return;
    this.ops.delete(msg.op);
    const r = msg.result as E.Either<AskError, StoreReply>;
    if (E.isLeft(r)) k(E.left(serverTimeout(`store did not answer: ${r.left._tag}`)));
    else if (r.right.type === 'store-error') k(E.left(storeErrorStatus(r.right.error)));
    else k(E.right(r.right.result));
  }

  eventLease(ctx: Ctx): number {
    const bucket = Math.floor(ctx.now() / 60_000) + 1;
    if (this.lastEventBucket !== bucket) {
      this.lastEventBucket = bucket;
      // Sent before the put that uses it, so the store grants it first.
      this.call(ctx, (replyTo) => ({ type: 'lease-grant', id: bucket, ttlMs: this.o.eventTtlMs + 60_000, replyTo }), () => undefined);
    }
    return bucket;
  }

  /** Load the cache from the store, then follow its watch. */
  start(ctx: Ctx): void {
    this.call(ctx, (replyTo) => ({ type: 'range', request: { key: '/registry/', rangeEnd: prefixEnd('/registry/') }, replyTo }), (r) => {
      if (E.isLeft(r)) {
        ctx.timers.startSingleTimer('restart', { type: 'reload' }, 1000);
        return;
      }
      const range = r.right as RangeResult;
      this.cache.load(range.kvs, range.revision);
      this.ips.reset(this.cache.table('services').values());
      this.storeWatchId = `apiserver/${ctx.node}/${ctx.generation}/${ctx.now()}`;
      this.storeSeq = 0;
      this.call(
        ctx,
        (replyTo) => ({ type: 'watch', watchId: this.storeWatchId, range: { key: '/registry/', rangeEnd: prefixEnd('/registry/') }, startRevision: range.revision + 1, watcher: ctx.self, replyTo }),
        (w) => {
          if (E.isLeft(w)) {
            ctx.timers.startSingleTimer('restart', { type: 'reload' }, 1000);
            return;
          }
          this.ready = true;
          ctx.milestone('apiserver-ready', { revision: range.revision, objects: range.kvs.length });
          for (const req of this.stash.splice(0)) this.handle(ctx, req);
        },
      );
    });
  }

  /** Changes from the store's watch. Returns false when the watch broke (the server must reload). */
  storeEvents(ctx: Ctx, watchId: string, seq: number, events: ReadonlyArray<{ type: 'PUT' | 'DELETE'; kv: KeyValue }>): boolean {
    if (watchId !== this.storeWatchId) return true;
    if (seq !== this.storeSeq + 1) return false;
    this.storeSeq = seq;
    const applied: CacheEvent[] = [];
    for (const ev of events) {
      const ce = this.cache.apply(ev.kv.key, ev.type, ev.kv.value, ev.kv.modRevision);
      if (ce === undefined) continue;
      applied.push(ce);
      if (ce.resource === 'services' && ce.type === 'DELETED') this.ips.release((ce.prev as Service | undefined)?.spec?.clusterIP);
      this.o.hooks.onChange?.(ce);
    }
    if (applied.length > 0) this.watches.dispatch(ctx, applied);
    return true;
  }

  /** Whether this is the watch the server follows. */
  isOwnWatch(watchId: string): boolean {
    return watchId === this.storeWatchId;
  }

  /** Send bookmarks to idle watches that asked for them. */
  bookmarks(ctx: Ctx): void {
    this.watches.bookmarks(ctx, this.o.bookmarkIntervalMs);
  }

  /** A watcher terminated: drop its watches. */
  watcherGone(ref: { node: string; path: string; incarnation: number }): void {
    this.watches.watcherGone(ref);
  }

  // ---------------------------------------------------------------- requests

  /** Handle one request (stashed until the cache is loaded). */
  handle(ctx: Ctx, req: ApiRequest): void {
    if (!this.ready) {
      this.stash.push(req);
      return;
    }
    if (req.type === 'unwatch') {
      this.watches.remove(req.watchId);
      return;
    }
    const info = resourceInfo(req.resource);
    if (req.type === 'watch') {
      if (info === undefined) WatchServer.refuse(ctx, req.watcher, req.watchId, unknownResource(req.resource));
      else this.watches.watch(ctx, info, req);
      return;
    }
    const done = (r: Result): void => ctx.tell(req.replyTo, r._tag === 'Left' ? { type: 'api-error', status: r.left } : ({ type: 'api-ok', object: r.right } satisfies ApiReply));
    if (info === undefined) return done(E.left(unknownResource(req.resource)));
    const ns = info.namespaced ? req.namespace : undefined;
    if (info.namespaced && (ns === undefined || ns === '') && req.type !== 'list' && !(req.type === 'create' && isRecord(req.body) && isRecord(req.body.metadata) && typeof req.body.metadata.namespace === 'string')) {
      return done(E.left(badRequest('a namespace must be specified for a namespaced resource')));
    }
    switch (req.type) {
      case 'get':
        return done(getObject(this, info, ns, req.name, req.subresource));
      case 'list':
        return listObjects(this, ctx, info, req, done);
      case 'create':
        if (req.subresource === 'binding' || info.resource === 'bindings') return bindPod(this, ctx, ns!, req.name, req.body, done);
        if (req.subresource === 'eviction') return evictPod(this, ctx, info, ns!, req.name ?? '', req.body, done);
        if (req.subresource !== undefined) return done(E.left(status('MethodNotAllowed', `create is not supported on ${info.resource}/${req.subresource}`)));
        return createObject(this, ctx, info, ns, req.body, req.dryRun === true, done);
      case 'update':
        return updateObject(this, ctx, info, ns, req.name, req.subresource, { body: req.body }, done);
      case 'patch':
        return updateObject(this, ctx, info, ns, req.name, req.subresource, { patch: req.patch, patchType: req.patchType }, done);
      case 'delete':
        return deleteObject(this, ctx, info, ns, req.name, req.options ?? {}, done);
    }
  }
}
