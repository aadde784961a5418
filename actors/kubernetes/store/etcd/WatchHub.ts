import * as E from 'fp-ts/Either';
import type { Ref } from '../../../../lib/actor/index.js';
import { inRange, type KeyRange, type StoreError, type StoreEvent, type StoreWatchMessage } from '../protocol.js';

/** One client watch served by the hub. */
export interface HubWatch {
  readonly id: string;
  readonly range: KeyRange;
  readonly watcher: Ref<StoreWatchMessage>;
  readonly prevKv: boolean;
  /** First revision the watch reports. */
  readonly from: number;
  /** Batches sent so far. */
  seq: number;
}

/** A watch message to send. */
export interface Outgoing {
  readonly to: Ref<StoreWatchMessage>;
  readonly message: StoreWatchMessage;
}

/** The embedded store's convention: without prevKv, a PUT loses its previous value; a DELETE keeps it. */
const stripPrev = (ev: StoreEvent): StoreEvent => (ev.prevKv === undefined || ev.type === 'DELETE' ? ev : { type: ev.type, kv: ev.kv });

/** The revision of an event (deletes carry theirs in the tombstone's modRevision). */
const revisionOf = (ev: StoreEvent): number => ev.kv.modRevision;

/**
 * The client watches of the etcd store, served from one ordered feed of the
 * keyspace's changes (pure: no actor, no etcd). It keeps the changes since
 * `historyStart` so a watch can start at a past revision, and knows
 * `delivered`: every change up to it has been fed in, and sent to every
 * watch that covers it. Because changes only arrive through {@link apply}, in
 * revision order, a watch added at any moment gets the history up to
 * `delivered` and then exactly the later changes — no gap, no repeat.
 *
 * @example
 * const hub = new WatchHub(1);
 * hub.apply([{ type: 'PUT', kv }]); // Outgoing batches for the watches covering kv.key
 * hub.add({ id: 'w', range: { key: '/a/', rangeEnd: prefixEnd('/a/') }, watcher, prevKv: false, from: 1 }, 0);
 */
export class WatchHub {
  private history: StoreEvent[] = [];
  private start: number;
  private seen: number;
  private readonly watches = new Map<string, HubWatch>();

  /** A hub whose feed starts at revision `start`. */
  constructor(start: number) {
    this.start = start;
    this.seen = start - 1;
  }

  /** Every change up to this revision has been fed in and sent. */
  get delivered(): number {
    return this.seen;
  }

  /** The first revision the history covers: watches from before it are answered `Compacted`. */
  get historyStart(): number {
    return this.start;
  }

  /** Changes kept for watches from past revisions. */
  get historySize(): number {
    return this.history.length;
  }

  /** Live watches. */
  get size(): number {
    return this.watches.size;
  }

  /**
   * Add a watch reporting changes from `from` (≥ 1). Returns the batch of
   * past changes to send at once, or `Compacted` when `from` is older than
   * the history (`compactRevision`: the last compaction the store knows of).
   */
  add(spec: Omit<HubWatch, 'seq'>, compactRevision: number): E.Either<StoreError, Outgoing[]> {
    if (spec.from < this.start) return E.left({ _tag: 'Compacted', revision: spec.from, compactRevision: Math.max(compactRevision, this.start) });
    this.watches.delete(spec.id);
    const w: HubWatch = { ...spec, seq: 0 };
    this.watches.set(w.id, w);
    const past: StoreEvent[] = [];
    for (let i = this.firstAtOrAfter(w.from); i < this.history.length; i++) {
      const ev = this.history[i];
      if (inRange(ev.kv.key, w.range)) past.push(w.prevKv ? ev : stripPrev(ev));
    }
    if (past.length === 0) return E.right([]);
    return E.right([{ to: w.watcher, message: { type: 'store-events', watchId: w.id, seq: ++w.seq, revision: this.seen, events: past } }]);
  }

  /** Stop a watch (a no-op for an unknown id). */
  remove(id: string): void {
    this.watches.delete(id);
  }

  /** Ids of the watches a watcher owns. */
  idsOf(watcher: Ref<StoreWatchMessage>, same: (a: Ref<StoreWatchMessage>, b: Ref<StoreWatchMessage>) => boolean): string[] {
    return [...this.watches.values()].filter((w) => same(w.watcher, watcher)).map((w) => w.id);
  }

  /** Feed changes in (revision order; ones already seen are skipped); returns a batch per watch they touch. */
  apply(events: ReadonlyArray<StoreEvent>): Outgoing[] {
    const fresh = events.filter((ev) => revisionOf(ev) > this.seen);
    if (fresh.length === 0) return [];
    for (const ev of fresh) this.history.push(ev);
    const revision = revisionOf(fresh[fresh.length - 1]);
    this.seen = revision;
    const out: Outgoing[] = [];
    for (const w of this.watches.values()) {
      let batch: StoreEvent[] | undefined;
      for (const ev of fresh) {
        if (revisionOf(ev) < w.from || !inRange(ev.kv.key, w.range)) continue;
        (batch ??= []).push(w.prevKv ? ev : stripPrev(ev));
      }
      if (batch !== undefined) out.push({ to: w.watcher, message: { type: 'store-events', watchId: w.id, seq: ++w.seq, revision, events: batch } });
    }
    return out;
  }

  /**
   * etcd says nothing in the keyspace changed up to `revision`: advance
   * `delivered` and tell every watch already past its start (progress
   * carries the watch's last batch number: it is not a batch itself).
   */
  progress(revision: number): Outgoing[] {
    if (revision < this.seen) return [];
    this.seen = revision;
    const out: Outgoing[] = [];
    for (const w of this.watches.values()) {
      if (w.from <= revision) out.push({ to: w.watcher, message: { type: 'store-progress', watchId: w.id, seq: w.seq, revision } });
    }
    return out;
  }

  /** Forget history before `revision` (etcd compacted it): later watches from before it get `Compacted`. */
  compact(revision: number): void {
    if (revision <= this.start) return;
    this.history = this.history.slice(this.firstAtOrAfter(revision));
    this.start = revision;
    if (this.seen < revision - 1) this.seen = revision - 1;
  }

  /**
   * The feed broke past repair (etcd compacted what it had not delivered
   * yet): cancel every watch with `Compacted` and start over at `start`.
   */
  reset(start: number, compactRevision: number): Outgoing[] {
    const error: StoreError = { _tag: 'Compacted', revision: this.seen + 1, compactRevision };
    const out: Outgoing[] = [...this.watches.values()].map((w) => ({ to: w.watcher, message: { type: 'store-watch-canceled', watchId: w.id, error } }));
    this.watches.clear();
    this.history = [];
    this.start = start;
    this.seen = start - 1;
    return out;
  }

  private firstAtOrAfter(revision: number): number {
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (revisionOf(this.history[mid]) < revision) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
