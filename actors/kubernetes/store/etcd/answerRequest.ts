import * as E from 'fp-ts/Either';
import type { StoreError, StoreReply, StoreRequest, StoreStatus } from '../protocol.js';
import type { EtcdConnection, EtcdResult } from './EtcdConnection.js';
import type { EtcdFailure } from './etcdFailure.js';
import { LEASE_IDS_PER_KEYSPACE } from './EtcdKeyspace.js';

type WithoutReply<T> = T extends unknown ? Omit<T, 'replyTo'> : never;

/** The requests answered by calling etcd (watches are served by the store itself), without where the reply goes. */
export type EtcdCall = WithoutReply<Extract<StoreRequest, { type: 'range' | 'txn' | 'compact' | 'lease-grant' | 'lease-keepalive' | 'lease-revoke' | 'status' }>>;

/** What the store knows of etcd when it sends a call (for errors etcd reports without numbers). */
export interface Known {
  /** The last compaction revision the store knows of. */
  readonly compactRevision: number;
  /** The highest etcd revision the store has seen. */
  readonly revision: number;
}

/** A call's answer, and what the store learns from it. */
export interface Outcome {
  readonly reply: StoreReply;
  /** Hold the reply until the store's watch has delivered this revision (the call changed the keyspace). */
  readonly holdUntil?: number;
  /** An etcd revision the call saw. */
  readonly revision?: number;
  /** A compaction the call made. */
  readonly compactRevision?: number;
}

const ok = (result: unknown, extra: Omit<Outcome, 'reply'> = {}): Outcome => ({ reply: { type: 'store-ok', result }, ...extra });
const fail = (error: StoreError): Outcome => ({ reply: { type: 'store-error', error } });

/** A failure about `revision` as the protocol's error. */
const revisionError = (f: EtcdFailure, revision: number, known: Known): StoreError => {
  switch (f._tag) {
    case 'Compacted':
      // etcd does not say where it compacted; it is past `revision` at least.
      return { _tag: 'Compacted', revision, compactRevision: Math.max(known.compactRevision, revision + 1) };
    case 'FutureRevision':
      return { _tag: 'FutureRevision', revision, currentRevision: known.revision };
    case 'Unavailable':
      return f;
    default:
      return { _tag: 'Unavailable', reason: `etcd: unexpected ${f._tag}` };
  }
};

/** A failure about lease `lease` as the protocol's error. */
const leaseError = (f: EtcdFailure, lease: number): StoreError =>
  f._tag === 'LeaseNotFound' ? { _tag: 'LeaseNotFound', lease } : f._tag === 'Unavailable' ? f : { _tag: 'Unavailable', reason: `etcd: unexpected ${f._tag}` };

const ttlSeconds = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs / 1000));

/** Grant lease `id` (0: the next free id of the keyspace), or renew it if it exists (the embedded store re-grants in place). */
const grant = async (conn: EtcdConnection, id: number, ttlMs: number): Promise<EtcdResult<{ id: number; ttlMs: number }>> => {
  const ks = conn.keyspace;
  let chosen = id;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (id === 0) {
      const ids = await conn.leaseIds();
      if (E.isLeft(ids)) return ids;
      chosen = 1 + ids.right.filter((l) => ks.ownsLease(l)).reduce((max, l) => Math.max(max, ks.storeLease(l)), 0);
    }
    const etcdId = ks.etcdLease(chosen);
    if (etcdId === undefined || chosen === 0) return E.left({ _tag: 'Unavailable', reason: `lease id ${chosen} is outside this store's ids (1 … ${LEASE_IDS_PER_KEYSPACE - 1})` });
    const r = await conn.leaseGrant(etcdId, ttlSeconds(ttlMs));
    if (E.isRight(r)) return E.right({ id: chosen, ttlMs: r.right * 1000 });
    if (r.left._tag !== 'LeaseExists') return r;
    if (id !== 0) return E.map((ttl: number) => ({ id: chosen, ttlMs: ttl * 1000 }))(await conn.leaseKeepAliveOnce(etcdId));
    // Another store picked the same free id first: pick again.
  }
  return E.left({ _tag: 'Unavailable', reason: 'could not pick a free lease id' });
};

/**
 * Answer one store request by calling etcd. Never rejects: every etcd
 * failure becomes a `store-error` reply. Writes that changed the keyspace
 * say so in `holdUntil`.
 *
 * @example
 * const outcome = await answerRequest(conn, { type: 'range', request: { key: 'a' } }, { compactRevision: 0, revision: 7 });
 */
export const answerRequest = async (conn: EtcdConnection, req: EtcdCall, known: Known): Promise<Outcome> => {
  switch (req.type) {
    case 'range': {
      const r = await conn.range(req.request);
      return E.isLeft(r) ? fail(revisionError(r.left, req.request.revision ?? 0, known)) : ok(r.right, { revision: r.right.revision });
    }
    case 'txn': {
      const r = await conn.txn(req.request);
      if (E.isRight(r)) return ok(r.right.result, { revision: r.right.result.revision, ...(r.right.wrote ? { holdUntil: r.right.result.revision } : {}) });
      if (r.left._tag === 'LeaseNotFound') {
        const puts = [...req.request.success, ...req.request.failure].filter((op) => op.op === 'put' && (op.lease ?? 0) !== 0);
        return fail({ _tag: 'LeaseNotFound', lease: puts.length > 0 && puts[0].op === 'put' ? (puts[0].lease ?? 0) : 0 });
      }
      const ranged = [...req.request.success, ...req.request.failure].find((op) => op.op === 'range' && (op.revision ?? 0) > 0);
      return fail(revisionError(r.left, ranged !== undefined && ranged.op === 'range' ? (ranged.revision ?? 0) : 0, known));
    }
    case 'compact': {
      const r = await conn.compact(req.revision);
      if (E.isRight(r)) return ok({ revision: r.right }, { compactRevision: r.right });
      if (r.left._tag === 'Compacted') return fail({ _tag: 'Compacted', revision: req.revision, compactRevision: Math.max(known.compactRevision, req.revision) });
      return fail(revisionError(r.left, req.revision, known));
    }
    case 'lease-grant': {
      const r = await grant(conn, req.id, req.ttlMs);
      return E.isLeft(r) ? fail(leaseError(r.left, req.id)) : ok(r.right);
    }
    case 'lease-keepalive': {
      const id = conn.keyspace.etcdLease(req.id);
      if (id === undefined || req.id === 0) return fail({ _tag: 'LeaseNotFound', lease: req.id });
      const r = await conn.leaseKeepAliveOnce(id);
      return E.isLeft(r) ? fail(leaseError(r.left, req.id)) : ok({ id: req.id, ttlMs: r.right * 1000 });
    }
    case 'lease-revoke': {
      const id = conn.keyspace.etcdLease(req.id);
      if (id === undefined || req.id === 0) return fail({ _tag: 'LeaseNotFound', lease: req.id });
      // Which keys go with it decides whether watchers must see the deletes before the reply.
      const keys = await conn.leaseKeys(id);
      if (E.isLeft(keys)) return fail(leaseError(keys.left, req.id));
      const r = await conn.leaseRevoke(id);
      if (E.isLeft(r)) return fail(leaseError(r.left, req.id));
      const touches = keys.right.some((k) => conn.keyspace.owns(k));
      return ok({ revision: r.right }, { revision: r.right, ...(touches ? { holdUntil: r.right } : {}) });
    }
    case 'status': {
      const count = await conn.count();
      if (E.isLeft(count)) return fail(revisionError(count.left, 0, known));
      const leases = await conn.leaseIds();
      if (E.isLeft(leases)) return fail(revisionError(leases.left, 0, known));
      const status: StoreStatus = {
        revision: count.right.revision,
        compactRevision: known.compactRevision,
        keys: count.right.keys,
        leases: leases.right.filter((l) => conn.keyspace.ownsLease(l)).length,
      };
      return ok(status, { revision: count.right.revision });
    }
  }
};
