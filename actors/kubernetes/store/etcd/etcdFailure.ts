/**
 * What went wrong in one etcd call, as a tagged value. The request handlers
 * turn it into the protocol's {@link StoreError} (they know the revision or
 * lease the request was about).
 *
 * - `Compacted` / `FutureRevision`: a read, watch or compaction at a revision
 *   etcd no longer has / does not have yet;
 * - `LeaseNotFound`: the lease expired or was revoked (or never existed);
 * - `LeaseExists`: a grant with an id already in use;
 * - `Unavailable`: anything else — etcd unreachable, a deadline passed, the
 *   client closed, or an etcd error with no tag of its own (its text is the reason).
 */
export type EtcdFailure =
  | { readonly _tag: 'Compacted' }
  | { readonly _tag: 'FutureRevision' }
  | { readonly _tag: 'LeaseNotFound' }
  | { readonly _tag: 'LeaseExists' }
  | { readonly _tag: 'Unavailable'; readonly reason: string };

/**
 * etcd reports these conditions only as gRPC status text (its Go client's
 * `rpctypes` matches the same strings), so the text is matched here, once.
 */
const BY_TEXT: ReadonlyArray<readonly [string, EtcdFailure]> = [
  ['required revision has been compacted', { _tag: 'Compacted' }],
  ['required revision is a future revision', { _tag: 'FutureRevision' }],
  ['requested lease not found', { _tag: 'LeaseNotFound' }],
  ['lease already exists', { _tag: 'LeaseExists' }],
];

/** Classify an error thrown by the etcd3 client. */
export const etcdFailure = (err: unknown): EtcdFailure => {
  const text = err instanceof Error ? err.message : String(err);
  for (const [needle, failure] of BY_TEXT) if (text.includes(needle)) return failure;
  return { _tag: 'Unavailable', reason: `etcd: ${text.replace(/\s+/g, ' ').trim()}` };
};

/** The text of a failure, for reasons and logs. */
export const failureReason = (err: unknown): string => {
  const f = etcdFailure(err);
  return f._tag === 'Unavailable' ? f.reason : `etcd: ${f._tag}`;
};
