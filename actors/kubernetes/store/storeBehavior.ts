import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, type ActorContext, type AnyRef, type Ref } from '../../../lib/actor/index.js';
import { withDefaults } from '../withDefaults.js';
import { MvccStore } from './MvccStore.js';
import {
  inRange,
  StoreRequest,
  type KeyRange,
  type StoreError,
  type StoreEvent,
  type StoreReply,
  type StoreStatus,
  type StoreWatchMessage,
} from './protocol.js';

/** Options of the embedded store actor. */
export interface StoreOptions {
  /**
   * Compact every this often to the revision seen one interval earlier (the
   * API server's `--etcd-compaction-interval`); 0 = never.
   * @default 300_000
   */
  compactionIntervalMs?: number;
  /** How often expired leases are collected. @default 500 */
  leaseCheckMs?: number;
  /** Key of the node disk entry the data survives node crashes in. @default 'kube-store' */
  diskKey?: string;
}

/** Defaults of {@link StoreOptions}. */
export const STORE_DEFAULTS: Required<StoreOptions> = { compactionIntervalMs: 300_000, leaseCheckMs: 500, diskKey: 'kube-store' };

/** The store actor's mailbox: requests plus its own ticks. */
export const StoreMessage = t.union([
  StoreRequest,
  t.type({ type: t.literal('compaction-tick') }),
  t.type({ type: t.literal('lease-tick') }),
]);
export type StoreMessage = t.TypeOf<typeof StoreMessage>;

interface Watch {
  readonly id: string;
  readonly range: KeyRange;
  readonly watcher: Ref<StoreWatchMessage>;
  readonly prevKv: boolean;
  seq: number;
}

interface StoreState {
  readonly data: MvccStore;
  readonly watches: Map<string, Watch>;
  readonly byWatcher: Map<string, Set<string>>;
  /** Revision at the previous compaction tick: the next tick compacts to it. */
  lastTickRevision: number;
}

const refKey = (r: AnyRef): string => `${r.node}:${r.path}#${r.incarnation}`;

const ok = (ctx: ActorContext<StoreMessage>, to: Ref<StoreReply>, result: unknown): void => ctx.tell(to, { type: 'store-ok', result });
const fail = (ctx: ActorContext<StoreMessage>, to: Ref<StoreReply>, error: StoreError): void => ctx.tell(to, { type: 'store-error', error });

const stripPrev = (ev: StoreEvent): StoreEvent => (ev.prevKv === undefined || ev.type === 'DELETE' ? ev : { type: ev.type, kv: ev.kv });

/** Send the changes of one write to every watch whose range they touch (before the writer's reply, so watchers see writes first). */
const publish = (s: StoreState, ctx: ActorContext<StoreMessage>, events: ReadonlyArray<StoreEvent>, revision: number): void => {
  if (events.length === 0) return;
  for (const w of s.watches.values()) {
    let batch: StoreEvent[] | undefined;
    for (const ev of events) {
      if (!inRange(ev.kv.key, w.range)) continue;
      (batch ??= []).push(w.prevKv ? ev : stripPrev(ev));
    }
    if (batch !== undefined) ctx.tell(w.watcher, { type: 'store-events', watchId: w.id, seq: ++w.seq, revision, events: batch });
  }
};

const removeWatch = (s: StoreState, id: string): void => {
  const w = s.watches.get(id);
  if (w === undefined) return;
  s.watches.delete(id);
  const key = refKey(w.watcher);
  const set = s.byWatcher.get(key);
  set?.delete(id);
  if (set !== undefined && set.size === 0) s.byWatcher.delete(key);
};

/**
 * The embedded state store as an actor: an {@link MvccStore} answering the
 * {@link StoreRequest} protocol, pushing watch events, expiring leases on the
 * troupe clock and compacting periodically. Its data lives on the node's
 * disk, so it survives a crash of the node (like etcd's fsync before reply).
 *
 * @example
 * const store = sim.spawn(storeBehavior(), 'store', { node: 'master' });
 * sim.tell(store, { type: 'txn', request: { compare: [], success: [{ op: 'put', key: 'a', value: 1 }], failure: [] }, replyTo: probe.ref });
 */
export const storeBehavior = (options: StoreOptions = {}) => {
  const o = withDefaults(STORE_DEFAULTS, options);
  const armLeases = (s: StoreState, ctx: ActorContext<StoreMessage>): void => {
    if (s.data.leaseCount > 0 && !ctx.timers.isActive('lease-tick')) ctx.timers.startPeriodicTimer('lease-tick', { type: 'lease-tick' }, o.leaseCheckMs);
  };
  return defineBehavior({
    name: 'kube-store',
    protocol: StoreMessage,
    init: (ctx): StoreState => {
      let data = ctx.disk.get(o.diskKey) as MvccStore | undefined;
      if (data === undefined) ctx.disk.set(o.diskKey, (data = new MvccStore()));
      // Like etcd after a leader change: every lease gets a full TTL again.
      else data.renewAllLeases(ctx.now());
      const s: StoreState = { data, watches: new Map(), byWatcher: new Map(), lastTickRevision: data.revision };
      if (o.compactionIntervalMs > 0) ctx.timers.startPeriodicTimer('compaction', { type: 'compaction-tick' }, o.compactionIntervalMs);
      armLeases(s, ctx);
      return s;
    },
    receive: (s, msg, ctx) => {
      const data = s.data;
      switch (msg.type) {
        case 'range': {
          const r = data.range(msg.request);
          if (E.isLeft(r)) fail(ctx, msg.replyTo, r.left);
          else ok(ctx, msg.replyTo, r.right);
          return s;
        }
        case 'txn': {
          const r = data.txn(msg.request, ctx.now());
          if (E.isLeft(r)) {
            fail(ctx, msg.replyTo, r.left);
            return s;
          }
          const { events, ...result } = r.right;
          publish(s, ctx, events, result.revision);
          ok(ctx, msg.replyTo, result);
          return s;
        }
        case 'compact': {
          const r = data.compact(msg.revision);
          if (E.isLeft(r)) fail(ctx, msg.replyTo, r.left);
          else ok(ctx, msg.replyTo, { revision: r.right });
          return s;
        }
        case 'watch': {
          const from = msg.startRevision > 0 ? msg.startRevision : data.revision + 1;
          const past = data.changesSince(msg.range, from);
          if (E.isLeft(past)) {
            ctx.tell(msg.watcher, { type: 'store-watch-canceled', watchId: msg.watchId, error: past.left });
            ok(ctx, msg.replyTo, { watchId: msg.watchId, canceled: true });
            return s;
          }
          removeWatch(s, msg.watchId);
          const w: Watch = { id: msg.watchId, range: msg.range, watcher: msg.watcher, prevKv: msg.prevKv ?? false, seq: 0 };
          s.watches.set(w.id, w);
          const key = refKey(msg.watcher);
          let set = s.byWatcher.get(key);
          if (set === undefined) {
            s.byWatcher.set(key, (set = new Set()));
            ctx.watch(msg.watcher);
          }
          set.add(w.id);
          if (past.right.length > 0) {
            const events = w.prevKv ? past.right : past.right.map(stripPrev);
            ctx.tell(w.watcher, { type: 'store-events', watchId: w.id, seq: ++w.seq, revision: data.revision, events });
          }
          ok(ctx, msg.replyTo, { watchId: msg.watchId, canceled: false });
          return s;
        }
        case 'cancel-watch':
          removeWatch(s, msg.watchId);
          return s;
        case 'lease-grant': {
          const lease = data.leaseGrant(msg.id, msg.ttlMs, ctx.now());
          armLeases(s, ctx);
          ok(ctx, msg.replyTo, { id: lease.id, ttlMs: lease.ttlMs });
          return s;
        }
        case 'lease-keepalive': {
          const r = data.leaseKeepAlive(msg.id, ctx.now());
          if (E.isLeft(r)) fail(ctx, msg.replyTo, r.left);
          else ok(ctx, msg.replyTo, { id: r.right.id, ttlMs: r.right.ttlMs });
          return s;
        }
        case 'lease-revoke': {
          const r = data.leaseRevoke(msg.id);
          if (E.isLeft(r)) fail(ctx, msg.replyTo, r.left);
          else {
            publish(s, ctx, r.right.events, r.right.revision);
            ok(ctx, msg.replyTo, { revision: r.right.revision });
          }
          return s;
        }
        case 'status': {
          const status: StoreStatus = { revision: data.revision, compactRevision: data.compactRevision, keys: data.size, leases: data.leaseCount };
          ok(ctx, msg.replyTo, status);
          return s;
        }
        case 'lease-tick': {
          const events = data.expireLeases(ctx.now());
          publish(s, ctx, events, data.revision);
          if (data.leaseCount === 0) ctx.timers.cancel('lease-tick');
          return s;
        }
        case 'compaction-tick': {
          const target = s.lastTickRevision;
          s.lastTickRevision = data.revision;
          if (target > data.compactRevision) {
            data.compact(target);
            // Watches that fell behind the compaction point cannot be served any more.
            ctx.milestone('store-compacted', { revision: target });
          }
          return s;
        }
      }
    },
    onSignal: (s, signal) => {
      if (signal.type !== 'terminated') return s;
      const ids = s.byWatcher.get(refKey(signal.ref));
      if (ids !== undefined) for (const id of [...ids]) removeWatch(s, id);
      return s;
    },
  });
};
