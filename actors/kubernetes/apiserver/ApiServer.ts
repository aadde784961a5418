import * as E from 'fp-ts/Either';
import type { ActorContext, AskError, Ref } from '../../../lib/actor/index.js';
import { reportDecodeErrors } from '../../../lib/actor/index.js';
import type { Binding, Namespace, PriorityClass } from '../api/cluster.js';
import { parseFieldSelector } from '../api/fieldSelector.js';
import { formatSelector, fromLabelSelector, parseLabelSelector } from '../api/labelSelector.js';
import { setCondition, type KubeObject, type ObjectMeta } from '../api/meta.js';
import { deepEqual, mergePatch } from '../api/mergePatch.js';
import type { Service } from '../api/networking.js';
import type { Pod } from '../api/Pod.js';
import type { ApiReply, ApiRequest, DeleteOptions, ObjectList, WatchEvent } from '../api/protocol.js';
import { apiVersionOf, resourceInfo, validateObject, type ResourceInfo } from '../api/resources.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  internalError,
  invalid,
  notFound,
  serverTimeout,
  staleConflict,
  status,
  type Status,
} from '../api/Status.js';
import { formatTime } from '../api/time.js';
import { Scale, type Deployment } from '../api/workloads.js';
import { prefixEnd, type KeyValue, type RangeResult, type StoreError, type StoreReply, type StoreRequest, type TxnResult } from '../store/protocol.js';
import { withDefaults } from '../withDefaults.js';
import { admitNamespace, admitPod, ClusterIpAllocator, generateName, randomUid } from './admission.js';
import { passes, storeKey, storePrefix, WatchCache, type CacheEvent, type Watcher } from './WatchCache.js';

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

type Result = E.Either<Status, unknown>;
type Next = KubeObject | { readonly delete: true } | 'noop';

/** The part of the actor context the server needs (its mailbox protocol is the behaviour's). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = ActorContext<any>;

const stripRv = (obj: KubeObject): KubeObject => {
  if (obj.metadata.resourceVersion === undefined) return obj;
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return { ...obj, metadata };
};

const withRv = (obj: KubeObject, rev: number): KubeObject => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } });

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

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

/**
 * The API server's logic, held in its actor's state: every request goes
 * through decoding, admission, defaulting and validation, then to the store
 * as a compare-and-swap transaction on the object's mod revision (the
 * resourceVersion). Reads and watches are served from a watch cache the
 * store's watch keeps current.
 */
export class ApiServer {
  readonly cache: WatchCache;
  ready = false;
  private readonly stash: ApiRequest[] = [];
  private readonly ops = new Map<number, (r: E.Either<Status, unknown>) => void>();
  private nextOp = 0;
  private storeSeq = 0;
  private storeWatchId = '';
  private readonly ips = new ClusterIpAllocator();
  private readonly watchersByRef = new Map<string, Set<string>>();
  private readonly o: Required<Omit<ApiServerOptions, 'hooks'>> & { hooks: ApiServerHooks };

  constructor(options: ApiServerOptions) {
    this.o = withDefaults({ bookmarkIntervalMs: 10_000, watchCacheSize: 50_000, storeTimeoutMs: 5_000, eventTtlMs: 3_600_000, maxRetries: 5, hooks: {} as ApiServerHooks }, options);
    this.cache = new WatchCache(this.o.watchCacheSize);
  }

  // ---------------------------------------------------------------- store plumbing

  private call(ctx: Ctx, make: (replyTo: Ref<StoreReply>) => StoreRequest, k: (r: E.Either<Status, unknown>) => void): void {
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
    if (applied.length === 0) return true;
    const now = ctx.now();
    for (const [w, list] of this.cache.route(applied)) {
      w.lastSentMs = now;
      ctx.tell(w.ref, { type: 'watch-events', watchId: w.id, seq: ++w.seq, events: list });
    }
    return true;
  }

  /** Whether this is the watch the server follows. */
  isOwnWatch(watchId: string): boolean {
    return watchId === this.storeWatchId;
  }

  // ---------------------------------------------------------------- requests

  /** Handle one request (stashed until the cache is loaded). */
  handle(ctx: Ctx, req: ApiRequest): void {
    if (!this.ready) {
      this.stash.push(req);
      return;
    }
    if (req.type === 'unwatch') {
      this.removeWatch(req.watchId);
      return;
    }
    const info = resourceInfo(req.resource);
    if (req.type === 'watch') {
      if (info === undefined) {
        ctx.tell(req.watcher, { type: 'watch-events', watchId: req.watchId, seq: 1, events: [{ type: 'ERROR', object: status('NotFound', `the server could not find the requested resource (${req.resource})`) }] });
        return;
      }
      this.watch(ctx, info, req);
      return;
    }
    const done = (r: Result): void => ctx.tell(req.replyTo, r._tag === 'Left' ? { type: 'api-error', status: r.left } : ({ type: 'api-ok', object: r.right } satisfies ApiReply));
    if (info === undefined) {
      done(E.left(status('NotFound', `the server could not find the requested resource (${req.resource})`)));
      return;
    }
    const ns = info.namespaced ? req.namespace : undefined;
    if (info.namespaced && (ns === undefined || ns === '') && req.type !== 'list' && !(req.type === 'create' && isRecord(req.body) && isRecord(req.body.metadata) && typeof req.body.metadata.namespace === 'string')) {
      done(E.left(badRequest('a namespace must be specified for a namespaced resource')));
      return;
    }
    switch (req.type) {
      case 'get':
        done(this.get(info, ns, req.name, req.subresource));
        return;
      case 'list':
        this.list(ctx, info, req, done);
        return;
      case 'create':
        if (req.subresource === 'binding' || info.resource === 'bindings') this.bind(ctx, ns!, req.name, req.body, done);
        else if (req.subresource === 'eviction') this.evict(ctx, info, ns!, req.name ?? '', req.body, done);
        else if (req.subresource !== undefined) done(E.left(status('MethodNotAllowed', `create is not supported on ${info.resource}/${req.subresource}`)));
        else this.create(ctx, info, ns, req.body, req.dryRun === true, done);
        return;
      case 'update':
        this.update(ctx, info, ns, req.name, req.subresource, req.body, undefined, done);
        return;
      case 'patch':
        this.update(ctx, info, ns, req.name, req.subresource, undefined, req.patch, done);
        return;
      case 'delete':
        this.delete(ctx, info, ns, req.name, req.options ?? {}, done);
        return;
    }
  }

  // ---------------------------------------------------------------- reads

  private get(info: ResourceInfo, ns: string | undefined, name: string, sub: string | undefined): Result {
    const obj = this.cache.get(info, ns, name);
    if (obj === undefined) return E.left(notFound(info.resource, name, info.group));
    if (sub === 'scale') return E.right(scaleOf(obj as Deployment));
    return E.right(obj);
  }

  private list(ctx: Ctx, info: ResourceInfo, req: Extract<ApiRequest, { type: 'list' }>, done: (r: Result) => void): void {
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
    if (req.continue === undefined || req.continue === '') {
      const rv = req.resourceVersion === undefined || req.resourceVersion === '' ? 0 : Number(req.resourceVersion);
      if (rv > this.cache.revision) return done(E.left(serverTimeout(`Too large resource version: ${rv}, current: ${this.cache.revision}`)));
      const f = fields.right;
      if (f.length === 1 && f[0].field === 'metadata.name' && f[0].op === '=' && (!info.namespaced || (ns !== undefined && ns !== ''))) {
        const one = this.cache.get(info, ns, f[0].value);
        finish(one === undefined ? [] : [[storeKey(info, ns, f[0].value), one]], this.cache.revision);
      } else finish(this.cache.table(info.resource).entries(), this.cache.revision);
      return;
    }
    // Later pages read the store at the first page's revision: consistent, and 410 once compacted.
    const token = decodeContinue(req.continue);
    if (token === undefined) return done(E.left(badRequest('invalid continue token')));
    const prefix = storePrefix(info, ns);
    this.call(ctx, (replyTo) => ({ type: 'range', request: { key: `${token.key}\0`, rangeEnd: prefixEnd(prefix), revision: token.rv }, replyTo }), (r) => {
      if (E.isLeft(r)) {
        done(r.left.reason === 'Expired' ? E.left(expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.')) : r);
        return;
      }
      const range = r.right as RangeResult;
      finish(range.kvs.map((kv): [string, KubeObject] => [kv.key, withRv(kv.value as KubeObject, kv.modRevision)]), token.rv);
    });
  }

  // ---------------------------------------------------------------- watch

  private watch(ctx: Ctx, info: ResourceInfo, req: Extract<ApiRequest, { type: 'watch' }>): void {
    const fail = (s: Status): void => ctx.tell(req.watcher, { type: 'watch-events', watchId: req.watchId, seq: 1, events: [{ type: 'ERROR', object: s }] });
    const labels = parseLabelSelector(req.labelSelector);
    const fields = parseFieldSelector(req.fieldSelector);
    if (E.isLeft(labels)) return fail(badRequest(labels.left));
    if (E.isLeft(fields)) return fail(badRequest(fields.left));
    if (req.replaces !== undefined) this.removeWatch(req.replaces);
    this.removeWatch(req.watchId);
    const ns = info.namespaced ? req.namespace : undefined;
    const only = fields.right.length === 1 && fields.right[0].op === '=' && fields.right[0].value !== '' ? fields.right[0] : undefined;
    const nodeField =
      only === undefined ? undefined : only.field === 'metadata.name' ? `name:${info.resource}/${only.value}` : info.resource === 'pods' && only.field === 'spec.nodeName' ? `node:${only.value}` : undefined;
    const w: Watcher = { id: req.watchId, info, namespace: ns, labels: labels.right, fields: fields.right, ref: req.watcher, bookmarks: req.allowWatchBookmarks === true, nodeName: nodeField, seq: 0, lastSentMs: ctx.now() };
    const initial: WatchEvent[] = [];
    const rv = req.resourceVersion === undefined || req.resourceVersion === '' || req.resourceVersion === '0' ? undefined : Number(req.resourceVersion);
    if (rv === undefined) {
      // "Start at most recent": synthetic ADDED events for the current state.
      const source: Iterable<[string, KubeObject]> =
        only?.field === 'metadata.name' && (!info.namespaced || (ns !== undefined && ns !== ''))
          ? (this.cache.get(info, ns, only.value) === undefined ? [] : [[storeKey(info, ns, only.value), this.cache.get(info, ns, only.value)!]])
          : this.cache.table(info.resource).entries();
      const entries = [...source].filter((e) => passes(info, e[1], ns, w.labels, w.fields));
      entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (const [, obj] of entries) initial.push({ type: 'ADDED', object: obj });
    } else {
      if (!Number.isFinite(rv)) return fail(badRequest(`invalid resourceVersion '${req.resourceVersion}'`));
      const past = this.cache.since(info.resource, rv);
      if (past === undefined) return fail(expired(`too old resource version: ${rv} (${this.cache.oldestRevision})`));
      for (const ev of past) {
        const we = this.cache.eventFor(w, ev);
        if (we !== undefined) initial.push(we);
      }
    }
    this.cache.addWatcher(w);
    const key = `${req.watcher.node}:${req.watcher.path}#${req.watcher.incarnation}`;
    let set = this.watchersByRef.get(key);
    if (set === undefined) {
      this.watchersByRef.set(key, (set = new Set()));
      ctx.watch(req.watcher);
    }
    set.add(w.id);
    if (initial.length > 0 || w.bookmarks) {
      if (initial.length === 0) initial.push(this.bookmark(info));
      ctx.tell(w.ref, { type: 'watch-events', watchId: w.id, seq: ++w.seq, events: initial });
    }
  }

  private bookmark(info: ResourceInfo): WatchEvent {
    return { type: 'BOOKMARK', object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(this.cache.revision) } } };
  }

  /** Send bookmarks to idle watches that asked for them. */
  bookmarks(ctx: Ctx): void {
    const now = ctx.now();
    for (const w of this.cache.watchers.values()) {
      if (!w.bookmarks || now - w.lastSentMs < this.o.bookmarkIntervalMs) continue;
      w.lastSentMs = now;
      ctx.tell(w.ref, { type: 'watch-events', watchId: w.id, seq: ++w.seq, events: [this.bookmark(w.info)] });
    }
  }

  private removeWatch(id: string): void {
    const w = this.cache.removeWatcher(id);
    if (w === undefined) return;
    const key = `${w.ref.node}:${w.ref.path}#${w.ref.incarnation}`;
    this.watchersByRef.get(key)?.delete(id);
  }

  /** A watcher terminated: drop its watches. */
  watcherGone(ref: { node: string; path: string; incarnation: number }): void {
    const key = `${ref.node}:${ref.path}#${ref.incarnation}`;
    const ids = this.watchersByRef.get(key);
    if (ids === undefined) return;
    this.watchersByRef.delete(key);
    for (const id of ids) this.cache.removeWatcher(id);
  }

  // ---------------------------------------------------------------- writes

  private decodeBody(info: ResourceInfo, body: unknown, ns: string | undefined): E.Either<Status, KubeObject> {
    if (!isRecord(body)) return E.left(badRequest('the body of the request was not a JSON object'));
    const apiVersion = apiVersionOf(info);
    if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
      return E.left(badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersion})`));
    }
    if (body.kind !== undefined && body.kind !== info.kind) return E.left(badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${info.kind})`));
    const meta = isRecord(body.metadata) ? body.metadata : {};
    if (info.namespaced && ns !== undefined && ns !== '' && meta.namespace !== undefined && meta.namespace !== ns) {
      return E.left(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    const candidate = { ...body, apiVersion, kind: info.kind, metadata: info.namespaced ? { ...meta, namespace: ns !== undefined && ns !== '' ? ns : meta.namespace } : meta };
    const decoded = info.codec.decode(candidate);
    if (E.isLeft(decoded)) return E.left(badRequest(`error decoding ${info.kind}: ${reportDecodeErrors(decoded.left)}`));
    return E.right(decoded.right);
  }

  private namespaceOf(name: string): Namespace | undefined {
    return this.cache.table('namespaces').get(`/registry/namespaces/${name}`) as Namespace | undefined;
  }

  private create(ctx: Ctx, info: ResourceInfo, pathNs: string | undefined, body: unknown, dryRun: boolean, done: (r: Result) => void): void {
    const decoded = this.decodeBody(info, body, pathNs);
    if (E.isLeft(decoded)) return done(decoded);
    let obj = decoded.right;
    const ns = obj.metadata.namespace;
    if (info.namespaced) {
      const admitted = admitNamespace(ns ?? '', this.namespaceOf(ns ?? ''));
      if (E.isLeft(admitted)) return done(admitted);
    }
    let name = obj.metadata.name ?? '';
    if (name === '' && obj.metadata.generateName !== undefined && obj.metadata.generateName !== '') name = generateName(obj.metadata.generateName, ctx.random);
    const meta: ObjectMeta = {
      ...obj.metadata,
      name,
      uid: randomUid(ctx.random, this.cache.revision + 1),
      creationTimestamp: formatTime(ctx.now()),
      deletionTimestamp: undefined,
      deletionGracePeriodSeconds: undefined,
      resourceVersion: undefined,
      generation: info.generation ? 1 : undefined,
    };
    obj = info.defaults !== undefined ? info.defaults({ ...obj, metadata: meta }) : { ...obj, metadata: meta };
    if (info.kind === 'Pod') {
      const pod = obj as Pod;
      const admitted = admitPod({ ...pod, status: { phase: 'Pending' } }, [...this.cache.table('priorityclasses').values()] as PriorityClass[]);
      if (E.isLeft(admitted)) return done(admitted);
      obj = admitted.right;
    } else if (info.kind === 'Namespace') {
      obj = { ...obj, status: { phase: 'Active' } } as Namespace;
    }
    const causes = validateObject(info, obj, undefined);
    if (causes.length > 0) return done(E.left(invalid(info.kind, name, causes, info.group)));
    if (info.kind === 'Service') {
      const svc = obj as Service;
      const ip = svc.spec.clusterIP;
      if (ip === undefined || ip === '') {
        const allocated = this.ips.allocate();
        if (allocated === undefined) return done(E.left(internalError('failed to allocate a serviceIP: range is full')));
        obj = { ...svc, spec: { ...svc.spec, clusterIP: allocated } } as Service;
      } else if (ip !== 'None' && !this.ips.claim(ip)) {
        return done(E.left(invalid('Service', name, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Invalid value: "${ip}": provided IP is already allocated` }])));
      }
    }
    if (dryRun) return done(E.right(obj));
    const key = storeKey(info, ns, name);
    const lease = info.kind === 'Event' ? this.eventLease(ctx) : 0;
    this.call(
      ctx,
      (replyTo) => ({ type: 'txn', request: { compare: [{ key, target: 'create', op: '=', value: 0 }], success: [{ op: 'put', key, value: stripRv(obj), lease }], failure: [] }, replyTo }),
      (r) => {
        if (E.isLeft(r)) return done(r);
        const res = r.right as TxnResult;
        if (!res.succeeded) {
          if (info.kind === 'Service') this.ips.release((obj as Service).spec.clusterIP);
          return done(E.left(alreadyExists(info.resource, name, info.group)));
        }
        done(E.right(withRv(obj, res.revision)));
      },
    );
  }

  /** Events share one store lease per minute, granted on first use, expiring after the event TTL. */
  private eventLease(ctx: Ctx): number {
    const bucket = Math.floor(ctx.now() / 60_000) + 1;
    if (this.lastEventBucket !== bucket) {
      this.lastEventBucket = bucket;
      // Sent before the put that uses it, so the store grants it first.
      this.call(ctx, (replyTo) => ({ type: 'lease-grant', id: bucket, ttlMs: this.o.eventTtlMs + 60_000, replyTo }), () => undefined);
    }
    return bucket;
  }
  private lastEventBucket = 0;

  /**
   * Read-modify-write with compare-and-swap on the mod revision, retried on a
   * stale read (Kubernetes' GuaranteedUpdate). `tryUpdate` decides from the
   * current object: a new object, a deletion, no change, or an error.
   */
  private guaranteedUpdate(
    ctx: Ctx,
    info: ResourceInfo,
    ns: string | undefined,
    name: string,
    tryUpdate: (current: KubeObject) => E.Either<Status, Next>,
    done: (r: Result) => void,
    fresh?: KubeObject,
    attempt = 0,
  ): void {
    const current = fresh ?? this.cache.get(info, ns, name);
    if (current === undefined) return done(E.left(notFound(info.resource, name, info.group)));
    const next = tryUpdate(current);
    if (E.isLeft(next)) return done(next);
    if (next.right === 'noop') return done(E.right(current));
    const key = storeKey(info, ns, name);
    const rev = Number(current.metadata.resourceVersion);
    const result = next.right;
    const isDelete = 'delete' in result;
    this.call(
      ctx,
      (replyTo) => ({
        type: 'txn',
        request: {
          compare: [{ key, target: 'mod', op: '=', value: rev }],
          success: isDelete ? [{ op: 'delete', key }] : [{ op: 'put', key, value: stripRv(result as KubeObject) }],
          failure: [{ op: 'range', key }],
        },
        replyTo,
      }),
      (r) => {
        if (E.isLeft(r)) return done(r);
        const res = r.right as TxnResult;
        if (res.succeeded) {
          if (isDelete) {
            if (info.kind === 'Service') this.ips.release((current as Service).spec?.clusterIP);
            return done(E.right(withRv(current, res.revision)));
          }
          return done(E.right(withRv(result as KubeObject, res.revision)));
        }
        const got = res.results[0];
        const kv = got?.op === 'range' ? got.result.kvs[0] : undefined;
        if (kv === undefined) return done(E.left(notFound(info.resource, name, info.group)));
        if (attempt >= this.o.maxRetries) return done(E.left(staleConflict(info.resource, name, info.group)));
        this.guaranteedUpdate(ctx, info, ns, name, tryUpdate, done, withRv(kv.value as KubeObject, kv.modRevision), attempt + 1);
      },
    );
  }

  private update(ctx: Ctx, info: ResourceInfo, ns: string | undefined, name: string, sub: string | undefined, body: unknown, patch: unknown, done: (r: Result) => void): void {
    if (sub !== undefined && !info.subresources.includes(sub)) return done(E.left(notFound(`${info.resource}/${sub}`, name, info.group)));
    this.guaranteedUpdate(
      ctx,
      info,
      ns,
      name,
      (current) => {
        let input: unknown = body;
        if (patch !== undefined) {
          if (!isRecord(patch)) return E.left(badRequest('the patch is not a JSON object'));
          const base = sub === 'scale' ? scaleOf(current as Deployment) : current;
          input = mergePatch(stripRv(base), patch);
          // A resourceVersion in the patch is a precondition.
          const prv = isRecord(patch.metadata) ? patch.metadata.resourceVersion : undefined;
          if (typeof prv === 'string' && prv !== current.metadata.resourceVersion) return E.left(staleConflict(info.resource, name, info.group));
        } else if (isRecord(input) && isRecord(input.metadata) && typeof input.metadata.resourceVersion === 'string' && input.metadata.resourceVersion !== current.metadata.resourceVersion) {
          return E.left(staleConflict(info.resource, name, info.group));
        }
        let next: KubeObject;
        if (sub === 'scale') {
          const scale = Scale.decode({ ...(isRecord(input) ? input : {}), apiVersion: 'autoscaling/v1', kind: 'Scale' });
          if (E.isLeft(scale)) return E.left(badRequest(`error decoding Scale: ${reportDecodeErrors(scale.left)}`));
          const replicas = scale.right.spec.replicas;
          if (replicas === undefined || replicas < 0) return E.left(invalid('Scale', name, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be greater than or equal to 0' }], 'autoscaling'));
          const cur = current as Deployment;
          next = { ...cur, spec: { ...cur.spec, replicas } } as KubeObject;
        } else {
          const decoded = this.decodeBody(info, input, ns);
          if (E.isLeft(decoded)) return decoded;
          const obj = decoded.right as KubeObject & { spec?: unknown; status?: unknown };
          const cur = current as KubeObject & { spec?: unknown; status?: unknown };
          if (sub === 'status') next = { ...cur, status: obj.status } as KubeObject;
          else if (sub === 'finalize') next = { ...cur, spec: { ...(cur.spec as object), finalizers: (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [] } } as KubeObject;
          else {
            const defaulted = info.defaults !== undefined ? info.defaults(obj) : obj;
            next = { ...defaulted, metadata: this.serverMeta(defaulted.metadata, cur.metadata) } as KubeObject;
            if (info.subresources.includes('status')) (next as { status?: unknown }).status = cur.status;
            if (info.kind === 'Namespace') (next as { spec?: unknown }).spec = cur.spec;
            if (info.kind === 'Service') (next as Service).spec.clusterIP = (next as Service).spec.clusterIP ?? (cur as Service).spec.clusterIP;
            const addedFinalizer = (next.metadata.finalizers ?? []).some((f) => !(cur.metadata.finalizers ?? []).includes(f));
            if (cur.metadata.deletionTimestamp !== undefined && addedFinalizer) {
              return E.left(invalid(info.kind, name, [{ reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted' }], info.group));
            }
          }
        }
        if (info.generation && !deepEqual((next as { spec?: unknown }).spec, (current as { spec?: unknown }).spec)) {
          next = { ...next, metadata: { ...next.metadata, generation: (current.metadata.generation ?? 1) + 1 } };
        }
        const causes = validateObject(info, next, current);
        if (causes.length > 0) return E.left(invalid(info.kind, name, causes, info.group));
        if (deepEqual(stripRv(next), stripRv(current))) return E.right('noop' as const);
        return E.right(this.finalizedDelete(info, next) ? { delete: true as const } : { ...next, metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion } });
      },
      sub === 'scale' ? (r) => done(E.map((o) => scaleOf(o as Deployment))(r)) : done,
    );
  }

  /** Server-owned metadata survives any client update. */
  private serverMeta(next: ObjectMeta, cur: ObjectMeta): ObjectMeta {
    return {
      ...next,
      name: next.name ?? cur.name,
      namespace: next.namespace ?? cur.namespace,
      uid: next.uid ?? cur.uid,
      creationTimestamp: next.creationTimestamp ?? cur.creationTimestamp,
      deletionTimestamp: cur.deletionTimestamp,
      deletionGracePeriodSeconds: cur.deletionGracePeriodSeconds,
      generation: cur.generation,
      generateName: cur.generateName,
    };
  }

  /** An object being deleted whose last finalizer (and grace period) is gone is removed for real. */
  private finalizedDelete(info: ResourceInfo, obj: KubeObject): boolean {
    if (obj.metadata.deletionTimestamp === undefined) return false;
    if ((obj.metadata.finalizers ?? []).length > 0) return false;
    if (info.kind === 'Namespace') return ((obj as Namespace).spec?.finalizers ?? []).length === 0;
    return (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
  }

  private delete(ctx: Ctx, info: ResourceInfo, ns: string | undefined, name: string, options: DeleteOptions, done: (r: Result) => void): void {
    const now = ctx.now();
    this.guaranteedUpdate(
      ctx,
      info,
      ns,
      name,
      (current) => {
        const pre = options.preconditions;
        if (pre?.uid !== undefined && pre.uid !== current.metadata.uid) {
          return E.left(conflict(info.resource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`, info.group));
        }
        if (pre?.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
          return E.left(conflict(info.resource, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`, info.group));
        }
        const finalizers = [...(current.metadata.finalizers ?? [])];
        const policy = options.propagationPolicy;
        if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
        if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
        let grace = 0;
        if (info.kind === 'Pod') {
          const pod = current as Pod;
          grace = options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
          if (pod.spec.nodeName === undefined || pod.spec.nodeName === '' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') grace = 0;
        }
        const meta = current.metadata;
        if (meta.deletionTimestamp !== undefined) {
          // Already being deleted: only a shorter grace period or a new finalizer changes anything.
          const curGrace = meta.deletionGracePeriodSeconds ?? 0;
          const shorter = info.kind === 'Pod' && grace < curGrace;
          const newFinalizer = finalizers.length !== (meta.finalizers ?? []).length;
          if (!shorter && !newFinalizer) return E.right('noop' as const);
          const g = shorter ? grace : curGrace;
          if (g === 0 && finalizers.length === 0 && info.kind !== 'Namespace') return E.right({ delete: true as const });
          return E.right({ ...current, metadata: { ...meta, finalizers: finalizers.length > 0 ? finalizers : meta.finalizers, deletionGracePeriodSeconds: g, deletionTimestamp: shorter ? formatTime(now + g * 1000) : meta.deletionTimestamp } });
        }
        if (info.kind === 'Namespace') {
          const nsObj = current as Namespace;
          const next: Namespace = { ...nsObj, metadata: { ...meta, finalizers: finalizers.length > 0 ? finalizers : meta.finalizers, deletionTimestamp: formatTime(now), deletionGracePeriodSeconds: 0 }, status: { ...nsObj.status, phase: 'Terminating' } };
          return E.right(this.finalizedDelete(info, next) ? { delete: true as const } : next);
        }
        if (grace === 0 && finalizers.length === 0) return E.right({ delete: true as const });
        return E.right({ ...current, metadata: { ...meta, finalizers: finalizers.length > 0 ? finalizers : meta.finalizers, deletionTimestamp: formatTime(now + grace * 1000), deletionGracePeriodSeconds: grace } });
      },
      done,
    );
  }

  private bind(ctx: Ctx, ns: string, name: string | undefined, body: unknown, done: (r: Result) => void): void {
    const info = resourceInfo('bindings')!;
    const decoded = this.decodeBody(info, body, ns);
    if (E.isLeft(decoded)) return done(decoded);
    const binding = decoded.right as Binding;
    const podName = name ?? binding.metadata.name ?? '';
    if (name !== undefined && binding.metadata.name !== undefined && binding.metadata.name !== name) return done(E.left(badRequest('the name of the binding does not match the pod')));
    const node = binding.target.name ?? '';
    if (node === '') return done(E.left(invalid('Binding', podName, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }])));
    const pods = resourceInfo('pods')!;
    this.guaranteedUpdate(
      ctx,
      pods,
      ns,
      podName,
      (current) => {
        const pod = current as Pod;
        if (binding.metadata.uid !== undefined && binding.metadata.uid !== pod.metadata.uid) return E.left(conflict('pods', podName, 'Precondition failed: UID mismatch'));
        if (pod.metadata.deletionTimestamp !== undefined) return E.left(conflict('pods', podName, `pod ${podName} is being deleted, cannot be assigned to a host`));
        if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '') return E.left(conflict('pods', podName, `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`));
        const conditions = setCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'True', lastTransitionTime: formatTime(ctx.now()) });
        return E.right({ ...pod, spec: { ...pod.spec, nodeName: node }, status: { ...pod.status, conditions, nominatedNodeName: undefined } } as Pod);
      },
      (r) => done(E.map(() => ({ ...binding, metadata: { ...binding.metadata, name: podName } }))(r)),
    );
  }

  private evict(ctx: Ctx, info: ResourceInfo, ns: string, name: string, body: unknown, done: (r: Result) => void): void {
    if (info.kind !== 'Pod') return done(E.left(status('MethodNotAllowed', `eviction is only supported on pods`)));
    const options = isRecord(body) && isRecord(body.deleteOptions) ? (body.deleteOptions as DeleteOptions) : {};
    this.delete(ctx, info, ns, name, options, (r) =>
      done(E.map(() => ({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 }))(r)),
    );
  }
}

/** The Scale view of a workload. */
export const scaleOf = (obj: Deployment): Scale => ({
  apiVersion: 'autoscaling/v1',
  kind: 'Scale',
  metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
  spec: { replicas: obj.spec.replicas ?? 0 },
  status: { replicas: obj.status?.replicas ?? 0, selector: formatSelector(fromLabelSelector(obj.spec.selector)) },
});

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
