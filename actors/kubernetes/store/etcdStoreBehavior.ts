import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { from, Observable, type Subscription } from 'rxjs';
import { defineBehavior, formatRef, type ActorContext, type Ref } from '../../../lib/actor/index.js';
import { withDefaults } from '../withDefaults.js';
import { answerRequest, type EtcdCall, type Outcome } from './etcd/answerRequest.js';
import { EtcdConnection, type WatchFrame } from './etcd/EtcdConnection.js';
import { EtcdKeyspace } from './etcd/EtcdKeyspace.js';
import type { EtcdFailure } from './etcd/etcdFailure.js';
import { WatchHub, type Outgoing } from './etcd/WatchHub.js';
import { StoreRequest, type StoreReply } from './protocol.js';

/** Options of the etcd-backed store actor. */
export interface EtcdStoreOptions {
  /** etcd client URLs. @default ['http://127.0.0.1:2379'] */
  endpoints?: string | ReadonlyArray<string>;
  /** Every key lives under this prefix, so several clusters can share one etcd. @default '' */
  prefix?: string;
  /** Deadline of each etcd call, of the start, and of a write's wait for its watch event. @default 5_000 */
  requestTimeoutMs?: number;
  /**
   * Compact etcd every this often to the revision seen one interval earlier
   * (kube-apiserver's `--etcd-compaction-interval`; compaction is etcd-wide);
   * 0 = never. It also bounds the store's in-memory watch history.
   * @default 300_000
   */
  compactionIntervalMs?: number;
  /** Longest wait between reconnection attempts. @default 5_000 */
  retryMaxMs?: number;
  /**
   * Reads, transactions and lease calls sent to etcd at once (etcd orders
   * them; watches and compactions wait until none is in flight, so they see
   * every earlier request done). 1 = one at a time in arrival order.
   * @default 32
   */
  maxInFlight?: number;
}

/** Defaults of {@link EtcdStoreOptions}. */
export const ETCD_STORE_DEFAULTS: Required<EtcdStoreOptions> = {
  endpoints: ['http://127.0.0.1:2379'],
  prefix: '',
  requestTimeoutMs: 5_000,
  compactionIntervalMs: 300_000,
  retryMaxMs: 5_000,
  maxInFlight: 32,
};

/** The etcd store's mailbox: the store protocol, etcd's answers and its own ticks. */
export const EtcdStoreMessage = t.union([
  StoreRequest,
  t.type({ type: t.literal('etcd-started'), attempt: t.number, result: t.unknown }),
  t.type({ type: t.literal('etcd-answer'), op: t.number, outcome: t.unknown }),
  t.type({ type: t.literal('etcd-feed'), feed: t.number, frame: t.unknown }),
  t.type({ type: t.literal('etcd-retry') }),
  t.type({ type: t.literal('etcd-start-timeout') }),
  t.type({ type: t.literal('etcd-hold-check') }),
  t.type({ type: t.literal('compaction-tick') }),
]);
export type EtcdStoreMessage = t.TypeOf<typeof EtcdStoreMessage>;

type Ctx = ActorContext<EtcdStoreMessage>;
type Queued = StoreRequest | { readonly type: 'auto-compact'; readonly revision: number };

/** A write's reply, waiting for the watch to deliver its revision. */
interface Held {
  readonly revision: number;
  readonly replyTo: Ref<StoreReply>;
  readonly reply: StoreReply;
  readonly sinceMs: number;
}

interface EtcdStoreState {
  readonly conn: EtcdConnection;
  hub: WatchHub;
  /** starting: no watch yet (requests wait, or fail after a failed start); up: watching; down: reconnecting the watch. */
  phase: 'starting' | 'up' | 'down';
  startError: string | undefined;
  startAttempt: number;
  feed: number;
  feedSub: Subscription | undefined;
  retries: number;
  compactRevision: number;
  revision: number;
  readonly queue: Queued[];
  /** Ops sent to etcd and not answered yet. */
  readonly inFlight: Set<number>;
  nextOp: number;
  readonly held: Held[];
  readonly watchers: Set<string>;
  lastTickRevision: number;
}

const reply = (ctx: Ctx, to: Ref<StoreReply>, r: StoreReply): void => ctx.tell(to, r);
const unavailable = (reason: string): StoreReply => ({ type: 'store-error', error: { _tag: 'Unavailable', reason } });
const send = (ctx: Ctx, out: ReadonlyArray<Outgoing>): void => out.forEach((o) => ctx.tell(o.to, o.message));

/** Run `teardown` when the actor stops, restarts or its node crashes (an owned subscription that never emits). */
const own = (ctx: Ctx, teardown: () => void): void => {
  ctx.subscribe(new Observable<never>(() => teardown), (never) => never);
};

/**
 * The state store backed by a real etcd v3: answers the same
 * {@link StoreRequest} messages as the embedded {@link storeBehavior}, with
 * the same replies and watch messages, through the `etcd3` client. Keys live
 * under `prefix`, values are JSON, etcd's int64 revisions become numbers.
 * Live systems only (etcd runs on the wall clock).
 *
 * Design, and why:
 * - **One etcd watch per actor.** At start the actor reads etcd's revision,
 *   finds its compaction revision (etcd 3.4 reports it nowhere, so by
 *   bisecting reads at past revisions) and watches the whole keyspace from
 *   there with previous values. Its changes feed a {@link WatchHub} that
 *   keeps them as history and fans them out to client watches, so a client
 *   watch can start at any revision since the compaction, gets its past
 *   batch and then its live batches from one ordered stream, with the
 *   embedded store's `seq` numbering and prevKv convention. If the watch
 *   stream breaks the actor reconnects from the last delivered revision + 1
 *   (client watches continue without a gap); if etcd compacted that revision
 *   meanwhile, every client watch is canceled with `Compacted`.
 * - **Watchers before the writer.** The embedded store tells watchers a
 *   write's changes before it answers the writer, and the API server relies
 *   on it: its watch cache must never be behind its own writes. etcd answers
 *   a write on one gRPC stream and reports it on another, in either order. So
 *   a reply to a write that changed the keyspace (a txn with a put or a
 *   delete that deleted something; a lease revoke whose lease had keys here)
 *   is held until the actor's own watch has delivered that revision — to
 *   every client watch, from this actor, ahead of the reply. A reply held
 *   longer than `requestTimeoutMs` becomes `Unavailable` (the write did
 *   happen). Read replies are not held: their revision may be ahead of the
 *   watches when other etcd clients write.
 * - **One call at a time, in arrival order,** like the embedded store: a
 *   lease grant lands before the put that uses it, a delete before the
 *   create after it. Watches are registered in that order too. Throughput
 *   is one etcd round trip per request.
 * - **Failures are replies.** Every etcd error becomes a `store-error`
 *   (compacted → `Compacted`, future revision → `FutureRevision`, lease
 *   not found → `LeaseNotFound`, anything else → `Unavailable` with etcd's
 *   text); calls are never retried (a retried txn could apply twice). Until
 *   the first watch is up requests wait; if the start fails they are
 *   answered `Unavailable` while the actor keeps retrying.
 * - **Leases** get ids of their own per prefix (etcd's are global) and TTLs
 *   in whole seconds (etcd raises short TTLs to its minimum, 2 s by
 *   default); granting an existing id renews it. Expiry runs on etcd's clock.
 * - **Compaction** is etcd's, for all of etcd: revision `C` stays readable
 *   after compacting to `C` (the embedded store forgets `C` itself).
 *
 * @example
 * const system = createActorSystem({ dispatcher: createNactDispatcher() });
 * const store = system.spawn(etcdStoreBehavior({ endpoints: 'http://127.0.0.1:2379', prefix: '/clusters/a' }), 'store');
 */
export const etcdStoreBehavior = (options: EtcdStoreOptions = {}) => {
  const o = withDefaults(ETCD_STORE_DEFAULTS, options);
  const endpoints = typeof o.endpoints === 'string' ? [o.endpoints] : [...o.endpoints];
  const backoff = (s: EtcdStoreState): number => Math.min(o.retryMaxMs, 200 * 2 ** Math.min(s.retries++, 10));

  const start = (s: EtcdStoreState, ctx: Ctx): void => {
    s.phase = 'starting';
    const attempt = ++s.startAttempt;
    ctx.timers.startSingleTimer('start-timeout', { type: 'etcd-start-timeout' }, o.requestTimeoutMs);
    const discover = async (): Promise<E.Either<EtcdFailure, { revision: number; compactRevision: number }>> => {
      const count = await s.conn.count();
      if (E.isLeft(count)) return count;
      const compacted = await s.conn.compactRevision(count.right.revision);
      return E.map((compactRevision: number) => ({ revision: count.right.revision, compactRevision }))(compacted);
    };
    ctx.subscribe(from(discover()), (result) => ({ type: 'etcd-started', attempt, result }));
  };

  const startFailed = (s: EtcdStoreState, ctx: Ctx, reason: string): void => {
    s.startError = reason;
    s.startAttempt++;
    s.feedSub?.unsubscribe();
    s.feedSub = undefined;
    ctx.timers.cancel('start-timeout');
    for (const q of s.queue.splice(0)) if ('replyTo' in q) reply(ctx, q.replyTo, unavailable(reason));
    ctx.timers.startSingleTimer('retry', { type: 'etcd-retry' }, backoff(s));
  };

  const openFeed = (s: EtcdStoreState, ctx: Ctx, fromRevision: number): void => {
    s.feedSub?.unsubscribe();
    const feed = ++s.feed;
    s.feedSub = ctx.subscribe(s.conn.watch(fromRevision), (frame) => ({ type: 'etcd-feed', feed, frame }));
  };

  const releaseHeld = (s: EtcdStoreState, ctx: Ctx, all = false): void => {
    while (s.held.length > 0 && (all || s.held[0].revision <= s.hub.delivered)) {
      const h = s.held.shift()!;
      reply(ctx, h.replyTo, h.reply);
    }
    if (s.held.length === 0) ctx.timers.cancel('hold-check');
  };

  const onFrame = (s: EtcdStoreState, ctx: Ctx, frame: WatchFrame): void => {
    switch (frame.kind) {
      case 'created':
        if (s.phase === 'starting') ctx.milestone('etcd-store-ready', { revision: s.revision, compactRevision: s.compactRevision });
        s.phase = 'up';
        s.startError = undefined;
        s.retries = 0;
        ctx.timers.cancel('start-timeout');
        pump(s, ctx);
        return;
      case 'events':
        send(ctx, s.hub.apply(frame.events));
        s.revision = Math.max(s.revision, s.hub.delivered);
        releaseHeld(s, ctx);
        return;
      case 'progress':
        send(ctx, s.hub.progress(frame.revision));
        s.revision = Math.max(s.revision, frame.revision);
        releaseHeld(s, ctx);
        return;
      case 'compacted': {
        // The feed's start revision is gone: the changes in between are lost to every client watch.
        s.compactRevision = Math.max(s.compactRevision, frame.compactRevision);
        send(ctx, s.hub.reset(frame.compactRevision, frame.compactRevision));
        releaseHeld(s, ctx, true);
        ctx.milestone('etcd-store-watch-compacted', { compactRevision: frame.compactRevision });
        openFeed(s, ctx, frame.compactRevision);
        return;
      }
      case 'broken':
        s.feedSub = undefined;
        if (s.phase === 'starting') return startFailed(s, ctx, frame.reason);
        s.phase = 'down';
        ctx.milestone('etcd-store-watch-broken', { reason: frame.reason, delivered: s.hub.delivered });
        ctx.timers.startSingleTimer('retry', { type: 'etcd-retry' }, backoff(s));
        return;
    }
  };

  const watch = (s: EtcdStoreState, ctx: Ctx, req: Extract<StoreRequest, { type: 'watch' }>): void => {
    const fromRevision = req.startRevision > 0 ? req.startRevision : Math.max(s.hub.delivered, s.revision) + 1;
    const added = s.hub.add({ id: req.watchId, range: req.range, watcher: req.watcher, prevKv: req.prevKv ?? false, from: fromRevision }, s.compactRevision);
    if (E.isLeft(added)) {
      ctx.tell(req.watcher, { type: 'store-watch-canceled', watchId: req.watchId, error: added.left });
      reply(ctx, req.replyTo, { type: 'store-ok', result: { watchId: req.watchId, canceled: true } });
      return;
    }
    const key = formatRef(req.watcher);
    if (!s.watchers.has(key)) {
      s.watchers.add(key);
      ctx.watch(req.watcher);
    }
    send(ctx, added.right);
    reply(ctx, req.replyTo, { type: 'store-ok', result: { watchId: req.watchId, canceled: false } });
  };

  const call = (s: EtcdStoreState, ctx: Ctx, c: EtcdCall, replyTo: Ref<StoreReply> | undefined): void => {
    const op = ++s.nextOp;
    s.inFlight.add(op);
    const known = { compactRevision: s.compactRevision, revision: Math.max(s.revision, s.hub.delivered) };
    ctx.subscribe(from(answerRequest(s.conn, c, known)), (outcome) => ({ type: 'etcd-answer', op, outcome: { outcome, replyTo } }));
  };

  const onAnswer = (s: EtcdStoreState, ctx: Ctx, op: number, outcome: Outcome, replyTo: Ref<StoreReply> | undefined): void => {
    s.inFlight.delete(op);
    if (outcome.revision !== undefined) s.revision = Math.max(s.revision, outcome.revision);
    if (outcome.compactRevision !== undefined && outcome.compactRevision > s.compactRevision) {
      s.compactRevision = outcome.compactRevision;
      s.hub.compact(outcome.compactRevision);
      ctx.milestone('store-compacted', { revision: outcome.compactRevision });
    }
    if (replyTo !== undefined) {
      if (outcome.holdUntil !== undefined && outcome.holdUntil > s.hub.delivered) {
        s.held.push({ revision: outcome.holdUntil, replyTo, reply: outcome.reply, sinceMs: ctx.now() });
        s.held.sort((a, b) => a.revision - b.revision);
        if (!ctx.timers.isActive('hold-check')) ctx.timers.startPeriodicTimer('hold-check', { type: 'etcd-hold-check' }, Math.max(50, o.requestTimeoutMs / 4));
      } else reply(ctx, replyTo, outcome.reply);
    }
    pump(s, ctx);
  };

  /**
   * Start queued requests in arrival order: calls while fewer than
   * `maxInFlight` are in flight; a watch or a compaction only once none is
   * (a barrier: it sees every earlier request done, as in the embedded store).
   */
  const pump = (s: EtcdStoreState, ctx: Ctx): void => {
    while (s.phase !== 'starting' && s.queue.length > 0) {
      const head = s.queue[0];
      const barrier = head.type === 'watch' || head.type === 'auto-compact' || head.type === 'compact' || head.type === 'cancel-watch';
      if (barrier ? s.inFlight.size > 0 : s.inFlight.size >= o.maxInFlight) return;
      const q = s.queue.shift()!;
      if (q.type === 'watch') watch(s, ctx, q);
      else if (q.type === 'auto-compact') call(s, ctx, { type: 'compact', revision: q.revision }, undefined);
      else if (q.type === 'cancel-watch') s.hub.remove(q.watchId);
      else call(s, ctx, q, q.replyTo);
    }
  };

  return defineBehavior({
    name: 'kube-store-etcd',
    protocol: EtcdStoreMessage,
    init: (ctx): EtcdStoreState => {
      const conn = new EtcdConnection({ endpoints, requestTimeoutMs: o.requestTimeoutMs, clock: ctx.clock }, new EtcdKeyspace(o.prefix));
      own(ctx, () => conn.close());
      const s: EtcdStoreState = {
        conn,
        hub: new WatchHub(1),
        phase: 'starting',
        startError: undefined,
        startAttempt: 0,
        feed: 0,
        feedSub: undefined,
        retries: 0,
        compactRevision: 0,
        revision: 0,
        queue: [],
        inFlight: new Set(),
        nextOp: 0,
        held: [],
        watchers: new Set(),
        lastTickRevision: 0,
      };
      start(s, ctx);
      if (o.compactionIntervalMs > 0) ctx.timers.startPeriodicTimer('compaction', { type: 'compaction-tick' }, o.compactionIntervalMs);
      return s;
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'etcd-started': {
          if (msg.attempt !== s.startAttempt) return s;
          const r = msg.result as E.Either<EtcdFailure, { revision: number; compactRevision: number }>;
          if (E.isLeft(r)) {
            startFailed(s, ctx, r.left._tag === 'Unavailable' ? r.left.reason : `etcd: ${r.left._tag}`);
            return s;
          }
          s.revision = Math.max(s.revision, r.right.revision);
          s.compactRevision = Math.max(s.compactRevision, r.right.compactRevision);
          s.lastTickRevision = s.revision;
          s.hub = new WatchHub(Math.max(1, s.compactRevision));
          openFeed(s, ctx, s.hub.historyStart);
          return s;
        }
        case 'etcd-feed':
          if (msg.feed === s.feed) onFrame(s, ctx, msg.frame as WatchFrame);
          return s;
        case 'etcd-answer': {
          if (!s.inFlight.has(msg.op)) return s;
          const a = msg.outcome as { outcome: Outcome; replyTo: Ref<StoreReply> | undefined };
          onAnswer(s, ctx, msg.op, a.outcome, a.replyTo);
          return s;
        }
        case 'etcd-retry':
          if (s.phase === 'starting') start(s, ctx);
          else if (s.phase === 'down') openFeed(s, ctx, s.hub.delivered + 1);
          return s;
        case 'etcd-start-timeout':
          if (s.phase === 'starting') startFailed(s, ctx, `etcd at ${endpoints.join(',')} did not answer within ${o.requestTimeoutMs} ms`);
          return s;
        case 'etcd-hold-check': {
          const now = ctx.now();
          for (let i = s.held.length - 1; i >= 0; i--) {
            const h = s.held[i];
            if (now - h.sinceMs < o.requestTimeoutMs) continue;
            s.held.splice(i, 1);
            reply(ctx, h.replyTo, unavailable(`the write at revision ${h.revision} is committed, but the store's etcd watch did not deliver it within ${o.requestTimeoutMs} ms`));
          }
          if (s.held.length === 0) ctx.timers.cancel('hold-check');
          return s;
        }
        case 'compaction-tick': {
          const target = s.lastTickRevision;
          s.lastTickRevision = Math.max(s.revision, s.hub.delivered);
          if (target > s.compactRevision && s.phase !== 'starting') {
            s.queue.push({ type: 'auto-compact', revision: target });
            pump(s, ctx);
          }
          return s;
        }
        case 'cancel-watch':
          if (s.inFlight.size > 0 || s.queue.length > 0) {
            s.queue.push(msg);
            pump(s, ctx);
          } else s.hub.remove(msg.watchId);
          return s;
        default:
          if (s.phase === 'starting' && s.startError !== undefined) {
            reply(ctx, msg.replyTo, unavailable(s.startError));
            return s;
          }
          s.queue.push(msg);
          pump(s, ctx);
          return s;
      }
    },
    onSignal: (s, signal) => {
      if (signal.type !== 'terminated') return s;
      const key = formatRef(signal.ref);
      if (!s.watchers.delete(key)) return s;
      for (const id of s.hub.idsOf(signal.ref, (a, b) => formatRef(a) === formatRef(b))) s.hub.remove(id);
      return s;
    },
  });
};
