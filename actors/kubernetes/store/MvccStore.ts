import * as E from 'fp-ts/Either';
import {
  inRange,
  type Compare,
  type KeyRange,
  type KeyValue,
  type RangeRequest,
  type RangeResult,
  type StoreError,
  type StoreEvent,
  type TxnOpResult,
  type TxnRequest,
  type TxnResult,
} from './protocol.js';

/** A lease: keys attached to it are deleted when it expires or is revoked. */
export interface Lease {
  readonly id: number;
  readonly ttlMs: number;
  expiresAtMs: number;
  readonly keys: Set<string>;
}

/** A transaction's result plus the changes it made (for watchers). */
export interface TxnOutcome extends TxnResult {
  readonly events: StoreEvent[];
}

/**
 * The embedded store's data: an etcd-like multi-version key-value map, pure
 * (no actor, no clock — time comes in as arguments). One cluster-wide
 * revision counts committed write transactions; every key remembers when it
 * was created and last modified; a change log since the compaction point lets
 * watchers start from a past revision and reads look at a past revision.
 * Values are stored as given: callers must not mutate them afterwards.
 *
 * @example
 * const store = new MvccStore();
 * const r = store.txn({ compare: [{ key: 'a', target: 'create', op: '=', value: 0 }], success: [{ op: 'put', key: 'a', value: 1 }], failure: [] }, 0);
 * // r: Right({ succeeded: true, revision: 1, ... })
 */
export class MvccStore {
  private rev = 0;
  private compacted = 0;
  private readonly kvs = new Map<string, KeyValue>();
  /** Changes with revision > compacted, in order (each event's kv.modRevision is its revision; deletes carry it too). */
  private log: StoreEvent[] = [];
  private logRevisions: number[] = [];
  private readonly leaseMap = new Map<number, Lease>();
  private nextLeaseId = 1;

  /** The current revision (0 before the first write). */
  get revision(): number {
    return this.rev;
  }

  /** The compaction point: history at or before it is gone. */
  get compactRevision(): number {
    return this.compacted;
  }

  /** Number of live keys. */
  get size(): number {
    return this.kvs.size;
  }

  /** Number of live leases. */
  get leaseCount(): number {
    return this.leaseMap.size;
  }

  /** Number of changes kept for watches and past reads. */
  get historySize(): number {
    return this.log.length;
  }

  // ---------------------------------------------------------------- reads

  /** Read a range at the current revision or a past one (`Compacted`/`FutureRevision` otherwise). */
  range(req: RangeRequest): E.Either<StoreError, RangeResult> {
    const at = req.revision ?? 0;
    if (at > 0 && at < this.rev) {
      if (at <= this.compacted) return E.left({ _tag: 'Compacted', revision: at, compactRevision: this.compacted });
      return E.right(this.rangePast(req, at));
    }
    if (at > this.rev) return E.left({ _tag: 'FutureRevision', revision: at, currentRevision: this.rev });
    return E.right(this.rangeAt(req, this.kvs, this.rev));
  }

  private rangeAt(req: RangeRequest, source: ReadonlyMap<string, KeyValue>, revision: number): RangeResult {
    if (req.rangeEnd === undefined) {
      const kv = source.get(req.key);
      const kvs = kv === undefined ? [] : [kv];
      return { kvs: req.countOnly ? [] : kvs, count: kvs.length, more: false, revision };
    }
    const keys: string[] = [];
    for (const key of source.keys()) if (inRange(key, req)) keys.push(key);
    keys.sort();
    const limit = req.limit !== undefined && req.limit > 0 ? req.limit : keys.length;
    const kvs = req.countOnly ? [] : keys.slice(0, limit).map((k) => source.get(k)!);
    return { kvs, count: keys.length, more: limit < keys.length, revision };
  }

  /** Undo the log back to `at` for the keys in range. */
  private rangePast(req: RangeRequest, at: number): RangeResult {
    const view = new Map<string, KeyValue>();
    for (const [k, v] of this.kvs) if (inRange(k, req)) view.set(k, v);
    for (let i = this.log.length - 1; i >= 0 && this.logRevisions[i] > at; i--) {
      const ev = this.log[i];
      if (!inRange(ev.kv.key, req)) continue;
      if (ev.prevKv !== undefined) view.set(ev.kv.key, ev.prevKv);
      else view.delete(ev.kv.key);
    }
    return this.rangeAt(req, view, at);
  }

  /** Changes in `range` with revision ≥ `fromRevision`, or `Compacted`. */
  changesSince(range: KeyRange, fromRevision: number): E.Either<StoreError, StoreEvent[]> {
    if (fromRevision <= this.compacted && fromRevision <= this.rev) {
      return E.left({ _tag: 'Compacted', revision: fromRevision, compactRevision: this.compacted });
    }
    const out: StoreEvent[] = [];
    let lo = 0;
    let hi = this.logRevisions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.logRevisions[mid] < fromRevision) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.log.length; i++) if (inRange(this.log[i].kv.key, range)) out.push(this.log[i]);
    return E.right(out);
  }

  // ---------------------------------------------------------------- writes

  private field(key: string, target: Compare['target']): number {
    const kv = this.kvs.get(key);
    if (kv === undefined) return 0;
    return target === 'mod' ? kv.modRevision : target === 'create' ? kv.createRevision : kv.version;
  }

  private holds(c: Compare): boolean {
    const v = this.field(c.key, c.target);
    switch (c.op) {
      case '=':
        return v === c.value;
      case '!=':
        return v !== c.value;
      case '<':
        return v < c.value;
      case '>':
        return v > c.value;
    }
  }

  /**
   * Run a transaction at time `nowMs` (for lease checks). Writes of the chosen
   * branch share one new revision; a branch without writes does not bump it.
   */
  txn(req: TxnRequest, _nowMs = 0): E.Either<StoreError, TxnOutcome> {
    const succeeded = req.compare.every((c) => this.holds(c));
    const ops = succeeded ? req.success : req.failure;
    for (const op of ops) {
      if (op.op === 'put' && op.lease !== undefined && op.lease !== 0 && !this.leaseMap.has(op.lease)) {
        return E.left({ _tag: 'LeaseNotFound', lease: op.lease });
      }
    }
    const writes = ops.some((op) => op.op === 'put' || (op.op === 'delete' && this.anyInRange(op)));
    const revision = writes ? this.rev + 1 : this.rev;
    const results: TxnOpResult[] = [];
    const events: StoreEvent[] = [];
    for (const op of ops) {
      if (op.op === 'range') {
        results.push({ op: 'range', result: this.rangeAt(op, this.kvs, this.rev) });
      } else if (op.op === 'put') {
        const prev = this.kvs.get(op.key);
        const lease = op.lease ?? 0;
        const kv: KeyValue = {
          key: op.key,
          value: op.value,
          createRevision: prev === undefined ? revision : prev.createRevision,
          modRevision: revision,
          version: prev === undefined ? 1 : prev.version + 1,
          lease,
        };
        if (prev !== undefined && prev.lease !== 0 && prev.lease !== lease) this.leaseMap.get(prev.lease)?.keys.delete(op.key);
        if (lease !== 0) this.leaseMap.get(lease)!.keys.add(op.key);
        this.kvs.set(op.key, kv);
        const ev: StoreEvent = prev === undefined ? { type: 'PUT', kv } : { type: 'PUT', kv, prevKv: prev };
        events.push(ev);
        results.push({ op: 'put', prevKv: prev ?? null });
      } else {
        const prevKvs = this.deleteRange(op, revision, events);
        results.push({ op: 'delete', deleted: prevKvs.length, prevKvs });
      }
    }
    if (writes) {
      this.rev = revision;
      for (const ev of events) {
        this.log.push(ev);
        this.logRevisions.push(revision);
      }
    }
    return E.right({ succeeded, revision: this.rev, results, events });
  }

  private anyInRange(range: KeyRange): boolean {
    if (range.rangeEnd === undefined) return this.kvs.has(range.key);
    for (const key of this.kvs.keys()) if (inRange(key, range)) return true;
    return false;
  }

  private deleteRange(range: KeyRange, revision: number, events: StoreEvent[]): KeyValue[] {
    const keys = range.rangeEnd === undefined ? (this.kvs.has(range.key) ? [range.key] : []) : [...this.kvs.keys()].filter((k) => inRange(k, range)).sort();
    const prevKvs: KeyValue[] = [];
    for (const key of keys) {
      const prev = this.kvs.get(key)!;
      this.kvs.delete(key);
      if (prev.lease !== 0) this.leaseMap.get(prev.lease)?.keys.delete(key);
      prevKvs.push(prev);
      events.push({ type: 'DELETE', kv: { key, value: null, createRevision: 0, modRevision: revision, version: 0, lease: 0 }, prevKv: prev });
    }
    return prevKvs;
  }

  /** Put one key (a transaction without guards). */
  put(key: string, value: unknown, lease = 0): TxnOutcome {
    return unwrap(this.txn({ compare: [], success: [{ op: 'put', key, value, lease }], failure: [] }));
  }

  /** Delete one key or a range. */
  delete(range: KeyRange): TxnOutcome {
    return unwrap(this.txn({ compare: [], success: [{ op: 'delete', ...range }], failure: [] }));
  }

  /** Forget history at or before `revision`: reads and watches from there get `Compacted`. */
  compact(revision: number): E.Either<StoreError, number> {
    if (revision > this.rev) return E.left({ _tag: 'FutureRevision', revision, currentRevision: this.rev });
    if (revision <= this.compacted) return E.left({ _tag: 'Compacted', revision, compactRevision: this.compacted });
    let cut = 0;
    while (cut < this.logRevisions.length && this.logRevisions[cut] <= revision) cut++;
    this.log = this.log.slice(cut);
    this.logRevisions = this.logRevisions.slice(cut);
    this.compacted = revision;
    return E.right(revision);
  }

  // ---------------------------------------------------------------- leases

  /** Grant a lease of `ttlMs` from `nowMs` (id 0: the store picks one). */
  leaseGrant(id: number, ttlMs: number, nowMs: number): Lease {
    const leaseId = id > 0 ? id : this.nextLeaseId++;
    if (leaseId >= this.nextLeaseId) this.nextLeaseId = leaseId + 1;
    const existing = this.leaseMap.get(leaseId);
    const lease: Lease = { id: leaseId, ttlMs, expiresAtMs: nowMs + ttlMs, keys: existing?.keys ?? new Set() };
    this.leaseMap.set(leaseId, lease);
    return lease;
  }

  /** Renew a lease to its full TTL. */
  leaseKeepAlive(id: number, nowMs: number): E.Either<StoreError, Lease> {
    const lease = this.leaseMap.get(id);
    if (lease === undefined) return E.left({ _tag: 'LeaseNotFound', lease: id });
    lease.expiresAtMs = nowMs + lease.ttlMs;
    return E.right(lease);
  }

  /** Give every lease its full TTL from `nowMs` (after a restart, as etcd does on a leader change). */
  renewAllLeases(nowMs: number): void {
    for (const lease of this.leaseMap.values()) lease.expiresAtMs = nowMs + lease.ttlMs;
  }

  /** Revoke a lease: its keys are deleted in one revision. */
  leaseRevoke(id: number): E.Either<StoreError, TxnOutcome> {
    const lease = this.leaseMap.get(id);
    if (lease === undefined) return E.left({ _tag: 'LeaseNotFound', lease: id });
    this.leaseMap.delete(id);
    const keys = [...lease.keys].sort();
    if (keys.length === 0) return E.right({ succeeded: true, revision: this.rev, results: [], events: [] });
    return this.txn({ compare: [], success: keys.map((key) => ({ op: 'delete' as const, key })), failure: [] });
  }

  /** Revoke every lease expired at `nowMs`; returns the changes. */
  expireLeases(nowMs: number): StoreEvent[] {
    const events: StoreEvent[] = [];
    for (const lease of [...this.leaseMap.values()]) {
      if (lease.expiresAtMs > nowMs) continue;
      const r = this.leaseRevoke(lease.id);
      if (E.isRight(r)) events.push(...r.right.events);
    }
    return events;
  }

  /** When the next lease expires (undefined: none). */
  nextLeaseExpiry(): number | undefined {
    let min: number | undefined;
    for (const lease of this.leaseMap.values()) if (min === undefined || lease.expiresAtMs < min) min = lease.expiresAtMs;
    return min;
  }
}

const unwrap = <A>(e: E.Either<StoreError, A>): A => {
  if (E.isLeft(e)) throw new Error(`store: ${e.left._tag}`);
  return e.right;
};
