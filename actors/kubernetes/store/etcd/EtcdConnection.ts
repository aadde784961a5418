import * as E from 'fp-ts/Either';
import { Observable } from 'rxjs';
import type { Etcd3, IDuplexStream, IOptions, IRequestOp, IResponseOp, IWatchRequest, IWatchResponse } from 'etcd3';
import type { Clock } from '../../../../lib/time/index.js';
import type { RangeRequest, RangeResult, StoreEvent, TxnOp, TxnOpResult, TxnRequest, TxnResult } from '../protocol.js';
import { etcdFailure, failureReason, type EtcdFailure } from './etcdFailure.js';
import { revisionOf, type EtcdKeyspace } from './EtcdKeyspace.js';

/** An etcd call's outcome. */
export type EtcdResult<A> = E.Either<EtcdFailure, A>;

/** What the keyspace watch reports, decoded. */
export type WatchFrame =
  /** etcd accepted the watch; changes from its start revision follow. */
  | { readonly kind: 'created' }
  /** Changes, in revision order; `revision` is etcd's revision when it sent them. */
  | { readonly kind: 'events'; readonly revision: number; readonly events: StoreEvent[] }
  /** etcd's progress notification: no change in the keyspace up to `revision` is still to come. */
  | { readonly kind: 'progress'; readonly revision: number }
  /** The start revision was compacted (the watch is over). */
  | { readonly kind: 'compacted'; readonly compactRevision: number }
  /** The stream failed or ended (the watch is over). */
  | { readonly kind: 'broken'; readonly reason: string };

/** Options of {@link EtcdConnection}. */
export interface EtcdConnectionOptions {
  /** etcd client URLs, e.g. `http://127.0.0.1:2379`. */
  readonly endpoints: ReadonlyArray<string>;
  /** Deadline of each call. */
  readonly requestTimeoutMs: number;
  /** The troupe clock: deadlines are set on the real clock only. */
  readonly clock: Clock;
}

/**
 * A cockatiel policy that runs the call once: the store reports failures, its
 * callers decide about retries (a retried txn could apply twice). Async, so
 * a synchronous throw becomes a rejection (etcd3 rethrows stream errors
 * through the policy and only catches rejections).
 */
const once = { execute: async (fn: (context: { signal: AbortSignal }) => unknown) => fn({ signal: new AbortController().signal }) };

/**
 * The etcd v3 API in the store protocol's terms, over the `etcd3` client
 * (loaded on first use, so the embedded store's users do not pay for gRPC):
 * keys and values go through an {@link EtcdKeyspace}; every call returns an
 * {@link EtcdResult} and never rejects; on the real clock every call has a
 * deadline.
 */
export class EtcdConnection {
  private readonly client: Promise<Etcd3>;
  private closed = false;

  constructor(
    private readonly options: EtcdConnectionOptions,
    readonly keyspace: EtcdKeyspace,
  ) {
    const clientOptions: IOptions = {
      hosts: [...options.endpoints],
      dialTimeout: options.requestTimeoutMs,
      faultHandling: { global: once as never, host: () => once as never },
    };
    this.client = import('etcd3').then((m) => new m.Etcd3(clientOptions));
    // A failed import surfaces as each call's failure.
    this.client.catch(() => undefined);
  }

  private callOptions(): { deadline?: number } {
    return this.options.clock.kind === 'real' ? { deadline: this.options.clock.now() + this.options.requestTimeoutMs } : {};
  }

  /** Run one call, turning a rejection into a failure. */
  private async call<A>(f: (c: Etcd3, o: { deadline?: number }) => Promise<A>): Promise<EtcdResult<A>> {
    if (this.closed) return E.left({ _tag: 'Unavailable', reason: 'etcd client closed' });
    try {
      return E.right(await f(await this.client, this.callOptions()));
    } catch (err) {
      return E.left(etcdFailure(err));
    }
  }

  /** A range read (at `revision` if given: the result then carries that revision, as the embedded store's does). */
  async range(req: RangeRequest): Promise<EtcdResult<RangeResult>> {
    const ks = this.keyspace;
    const r = await this.call((c, o) => c.kv.range({ ...ks.range(req), revision: req.revision ?? 0, limit: req.limit ?? 0, count_only: req.countOnly ?? false }, o));
    return E.map((res: Awaited<ReturnType<Etcd3['kv']['range']>>) => ({
      kvs: res.kvs.map((kv) => ks.kv(kv)),
      count: Number(res.count),
      more: res.more,
      revision: req.revision !== undefined && req.revision > 0 ? req.revision : revisionOf(res.header.revision),
    }))(r);
  }

  /** A transaction; `wrote` says whether it made a new revision (a put, or a delete that deleted something). */
  async txn(req: TxnRequest): Promise<EtcdResult<{ result: TxnResult; wrote: boolean }>> {
    const ks = this.keyspace;
    const op = (o: TxnOp): IRequestOp | undefined => {
      if (o.op === 'put') {
        const lease = ks.etcdLease(o.lease ?? 0);
        return lease === undefined ? undefined : { request_put: { key: ks.key(o.key), value: ks.encode(o.value), lease, prev_kv: true } };
      }
      if (o.op === 'delete') return { request_delete_range: { ...ks.range(o), prev_kv: true } };
      return { request_range: { ...ks.range(o), revision: o.revision ?? 0, limit: o.limit ?? 0, count_only: o.countOnly ?? false } };
    };
    const success = req.success.map(op);
    const failure = req.failure.map(op);
    if (success.includes(undefined) || failure.includes(undefined)) return E.left({ _tag: 'LeaseNotFound' });
    const compare = req.compare.map((c) => ({
      key: ks.key(c.key),
      target: c.target === 'mod' ? ('Mod' as const) : c.target === 'create' ? ('Create' as const) : ('Version' as const),
      result: c.op === '=' ? ('Equal' as const) : c.op === '!=' ? ('NotEqual' as const) : c.op === '<' ? ('Less' as const) : ('Greater' as const),
      [c.target === 'mod' ? 'mod_revision' : c.target === 'create' ? 'create_revision' : 'version']: c.value,
    }));
    const r = await this.call((c, o) => c.kv.txn({ compare, success: success as IRequestOp[], failure: failure as IRequestOp[] }, o));
    if (E.isLeft(r)) return r;
    const revision = revisionOf(r.right.header.revision);
    let wrote = false;
    const results = r.right.responses.map((res: IResponseOp): TxnOpResult => {
      if (res.response_put !== undefined && res.response_put !== null) {
        wrote = true;
        const prev = res.response_put.prev_kv;
        return { op: 'put', prevKv: prev === undefined || prev === null ? null : ks.kv(prev) };
      }
      if (res.response_delete_range !== undefined && res.response_delete_range !== null) {
        const deleted = Number(res.response_delete_range.deleted);
        if (deleted > 0) wrote = true;
        return { op: 'delete', deleted, prevKvs: (res.response_delete_range.prev_kvs ?? []).map((kv) => ks.kv(kv)) };
      }
      const rr = res.response_range;
      return { op: 'range', result: { kvs: rr.kvs.map((kv) => ks.kv(kv)), count: Number(rr.count), more: rr.more, revision } };
    });
    return E.right({ result: { succeeded: r.right.succeeded, revision, results }, wrote });
  }

  /** Compact etcd's history (all of etcd: compaction is not per keyspace) up to `revision`. */
  async compact(revision: number): Promise<EtcdResult<number>> {
    return E.map(() => revision)(await this.call((c, o) => c.kv.compact({ revision, physical: false }, o)));
  }

  /** etcd's current revision and the number of keys in the keyspace. */
  async count(): Promise<EtcdResult<{ revision: number; keys: number }>> {
    const r = await this.call((c, o) => c.kv.range({ ...this.keyspace.all(), count_only: true }, o));
    return E.map((res: { header: { revision: string }; count: string }) => ({ revision: revisionOf(res.header.revision), keys: Number(res.count) }))(r);
  }

  /**
   * etcd's compaction revision (0 if nothing was compacted), found by
   * bisecting reads at past revisions: etcd reads at `r` fail with
   * "compacted" exactly when `r` < the compaction revision, and etcd 3.4
   * reports that revision nowhere else.
   */
  async compactRevision(current: number): Promise<EtcdResult<number>> {
    const key = this.keyspace.all().key;
    const readable = async (revision: number): Promise<EtcdResult<boolean>> => {
      const r = await this.call((c, o) => c.kv.range({ key, revision, count_only: true }, o));
      if (E.isRight(r)) return E.right(true);
      return r.left._tag === 'Compacted' ? E.right(false) : r;
    };
    const first = await readable(1);
    if (E.isLeft(first) || first.right) return E.map(() => 0)(first);
    let lo = 1;
    let hi = Math.max(1, current);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const ok = await readable(mid);
      if (E.isLeft(ok)) return ok;
      if (ok.right) hi = mid;
      else lo = mid;
    }
    return E.right(hi);
  }

  /** Grant a lease with etcd id `id` for `ttlSeconds`; returns the TTL etcd granted (it raises short ones to its minimum). */
  async leaseGrant(id: string, ttlSeconds: number): Promise<EtcdResult<number>> {
    return E.map((res: { TTL: string }) => Number(res.TTL))(await this.call((c, o) => c.leaseClient.leaseGrant({ ID: id, TTL: ttlSeconds }, o)));
  }

  /** Renew a lease once; returns its TTL (seconds), or LeaseNotFound. */
  async leaseKeepAliveOnce(id: string): Promise<EtcdResult<number>> {
    const r = await this.call(async (c, o) => {
      const stream = await c.leaseClient.leaseKeepAlive(o);
      return new Promise<number>((resolve, reject) => {
        const finish = (f: () => void): void => {
          // Half-close first: etcd3 resets the host's channels on an error from a still-writable stream.
          stream.end();
          stream.cancel();
          f();
        };
        stream.on('data', (res) => finish(() => resolve(Number(res.TTL))));
        stream.on('error', (err) => finish(() => reject(err)));
        stream.on('end', () => finish(() => reject(new Error('keepalive stream ended'))));
        stream.write({ ID: id });
      });
    });
    if (E.isRight(r) && r.right <= 0) return E.left({ _tag: 'LeaseNotFound' });
    return r;
  }

  /** The keys attached to a lease (etcd keys), or LeaseNotFound. */
  async leaseKeys(id: string): Promise<EtcdResult<Buffer[]>> {
    const r = await this.call((c, o) => c.leaseClient.leaseTimeToLive({ ID: id, keys: true }, o));
    if (E.isRight(r) && Number(r.right.TTL) < 0) return E.left({ _tag: 'LeaseNotFound' });
    return E.map((res: { keys?: Buffer[] }) => res.keys ?? [])(r);
  }

  /** Revoke a lease (its keys are deleted in one revision); returns etcd's revision after it. */
  async leaseRevoke(id: string): Promise<EtcdResult<number>> {
    return E.map((res: { header: { revision: string } }) => revisionOf(res.header.revision))(await this.call((c, o) => c.leaseClient.leaseRevoke({ ID: id }, o)));
  }

  /** Every live lease id of etcd (all keyspaces). */
  async leaseIds(): Promise<EtcdResult<string[]>> {
    return E.map((res: { leases: Array<{ ID: string }> }) => res.leases.map((l) => l.ID))(await this.call((c, o) => c.leaseClient.leaseLeases(o)));
  }

  /**
   * Watch the whole keyspace from `fromRevision` with previous values, on a
   * watch stream of its own. The stream never errors: a failure is a
   * `broken` frame, then completion. Unsubscribing closes the stream.
   */
  watch(fromRevision: number): Observable<WatchFrame> {
    const ks = this.keyspace;
    return new Observable<WatchFrame>((sub) => {
      let stream: IDuplexStream<IWatchRequest, IWatchResponse> | undefined;
      let over = false;
      const end = (frame: WatchFrame): void => {
        if (over) return;
        over = true;
        sub.next(frame);
        sub.complete();
      };
      const onData = (res: IWatchResponse): void => {
        // A progress_request's answer (id -1) is not ordered with the events in etcd 3.4; this store never asks for one.
        if (over || res.watch_id === '-1') return;
        if (res.created) {
          if (res.canceled) end({ kind: 'broken', reason: `etcd refused the watch: ${res.cancel_reason}` });
          else sub.next({ kind: 'created' });
          return;
        }
        if (res.canceled || revisionOf(res.compact_revision) > 0) {
          const compactRevision = revisionOf(res.compact_revision);
          end(compactRevision > 0 ? { kind: 'compacted', compactRevision } : { kind: 'broken', reason: `etcd canceled the watch: ${res.cancel_reason || 'no reason given'}` });
          return;
        }
        const revision = revisionOf(res.header.revision);
        if (res.events.length === 0) sub.next({ kind: 'progress', revision });
        else sub.next({ kind: 'events', revision, events: res.events.map((ev) => ks.event(ev)) });
      };
      this.client.then(
        async (c) => {
          if (over || this.closed) return end({ kind: 'broken', reason: 'etcd client closed' });
          stream = await c.watchClient.watch();
          stream.on('error', (err) => end({ kind: 'broken', reason: failureReason(err) }));
          if (over) {
            stream.end();
            stream.cancel();
            return;
          }
          stream.on('data', onData);
          stream.on('end', () => end({ kind: 'broken', reason: 'etcd closed the watch stream' }));
          stream.write({ create_request: { ...ks.all(), start_revision: fromRevision, prev_kv: true, progress_notify: true } });
        },
        (err: unknown) => end({ kind: 'broken', reason: `etcd client failed to load: ${String(err)}` }),
      ).catch((err: unknown) => end({ kind: 'broken', reason: failureReason(err) }));
      return () => {
        over = true;
        if (stream !== undefined) {
          stream.end();
          stream.cancel();
        }
      };
    });
  }

  /** Close the client (pending calls fail as Unavailable). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.then((c) => c.close(), () => undefined);
  }
}
