import * as t from 'io-ts';

/**
 * The codec of one versioned entry whose value is decoded by `value`: a key,
 * its value, the version of that value and the node that wrote it (`origin`).
 *
 * @example
 * const Member = entryCodec(t.type({ state: t.keyof({ up: null, down: null }) }));
 */
export const entryCodec = <V>(value: t.Type<V, unknown, unknown>) =>
  t.type({ key: t.string, value, version: t.number, origin: t.string });

/** One versioned entry of a gossip node. Entries are immutable: a write makes a new one. */
export const Entry = entryCodec(t.unknown);
export type Entry<V = unknown> = {
  /** What the entry is about, e.g. `member/n7` or `config/limit`. */
  readonly key: string;
  /** Its value (plain data: it travels in messages). */
  readonly value: V;
  /** Grows by one at every write of this key. */
  readonly version: number;
  /** The node that wrote this version. */
  readonly origin: string;
};

/**
 * The deterministic order of two versions of one key: higher version wins;
 * equal versions are broken by origin (the greater node name wins). Returns a
 * positive number when `a` wins, negative when `b` wins, 0 when they are the
 * same version from the same origin.
 *
 * @example
 * compareVersions({ version: 2, origin: 'a' }, { version: 1, origin: 'z' }); // > 0
 * compareVersions({ version: 2, origin: 'a' }, { version: 2, origin: 'b' }); // < 0
 */
export const compareVersions = (
  a: { readonly version: number; readonly origin: string },
  b: { readonly version: number; readonly origin: string },
): number => {
  if (a.version !== b.version) return a.version - b.version;
  return a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0;
};

/**
 * Merge an incoming version into what a node holds: the winner by
 * {@link compareVersions}. Same version from the same origin keeps `local`
 * (an origin never writes two values under one version: it persists its
 * version counter across crashes).
 *
 * @example
 * mergeEntry(undefined, incoming) === incoming;
 * mergeEntry(local, incoming) === (compareVersions(incoming, local) > 0 ? incoming : local);
 */
export const mergeEntry = <V>(local: Entry<V> | undefined, incoming: Entry<V>): Entry<V> =>
  local === undefined || compareVersions(incoming, local) > 0 ? incoming : local;

/** Whether `incoming` would replace `local` (it is strictly newer). */
export const isNewer = (incoming: Entry<unknown>, local: Entry<unknown> | undefined): boolean =>
  local === undefined || compareVersions(incoming, local) > 0;
