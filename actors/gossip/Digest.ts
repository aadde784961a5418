import * as t from 'io-ts';
import { compareVersions, type Entry } from './Entry.js';

/** One line of a digest: which version of a key a node holds (no value). */
export const DigestItem = t.type({ key: t.string, version: t.number, origin: t.string });
export type DigestItem = t.TypeOf<typeof DigestItem>;

/** What a node holds, without values: the first half of a push-pull anti-entropy exchange. */
export const Digest = t.array(DigestItem);
export type Digest = t.TypeOf<typeof Digest>;

/**
 * The digest of a node's entries, in key order (so equal holdings give equal digests).
 *
 * @example
 * digestOf(new Map([['a', { key: 'a', value: 1, version: 3, origin: 'n1' }]]));
 * // [{ key: 'a', version: 3, origin: 'n1' }]
 */
export const digestOf = (entries: ReadonlyMap<string, Entry<unknown>>): Digest => {
  const out: Digest = [];
  for (const e of entries.values()) out.push({ key: e.key, version: e.version, origin: e.origin });
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
};

/** What two holdings should exchange: see {@link compareDigest}. */
export interface DigestDiff<V> {
  /** Entries here that the digest's owner lacks or holds an older version of (key order). */
  readonly newerHere: Entry<V>[];
  /** Keys the digest's owner holds a newer version of, or that are missing here (key order). */
  readonly newerThere: string[];
}

/**
 * Compare a node's entries with a peer's digest. Both sides of an exchange
 * applying the result converge to the per-key winners of {@link compareVersions}.
 *
 * @example
 * const { newerHere, newerThere } = compareDigest(myEntries, theirDigest);
 */
export const compareDigest = <V>(entries: ReadonlyMap<string, Entry<V>>, digest: Digest): DigestDiff<V> => {
  const newerHere: Entry<V>[] = [];
  const newerThere: string[] = [];
  const seen = new Set<string>();
  for (const item of digest) {
    seen.add(item.key);
    const local = entries.get(item.key);
    const order = local === undefined ? -1 : compareVersions(local, item);
    if (order > 0) newerHere.push(local!);
    else if (order < 0) newerThere.push(item.key);
  }
  for (const e of entries.values()) if (!seen.has(e.key)) newerHere.push(e);
  newerHere.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  newerThere.sort();
  return { newerHere, newerThere };
};
