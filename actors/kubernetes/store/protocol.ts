/**
 * The state store's protocol: an etcd v3-like key-value API as typed messages
 * with replies. The embedded store ({@link storeBehavior}) speaks it; a real
 * etcd can be put behind the same messages (issue 8), so the API server never
 * knows which one it got.
 */
import * as t from 'io-ts';
import { refCodec } from '../../../lib/actor/index.js';

/** One key's current value and its MVCC bookkeeping (etcd's mvccpb.KeyValue). */
export const KeyValue = t.type({
  key: t.string,
  value: t.unknown,
  /** Revision of the put that created this key (since its last delete). */
  createRevision: t.number,
  /** Revision of the last put of this key. */
  modRevision: t.number,
  /** Number of puts since creation (1 after the first). */
  version: t.number,
  /** The lease the key is attached to (0 = none). */
  lease: t.number,
});
export type KeyValue = t.TypeOf<typeof KeyValue>;

/** A change of one key, as watches and transactions report it. */
export const StoreEvent = t.intersection([
  t.type({ type: t.keyof({ PUT: null, DELETE: null }), kv: KeyValue }),
  t.partial({ prevKv: KeyValue }),
]);
export type StoreEvent = t.TypeOf<typeof StoreEvent>;

/**
 * A key range: one key (no `rangeEnd`), or `[key, rangeEnd)`; `rangeEnd: '\0'`
 * means every key ≥ `key` (etcd's convention). Use {@link prefixEnd} for prefixes.
 */
export const KeyRange = t.intersection([t.type({ key: t.string }), t.partial({ rangeEnd: t.string })]);
export type KeyRange = t.TypeOf<typeof KeyRange>;

/** A read of a range, at the current revision or a past one. */
export const RangeRequest = t.intersection([
  KeyRange,
  t.partial({
    /** Read as of this revision (0/absent = current). */
    revision: t.number,
    /** At most this many keys (0/absent = all). */
    limit: t.number,
    /** Count only. */
    countOnly: t.boolean,
  }),
]);
export type RangeRequest = t.TypeOf<typeof RangeRequest>;

/** What a range read returns. */
export const RangeResult = t.type({
  kvs: t.array(KeyValue),
  /** Keys in the range (before the limit). */
  count: t.number,
  /** Whether the limit cut the result. */
  more: t.boolean,
  /** The store revision the read saw. */
  revision: t.number,
});
export type RangeResult = t.TypeOf<typeof RangeResult>;

/** A transaction guard (etcd's Compare): compares one key's field with a value. Absent keys have 0 for every field. */
export const Compare = t.type({
  key: t.string,
  target: t.keyof({ mod: null, create: null, version: null }),
  op: t.keyof({ '=': null, '!=': null, '<': null, '>': null }),
  value: t.number,
});
export type Compare = t.TypeOf<typeof Compare>;

/** One operation of a transaction branch. */
export const TxnOp = t.union([
  t.intersection([
    t.type({ op: t.literal('put'), key: t.string, value: t.unknown }),
    t.partial({ lease: t.number }),
  ]),
  t.intersection([t.type({ op: t.literal('delete') }), KeyRange]),
  t.intersection([t.type({ op: t.literal('range') }), RangeRequest]),
]);
export type TxnOp = t.TypeOf<typeof TxnOp>;

/** Result of one transaction operation, in branch order. */
export const TxnOpResult = t.union([
  t.type({ op: t.literal('put'), prevKv: t.union([KeyValue, t.null]) }),
  t.type({ op: t.literal('delete'), deleted: t.number, prevKvs: t.array(KeyValue) }),
  t.type({ op: t.literal('range'), result: RangeResult }),
]);
export type TxnOpResult = t.TypeOf<typeof TxnOpResult>;

/** If every compare holds run `success`, else `failure` — atomically, as one revision. */
export const TxnRequest = t.type({ compare: t.array(Compare), success: t.array(TxnOp), failure: t.array(TxnOp) });
export type TxnRequest = t.TypeOf<typeof TxnRequest>;

/** What a transaction did. */
export const TxnResult = t.type({
  succeeded: t.boolean,
  /** The store revision after the transaction. */
  revision: t.number,
  results: t.array(TxnOpResult),
});
export type TxnResult = t.TypeOf<typeof TxnResult>;

/**
 * Expected store failures, as tagged values:
 * - `Compacted`: the revision asked for was compacted (the API server turns it into 410 Gone/Expired);
 * - `FutureRevision`: the revision asked for is newer than the store's;
 * - `LeaseNotFound`: no such lease (expired or revoked);
 * - `Unavailable`: the store could not be reached (timeouts, a real etcd down).
 */
export const StoreError = t.union([
  t.type({ _tag: t.literal('Compacted'), revision: t.number, compactRevision: t.number }),
  t.type({ _tag: t.literal('FutureRevision'), revision: t.number, currentRevision: t.number }),
  t.type({ _tag: t.literal('LeaseNotFound'), lease: t.number }),
  t.type({ _tag: t.literal('Unavailable'), reason: t.string }),
]);
export type StoreError = t.TypeOf<typeof StoreError>;

/** A store reply: the operation's result or a StoreError. */
export const StoreReply = t.union([
  t.type({ type: t.literal('store-ok'), result: t.unknown }),
  t.type({ type: t.literal('store-error'), error: StoreError }),
]);
export type StoreReply = t.TypeOf<typeof StoreReply>;

/** Messages a store sends to a watcher. */
export const StoreWatchMessage = t.union([
  /** Changes in revision order; `seq` counts batches per watch so a watcher notices a lost one. */
  t.type({ type: t.literal('store-events'), watchId: t.string, seq: t.number, revision: t.number, events: t.array(StoreEvent) }),
  /** The watch ended: its start revision was compacted (or the store went away). */
  t.type({ type: t.literal('store-watch-canceled'), watchId: t.string, error: StoreError }),
  /** Progress: nothing changed in the range up to `revision`. */
  t.type({ type: t.literal('store-progress'), watchId: t.string, seq: t.number, revision: t.number }),
]);
export type StoreWatchMessage = t.TypeOf<typeof StoreWatchMessage>;

const replyTo = refCodec<StoreReply>();

/** Requests a store answers; each carries the ref its reply goes to. */
export const StoreRequest = t.union([
  t.type({ type: t.literal('range'), request: RangeRequest, replyTo }),
  t.type({ type: t.literal('txn'), request: TxnRequest, replyTo }),
  t.type({ type: t.literal('compact'), revision: t.number, replyTo }),
  /** Watch a range from `startRevision` (inclusive; 0 = from the next change). Reply: `{ watchId }`. */
  t.intersection([
    t.type({ type: t.literal('watch'), watchId: t.string, range: KeyRange, startRevision: t.number, watcher: refCodec<StoreWatchMessage>(), replyTo }),
    t.partial({ prevKv: t.boolean }),
  ]),
  t.type({ type: t.literal('cancel-watch'), watchId: t.string }),
  /** Grant a lease (id 0 = let the store choose). Reply: `{ id, ttlMs }`. */
  t.type({ type: t.literal('lease-grant'), id: t.number, ttlMs: t.number, replyTo }),
  /** Renew a lease to its full TTL. Reply: `{ id, ttlMs }` or LeaseNotFound. */
  t.type({ type: t.literal('lease-keepalive'), id: t.number, replyTo }),
  /** Revoke a lease, deleting its keys. Reply: `{ revision }`. */
  t.type({ type: t.literal('lease-revoke'), id: t.number, replyTo }),
  /** The store's status. Reply: `{ revision, compactRevision, keys, leases }`. */
  t.type({ type: t.literal('status'), replyTo }),
]);
export type StoreRequest = t.TypeOf<typeof StoreRequest>;

/** The store's status, as `status` replies it. */
export interface StoreStatus {
  readonly revision: number;
  readonly compactRevision: number;
  readonly keys: number;
  readonly leases: number;
}

/**
 * The end of the range of every key starting with `prefix` (etcd's
 * `clientv3.GetPrefixRangeEnd`).
 *
 * @example
 * prefixEnd('/registry/pods/'); // '/registry/pods0'
 */
export const prefixEnd = (prefix: string): string => {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0';
};

/** Whether `key` lies in `range`. */
export const inRange = (key: string, range: KeyRange): boolean => {
  if (range.rangeEnd === undefined) return key === range.key;
  if (key < range.key) return false;
  return range.rangeEnd === '\0' || key < range.rangeEnd;
};
