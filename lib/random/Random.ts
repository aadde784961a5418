import { xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/**
 * A seeded pseudo-random stream. Every random choice in troupe (gossip peers,
 * election delays, latency, faults, backoff jitter) comes from one of these,
 * so a run is reproducible from its seed.
 *
 * @example
 * const root = createRandom(42);
 * const nodeA = root.fork('node-a'); // independent of root's own draws
 * nodeA.int(1, 6);
 */
export interface Random {
  /** The 32-bit seed this stream was created from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p (default 0.5). */
  bool(p?: number): boolean;
  /** One element of a non-empty array. */
  pick<A>(items: ReadonlyArray<A>): A;
  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<A>(items: ReadonlyArray<A>): A[];
  /** k distinct elements (all of them when k ≥ length), in random order. */
  sample<A>(items: ReadonlyArray<A>, k: number): A[];
  /** An exponentially distributed float with the given mean. */
  exponential(mean: number): number;
  /**
   * An independent stream derived from this stream's seed and `name` only.
   * Forking does not draw from this stream, and the same name always gives the
   * same stream, so adding a node does not change any other node's draws.
   */
  fork(name: string): Random;
}

const TWO_POW_32 = 4294967296;

/** FNV-1a over the UTF-16 code units of a string, then a murmur3 finalizer. */
const hashName = (seed: number, name: string): number => {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
};

class SeededRandom implements Random {
  private readonly rng: RandomGenerator;

  constructor(readonly seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  next(): number {
    // 32 random bits are plenty for simulation choices; keeps the hot path to one draw.
    return (this.rng.unsafeNext() >>> 0) / TWO_POW_32;
  }

  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max < min`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<A>(items: ReadonlyArray<A>): A {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<A>(items: ReadonlyArray<A>): A[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  sample<A>(items: ReadonlyArray<A>, k: number): A[] {
    const n = items.length;
    if (k >= n) return this.shuffle(items);
    if (k <= 0) return [];
    if (k * 4 < n) {
      // Floyd's algorithm: O(k) draws and no copy of a large array.
      const chosen = new Set<number>();
      for (let j = n - k; j < n; j++) {
        const t = Math.floor(this.next() * (j + 1));
        chosen.add(chosen.has(t) ? j : t);
      }
      const out: A[] = [];
      for (const i of chosen) out.push(items[i]);
      return this.shuffle(out);
    }
    // Partial Fisher–Yates on a copy: O(n) copy, O(k) draws.
    const out = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (n - i));
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    out.length = k;
    return out;
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  fork(name: string): Random {
    return new SeededRandom(hashName(this.seed, name));
  }
}

/**
 * Create a seeded random stream.
 *
 * @example
 * const r = createRandom(7);
 * r.pick(['a', 'b', 'c']);
 */
export const createRandom = (seed: number): Random => {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  return new SeededRandom(seed >>> 0);
};
