import * as t from 'io-ts';
import { SLOTS, keyHashSlot } from './hashSlot.js';

/** A value in the keyspace. Hashes are mutable maps owned by the keyspace. */
export type Value = { readonly type: 'string'; readonly value: string } | { readonly type: 'hash'; readonly value: Map<string, string> };

/**
 * One key as plain data (what full resyncs and MIGRATE carry): its type, its
 * value (hash fields as pairs) and its absolute expiry time (ms on the node's
 * clock, or null).
 */
export const DumpedEntry = t.union([
  t.type({ key: t.string, type: t.literal('string'), value: t.string, expireAt: t.union([t.number, t.null]) }),
  t.type({ key: t.string, type: t.literal('hash'), value: t.readonlyArray(t.tuple([t.string, t.string])), expireAt: t.union([t.number, t.null]) }),
]);
/** One key as plain data. */
export type DumpedEntry = t.TypeOf<typeof DumpedEntry>;

/**
 * The data of one Redis node: keys with typed values, absolute expiry times,
 * and an index of keys per hash slot (COUNTKEYSINSLOT, GETKEYSINSLOT,
 * dropping a slot). Expiry follows Redis: a master deletes an expired key when
 * it is touched or found by the active expire cycle and reports it through
 * `onExpire` (so the DEL is replicated); a replica (`expireKeys: false`)
 * hides logically expired keys from reads but keeps them until its master's
 * DEL arrives.
 *
 * @example
 * const ks = new Keyspace();
 * ks.set('a', { type: 'string', value: '1' }, 5_000);
 * ks.lookup('a', 6_000); // undefined: expired
 */
export class Keyspace {
  private readonly data = new Map<string, Value>();
  private readonly expires = new Map<string, number>();
  private readonly bySlot: Array<Set<string> | undefined> = new Array(SLOTS);
  private expireCursor: Iterator<[string, number]> | undefined;
  /** Whether this keyspace deletes expired keys itself (masters) or only hides them (replicas). */
  expireKeys = true;
  /** Called when an expired key is deleted (masters replicate it as DEL). */
  onExpire: ((key: string) => void) | undefined = undefined;

  /** Number of keys (logically expired keys not yet deleted included, as DBSIZE counts them). */
  /** Keys with a time to live. */
  get expiring(): number {
    return this.expires.size;
  }

  get size(): number {
    return this.data.size;
  }

  /** The live value of a key, or undefined (missing or expired). */
  lookup(key: string, now: number): Value | undefined {
    const v = this.data.get(key);
    if (v === undefined) return undefined;
    if (this.expires.size > 0) {
      const at = this.expires.get(key);
      if (at !== undefined && at <= now) {
        if (this.expireKeys) this.expire(key);
        return undefined;
      }
    }
    return v;
  }

  /** Store a value; `expireAt` sets (a number), clears (undefined) or keeps (`'keep'`) the expiry. */
  set(key: string, value: Value, expireAt: number | undefined | 'keep' = undefined): void {
    const before = this.data.size;
    this.data.set(key, value);
    // A new key (the map grew): index it by slot.
    if (this.data.size !== before) this.index(key);
    if (expireAt === 'keep') return;
    if (expireAt === undefined) {
      if (this.expires.size > 0) this.expires.delete(key);
    } else this.expires.set(key, expireAt);
  }

  /** Delete a key; whether it existed (expired keys count as missing). */
  del(key: string, now: number): boolean {
    const live = this.lookup(key, now) !== undefined;
    if (this.data.has(key)) this.remove(key);
    return live;
  }

  /** Absolute expiry time of a live key, or undefined. */
  expireAt(key: string): number | undefined {
    return this.expires.get(key);
  }

  /** Set the expiry of an existing key. */
  setExpire(key: string, at: number): void {
    if (this.data.has(key)) this.expires.set(key, at);
  }

  /** Remove the expiry of a key; whether it had one. */
  persist(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Keys in a slot (at most `count`), in insertion order. */
  keysInSlot(slot: number, count = Infinity): string[] {
    const set = this.bySlot[slot];
    if (set === undefined) return [];
    const out: string[] = [];
    for (const k of set) {
      if (out.length >= count) break;
      out.push(k);
    }
    return out;
  }

  /** Number of keys in a slot. */
  countInSlot(slot: number): number {
    return this.bySlot[slot]?.size ?? 0;
  }

  /** Delete every key of a slot; how many were deleted. */
  deleteSlot(slot: number): number {
    const set = this.bySlot[slot];
    if (set === undefined) return 0;
    const keys = [...set];
    for (const k of keys) this.remove(k);
    return keys.length;
  }

  /**
   * Masters: delete up to `budget` expired keys (Redis's active expire cycle),
   * reporting each through `onExpire`. Scans round-robin across calls.
   */
  activeExpireCycle(now: number, budget = 20): number {
    if (!this.expireKeys || this.expires.size === 0) return 0;
    let deleted = 0;
    let scanned = 0;
    const limit = Math.min(this.expires.size, budget * 5);
    while (scanned < limit && deleted < budget) {
      if (this.expireCursor === undefined) this.expireCursor = this.expires.entries();
      const next = this.expireCursor.next();
      if (next.done === true) {
        this.expireCursor = undefined;
        if (scanned === 0) break;
        continue;
      }
      scanned++;
      const [key, at] = next.value;
      if (at <= now) {
        this.expire(key);
        deleted++;
      }
    }
    return deleted;
  }

  /** Dump keys (all of them by default) as plain data, skipping expired ones. */
  dump(now: number, keys?: Iterable<string>): DumpedEntry[] {
    const out: DumpedEntry[] = [];
    for (const key of keys ?? this.data.keys()) {
      const v = this.data.get(key);
      if (v === undefined) continue;
      const at = this.expires.get(key);
      if (at !== undefined && at <= now) continue;
      out.push(dumpValue(key, v, at ?? null));
    }
    return out;
  }

  /** Load dumped keys (replacing existing ones). */
  restore(entries: ReadonlyArray<DumpedEntry>): void {
    for (const e of entries) this.set(e.key, restoreValue(e), e.expireAt ?? undefined);
  }

  /** Delete everything. */
  flush(): void {
    this.data.clear();
    this.expires.clear();
    this.bySlot.fill(undefined);
    this.expireCursor = undefined;
  }

  private expire(key: string): void {
    this.remove(key);
    this.onExpire?.(key);
  }

  private index(key: string): void {
    const slot = keyHashSlot(key);
    let set = this.bySlot[slot];
    if (set === undefined) this.bySlot[slot] = set = new Set();
    set.add(key);
  }

  private remove(key: string): void {
    this.data.delete(key);
    this.expires.delete(key);
    const slot = keyHashSlot(key);
    const set = this.bySlot[slot];
    if (set !== undefined) {
      set.delete(key);
      if (set.size === 0) this.bySlot[slot] = undefined;
    }
  }
}

/** A value as plain data. */
export const dumpValue = (key: string, v: Value, expireAt: number | null): DumpedEntry =>
  v.type === 'string' ? { key, type: 'string', value: v.value, expireAt } : { key, type: 'hash', value: [...v.value], expireAt };

/** A value from plain data (a fresh map for hashes). */
export const restoreValue = (e: DumpedEntry): Value =>
  e.type === 'string' ? { type: 'string', value: e.value } : { type: 'hash', value: new Map(e.value) };
