import * as t from 'io-ts';
import { SLOTS } from './hashSlot.js';

// A module-level copy: hot loops read it as a local binding.
const SLOT_COUNT: number = SLOTS;

/** An inclusive range of hash slots `[first, last]`. */
export const SlotRange = t.tuple([t.number, t.number]);
/** An inclusive range of hash slots `[first, last]`. */
export type SlotRange = t.TypeOf<typeof SlotRange>;

/**
 * A set of hash slots as sorted, disjoint, non-adjacent inclusive ranges: the
 * compact form the cluster bus carries instead of a 2 KB bitmap (a master
 * usually owns one to a few ranges). Treat values as immutable: they are
 * shared between messages.
 */
export const SlotRanges = t.readonlyArray(SlotRange);
/** A set of hash slots as sorted, disjoint, non-adjacent inclusive ranges. */
export type SlotRanges = t.TypeOf<typeof SlotRanges>;

/** The empty slot set. */
export const NO_SLOTS: SlotRanges = Object.freeze([]) as SlotRanges;

/**
 * Ranges from slot numbers in any order (duplicates allowed).
 *
 * @example
 * slotRangesFrom([3, 1, 2, 7]); // [[1, 3], [7, 7]]
 */
export const slotRangesFrom = (slots: Iterable<number>): SlotRanges => {
  const sorted = [...new Set(slots)].sort((a, b) => a - b);
  const out: SlotRange[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === s - 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
};

/**
 * Ranges of the slots `i` for which `has(i)` is true, scanning 0..16383.
 *
 * @example
 * slotRangesWhere((s) => s < 100); // [[0, 99]]
 */
export const slotRangesWhere = (has: (slot: number) => boolean): SlotRanges => {
  const out: SlotRange[] = [];
  let start = -1;
  for (let s = 0; s < SLOT_COUNT; s++) {
    if (has(s)) {
      if (start < 0) start = s;
    } else if (start >= 0) {
      out.push([start, s - 1]);
      start = -1;
    }
  }
  if (start >= 0) out.push([start, SLOTS - 1]);
  return out;
};

/** Number of slots in a set. */
export const countSlots = (ranges: SlotRanges): number => {
  let n = 0;
  for (const [a, b] of ranges) n += b - a + 1;
  return n;
};

/** Whether a set contains a slot. */
export const hasSlot = (ranges: SlotRanges, slot: number): boolean => {
  for (const [a, b] of ranges) {
    if (slot < a) return false;
    if (slot <= b) return true;
  }
  return false;
};

/** Call `f` for every slot of a set, in order. */
export const forEachSlot = (ranges: SlotRanges, f: (slot: number) => void): void => {
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) f(s);
};

/** Whether two sets are equal (same reference first: the common case on the bus). */
export const sameSlots = (a: SlotRanges, b: SlotRanges): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
};

/** Whether every slot of `inner` is in `outer`. */
export const containsSlots = (outer: SlotRanges, inner: SlotRanges): boolean => {
  let j = 0;
  for (const [a, b] of inner) {
    while (j < outer.length && outer[j][1] < a) j++;
    if (j === outer.length || outer[j][0] > a || outer[j][1] < b) return false;
  }
  return true;
};

/** Whether every range is inside 0..16383, sorted and disjoint. */
export const validSlotRanges = (ranges: SlotRanges): boolean => {
  let prev = -1;
  for (const [a, b] of ranges) {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a <= prev || b < a || b >= SLOTS) return false;
    prev = b;
  }
  return true;
};

/**
 * Ranges as Redis prints them in CLUSTER NODES (`0-5460 5462 5464-6000`).
 *
 * @example
 * formatSlotRanges([[0, 5460], [7, 7]]); // ['0-5460', '7']
 */
export const formatSlotRanges = (ranges: SlotRanges): string[] => ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));

/**
 * Split all 16384 slots evenly over `n` masters, as `redis-cli --cluster
 * create` does (3 masters: 0-5460, 5461-10922, 10923-16383).
 *
 * @example
 * evenSlotRanges(3)[1]; // [[5461, 10922]]
 */
export const evenSlotRanges = (n: number): SlotRanges[] => {
  if (!Number.isInteger(n) || n < 1 || n > SLOTS) throw new RangeError(`cannot split ${SLOTS} slots over ${n} masters`);
  const per = SLOTS / n;
  const out: SlotRanges[] = [];
  let first = 0;
  let cursor = 0;
  for (let i = 0; i < n; i++) {
    let last = Math.round(cursor + per - 1);
    if (last > SLOTS - 1 || i === n - 1) last = SLOTS - 1;
    if (last < first) last = first;
    out.push([[first, last]]);
    first = last + 1;
    cursor += per;
  }
  return out;
};
