import type { KeyRange, KeyValue, StoreEvent } from '../protocol.js';

/** An etcd key-value pair as the etcd3 client returns it (mvccpb.KeyValue; int64 fields as decimal strings). */
export interface RawKeyValue {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly create_revision: string;
  readonly mod_revision: string;
  readonly version: string;
  readonly lease: string;
}

/** An etcd watch event as the etcd3 client returns it. */
export interface RawEvent {
  readonly type: 'Put' | 'Delete' | number;
  readonly kv: RawKeyValue;
  readonly prev_kv?: RawKeyValue | null;
}

/** How many lease ids one keyspace owns (ids 1 … 2^40 − 1). */
export const LEASE_IDS_PER_KEYSPACE = 2 ** 40;
const LEASE_WINDOW = BigInt(LEASE_IDS_PER_KEYSPACE);

/** FNV-1a of a string's UTF-8 bytes, 32 bits. */
const fnv1a = (bytes: Buffer): number => {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
};

/** etcd's `GetPrefixRangeEnd` on bytes: the first key after every key starting with `prefix`. */
const bytesPrefixEnd = (prefix: Buffer): Buffer => {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
};

/** An etcd revision (int64 as a decimal string) as a number; revisions stay far below 2^53. */
export const revisionOf = (s: string | number | undefined | null): number => (s === undefined || s === null ? 0 : Number(s));

/**
 * One store's slice of a shared etcd: every key lives under `prefix`, every
 * lease id in a window of 2^40 ids of its own, and values are JSON. It turns
 * the store protocol's keys, ranges, values and lease ids into etcd's bytes
 * and int64s and back.
 *
 * Lease ids are namespaced because etcd's lease ids are global to the etcd
 * cluster (two test clusters granting lease 1 would collide) and because an
 * id etcd picks itself is a random 63-bit number a JS number cannot carry.
 * The window is chosen from a hash of the prefix (prefix '' uses ids as
 * given); two prefixes share a window with probability 2^-20.
 *
 * @example
 * const ks = new EtcdKeyspace('/clusters/a');
 * ks.key('/registry/pods/x'); // <Buffer '/clusters/a/registry/pods/x'>
 * ks.range({ key: '/registry/', rangeEnd: '\0' }); // every key of the slice from '/registry/'
 */
export class EtcdKeyspace {
  readonly prefixBytes: Buffer;
  /** First etcd lease id of this keyspace's window (0 for prefix ''). */
  readonly leaseBase: bigint;

  constructor(readonly prefix: string) {
    this.prefixBytes = Buffer.from(prefix, 'utf8');
    this.leaseBase = prefix === '' ? 0n : BigInt((fnv1a(this.prefixBytes) & 0xfffff) + 1) * LEASE_WINDOW;
  }

  /** The etcd key of a store key. */
  key(key: string): Buffer {
    return Buffer.from(this.prefix + key, 'utf8');
  }

  /** The store key of an etcd key of this keyspace. */
  unkey(key: Buffer): string {
    return key.subarray(this.prefixBytes.length).toString('utf8');
  }

  /** Whether an etcd key lies in this keyspace. */
  owns(key: Buffer): boolean {
    return key.length >= this.prefixBytes.length && key.subarray(0, this.prefixBytes.length).equals(this.prefixBytes);
  }

  /** The whole keyspace as an etcd range. */
  all(): { key: Buffer; range_end: Buffer } {
    return this.prefix === '' ? { key: Buffer.from([0]), range_end: Buffer.from([0]) } : { key: this.prefixBytes, range_end: bytesPrefixEnd(this.prefixBytes) };
  }

  /** A store range as an etcd range; `rangeEnd: '\0'` stops at the end of the keyspace, not of etcd. */
  range(r: KeyRange): { key: Buffer; range_end?: Buffer } {
    if (r.rangeEnd === undefined) return { key: this.key(r.key) };
    if (r.rangeEnd === '\0') return { key: this.key(r.key), range_end: this.all().range_end };
    return { key: this.key(r.key), range_end: this.key(r.rangeEnd) };
  }

  /** A value as etcd bytes (JSON; `undefined` is stored as `null`). */
  encode(value: unknown): Buffer {
    return Buffer.from(JSON.stringify(value ?? null), 'utf8');
  }

  /** Bytes from etcd as a value: JSON, or the text itself when another client wrote something else. */
  decode(bytes: Buffer | undefined): unknown {
    if (bytes === undefined || bytes.length === 0) return null;
    const text = bytes.toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  /** The etcd lease id of a store lease id (0 = none); undefined when the id is outside the window. */
  etcdLease(id: number): string | undefined {
    if (id === 0) return '0';
    if (!Number.isInteger(id) || id < 0 || id >= LEASE_IDS_PER_KEYSPACE) return undefined;
    return (this.leaseBase + BigInt(id)).toString();
  }

  /** The store lease id of an etcd lease id: its offset in the window, or the id itself if it is foreign. */
  storeLease(id: string | number | undefined | null): number {
    if (id === undefined || id === null) return 0;
    const n = BigInt(id);
    if (n === 0n) return 0;
    if (n >= this.leaseBase && n < this.leaseBase + LEASE_WINDOW) return Number(n - this.leaseBase);
    return Number(n);
  }

  /** Whether an etcd lease id belongs to this keyspace's window. */
  ownsLease(id: string | number): boolean {
    const n = BigInt(id);
    return n > this.leaseBase && n < this.leaseBase + LEASE_WINDOW;
  }

  /** An etcd key-value pair as the protocol's KeyValue. */
  kv(raw: RawKeyValue): KeyValue {
    return {
      key: this.unkey(raw.key),
      value: this.decode(raw.value),
      createRevision: revisionOf(raw.create_revision),
      modRevision: revisionOf(raw.mod_revision),
      version: revisionOf(raw.version),
      lease: this.storeLease(raw.lease),
    };
  }

  /**
   * An etcd watch event as the protocol's StoreEvent. A delete's kv is the
   * tombstone (key and the deleting revision, the rest 0), as the embedded
   * store reports it.
   */
  event(raw: RawEvent): StoreEvent {
    const isDelete = raw.type === 'Delete' || raw.type === 1;
    const kv: KeyValue = isDelete
      ? { key: this.unkey(raw.kv.key), value: null, createRevision: 0, modRevision: revisionOf(raw.kv.mod_revision), version: 0, lease: 0 }
      : this.kv(raw.kv);
    const prev = raw.prev_kv === undefined || raw.prev_kv === null ? undefined : this.kv(raw.prev_kv);
    return prev === undefined ? { type: isDelete ? 'DELETE' : 'PUT', kv } : { type: isDelete ? 'DELETE' : 'PUT', kv, prevKv: prev };
  }
}
