import { expect } from 'chai';
import { prefixEnd, type Compare, type KeyValue, type RangeResult, type StoreStatus, type StoreWatchMessage, type TxnResult } from '../../../../actors/kubernetes/index.js';
import { StoreClient, watchMessages, watchMessagesOf, type StoreHarness } from './storeKit.js';

const events = (m: StoreWatchMessage | undefined): Array<[string, string, unknown]> =>
  m?.type === 'store-events' ? m.events.map((e) => [e.type, e.kv.key, e.type === 'PUT' ? e.kv.value : e.prevKv?.value]) : [];

const fields = (kv: KeyValue): [string, unknown, number, number, number, number] => [kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version, kv.lease];

/**
 * The store protocol's contract, run against each backend (the embedded
 * store in a simulation, etcd live). Revisions are relative: an etcd shared
 * by the run does not start at 0. Where etcd cannot match the embedded store
 * exactly the sentence says what both guarantee:
 * - lease TTLs come back rounded up to whole seconds (at least etcd's 2 s minimum);
 * - compacting to C: revisions < C are gone in both (the embedded store also forgets C itself);
 * - `currentRevision` of FutureRevision is the store's latest known revision.
 */
export const storeContract = (makeHarness: () => StoreHarness | Promise<StoreHarness>): void => {
  let h: StoreHarness;
  let c: StoreClient;
  beforeEach(async () => {
    h = await makeHarness();
    c = new StoreClient(h, h.spawnStore(), h.recorder('client'));
  });
  afterEach(async () => {
    const failures = h.failures();
    await h.close();
    expect(failures, 'actor failures (the store must answer errors, not crash)').to.equal(0);
  });

  it('should answer a put with its revision and read the key back with its MVCC fields', async () => {
    const r1 = await c.put('a', { n: 1 });
    const r2 = await c.put('a', { n: 2 });
    expect(r2).to.equal(r1 + 1);
    const got = await c.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: 'a' }, replyTo }));
    expect(got.kvs.map(fields)).to.deep.equal([['a', { n: 2 }, r1, r2, 2, 0]]);
    expect(got).to.deep.include({ count: 1, more: false, revision: r2 });
  });

  it('should give a write transaction one new revision for all its puts, and none to a transaction without writes', async () => {
    const r = await c.ok<TxnResult>((replyTo) => ({ type: 'txn', request: { compare: [], success: [{ op: 'put', key: 'a', value: 1 }, { op: 'put', key: 'b', value: 2 }], failure: [] }, replyTo }));
    const all = await c.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: 'a', rangeEnd: '\0' }, replyTo }));
    expect(all.kvs.map((kv) => [kv.key, kv.modRevision, kv.createRevision, kv.version])).to.deep.equal([['a', r.revision, r.revision, 1], ['b', r.revision, r.revision, 1]]);
    const readOnly = await c.ok<TxnResult>((replyTo) => ({ type: 'txn', request: { compare: [], success: [{ op: 'range', key: 'a' }], failure: [] }, replyTo }));
    expect(readOnly.revision).to.equal(r.revision);
    expect(await c.del('missing')).to.equal(r.revision);
  });

  const compares: Array<{ name: string; compare: (r1: number, r2: number) => Compare; holds: boolean }> = [
    { name: 'create revision of an absent key is 0', compare: () => ({ key: 'x', target: 'create', op: '=', value: 0 }), holds: true },
    { name: 'mod revision equals the last write', compare: (_, r2) => ({ key: 'a', target: 'mod', op: '=', value: r2 }), holds: true },
    { name: 'mod revision of a stale read does not match', compare: (r1) => ({ key: 'a', target: 'mod', op: '=', value: r1 }), holds: false },
    { name: 'version counts puts since creation', compare: () => ({ key: 'a', target: 'version', op: '=', value: 2 }), holds: true },
    { name: 'create revision stays at the first put', compare: (_, r2) => ({ key: 'a', target: 'create', op: '<', value: r2 }), holds: true },
    { name: '!= of equal values fails', compare: (_, r2) => ({ key: 'a', target: 'mod', op: '!=', value: r2 }), holds: false },
    { name: '> compares numerically', compare: (r1) => ({ key: 'a', target: 'mod', op: '>', value: r1 }), holds: true },
    { name: '< of an absent key compares 0', compare: () => ({ key: 'x', target: 'version', op: '<', value: 1 }), holds: true },
  ];
  it(`should evaluate compares and run the chosen branch (${compares.length} cases)`, async () => {
    const r1 = await c.put('a', 1);
    const r2 = await c.put('a', 2);
    let rev = r2;
    for (const cs of compares) {
      const r = await c.ok<TxnResult>((replyTo) => ({
        type: 'txn',
        request: { compare: [cs.compare(r1, r2)], success: [{ op: 'put', key: 'ok', value: cs.name }], failure: [{ op: 'range', key: 'a' }] },
        replyTo,
      }));
      if (cs.holds) rev++;
      expect([cs.name, r.succeeded, r.revision]).to.deep.equal([cs.name, cs.holds, rev]);
      expect(r.results.map((x) => x.op)).to.deep.equal([cs.holds ? 'put' : 'range']);
    }
  });

  it('should report results in branch order: previous values of puts, deleted keys with their values, ranges', async () => {
    await c.put('old', 'one');
    await c.put('/p/1', 'a');
    await c.put('/p/2', 'b');
    // etcd refuses a transaction that writes one key twice ("duplicate key"), so each op has its own key.
    const r = await c.ok<TxnResult>((replyTo) => ({
      type: 'txn',
      request: {
        compare: [{ key: 'old', target: 'version', op: '=', value: 1 }],
        success: [
          { op: 'put', key: 'new', value: 'n' },
          { op: 'put', key: 'old', value: 'two' },
          { op: 'delete', key: '/p/', rangeEnd: prefixEnd('/p/') },
          { op: 'range', key: 'new' },
        ],
        failure: [],
      },
      replyTo,
    }));
    expect(r.succeeded).to.equal(true);
    const [putNew, putOld, del, range] = r.results;
    expect(putNew).to.deep.equal({ op: 'put', prevKv: null });
    expect(putOld.op === 'put' && putOld.prevKv?.value).to.equal('one');
    expect(del.op === 'delete' && [del.deleted, del.prevKvs.map((kv) => [kv.key, kv.value])]).to.deep.equal([2, [['/p/1', 'a'], ['/p/2', 'b']]]);
    expect(range.op === 'range' && range.result.kvs.map((kv) => kv.value)).to.deep.equal(['n']);
  });

  it('should read ranges with a limit, count only, to the end of the keyspace, and at a past revision', async () => {
    const r1 = await c.put('k1', 1);
    await c.put('k2', 2);
    await c.put('k3', 3);
    const r4 = await c.del('k1');
    const limited = await c.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: 'k', rangeEnd: '\0', limit: 1 }, replyTo }));
    expect([limited.kvs.map((kv) => kv.key), limited.count, limited.more]).to.deep.equal([['k2'], 2, true]);
    const counted = await c.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: 'k', rangeEnd: 'l', countOnly: true }, replyTo }));
    expect([counted.kvs, counted.count]).to.deep.equal([[], 2]);
    const past = await c.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: 'k', rangeEnd: '\0', revision: r1 }, replyTo }));
    expect([past.kvs.map((kv) => kv.key), past.revision]).to.deep.equal([['k1'], r1]);
    const future = await c.ask((replyTo) => ({ type: 'range', request: { key: 'k1', revision: r4 + 1000 }, replyTo }));
    expect(future.type === 'store-error' && future.error).to.deep.include({ _tag: 'FutureRevision', revision: r4 + 1000 });
    expect(future.type === 'store-error' && future.error._tag === 'FutureRevision' && future.error.currentRevision).to.be.at.least(r4).and.below(r4 + 1000);
  });

  it('should push watch events from a past revision, then live ones, each before the writer is answered', async () => {
    const r1 = await c.put('/a/1', 'x');
    await c.put('/b/1', 'y');
    await c.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: '/a/', rangeEnd: prefixEnd('/a/') }, startRevision: r1, watcher: c.rec.ref as never, replyTo }));
    const [first] = await watchMessages(h, c.rec, 'w', 1);
    expect(first).to.deep.include({ type: 'store-events', seq: 1 });
    expect(events(first)).to.deep.equal([['PUT', '/a/1', 'x']]);
    for (let i = 2; i <= 21; i++) {
      const before = c.rec.all.length;
      await c.put(`/a/${i}`, i);
      const mine = c.rec.all.slice(before);
      // One recorder is both watcher and writer, like the API server: the batch must come first.
      expect(mine.map((m) => (m as { type: string }).type), `write ${i}`).to.deep.equal(['store-events', 'store-ok']);
      expect(mine[0]).to.deep.include({ seq: i });
      expect(events(mine[0] as StoreWatchMessage)).to.deep.equal([['PUT', `/a/${i}`, i]]);
    }
  });

  it('should send previous values on request; deletes always carry the deleted value', async () => {
    const w = h.recorder('watcher');
    for (const [id, prevKv] of [['plain', false], ['prev', true]] as const) {
      await c.ok((replyTo) => ({ type: 'watch', watchId: id, range: { key: 'k' }, startRevision: 0, prevKv, watcher: w.ref as never, replyTo }));
    }
    await c.put('k', 1);
    await c.put('k', 2);
    await c.del('k');
    const plain = await watchMessages(h, w, 'plain', 3);
    const prev = await watchMessages(h, w, 'prev', 3);
    const shape = (ms: StoreWatchMessage[]) => ms.flatMap((m) => (m.type === 'store-events' ? m.events.map((e) => [e.type, e.kv.value, e.prevKv?.value]) : []));
    expect(shape(plain)).to.deep.equal([['PUT', 1, undefined], ['PUT', 2, undefined], ['DELETE', null, 2]]);
    expect(shape(prev)).to.deep.equal([['PUT', 1, undefined], ['PUT', 2, 1], ['DELETE', null, 2]]);
  });

  it('should start a watch from revision 0 at the next change, and stop one that is canceled', async () => {
    await c.put('k', 'before');
    const w = h.recorder('watcher');
    for (const id of ['kept', 'canceled']) await c.ok((replyTo) => ({ type: 'watch', watchId: id, range: { key: 'k' }, startRevision: 0, watcher: w.ref as never, replyTo }));
    await c.put('k', 'first');
    h.tell(c.store, { type: 'cancel-watch', watchId: 'canceled' });
    await c.put('k', 'second');
    await watchMessages(h, w, 'kept', 2);
    expect(watchMessagesOf(w, 'kept').map((m) => [m.type === 'store-events' && m.seq, events(m)])).to.deep.equal([
      [1, [['PUT', 'k', 'first']]],
      [2, [['PUT', 'k', 'second']]],
    ]);
    expect(watchMessagesOf(w, 'canceled').map(events)).to.deep.equal([[['PUT', 'k', 'first']]]);
  });

  it('should compact history: reads and watches before the compaction are Compacted, and so is compacting again', async () => {
    const r1 = await c.put('k', 0);
    const r2 = await c.put('k', 1);
    const r3 = await c.put('k', 2);
    expect(await c.ok((replyTo) => ({ type: 'compact', revision: r3, replyTo }))).to.deep.equal({ revision: r3 });
    const w = h.recorder('watcher');
    expect(await c.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: 'k' }, startRevision: r1, watcher: w.ref as never, replyTo }))).to.deep.equal({ watchId: 'w', canceled: true });
    expect(watchMessagesOf(w, 'w')).to.deep.equal([{ type: 'store-watch-canceled', watchId: 'w', error: { _tag: 'Compacted', revision: r1, compactRevision: r3 } }]);
    expect(await c.ask((replyTo) => ({ type: 'range', request: { key: 'k', revision: r1 }, replyTo }))).to.deep.equal({ type: 'store-error', error: { _tag: 'Compacted', revision: r1, compactRevision: r3 } });
    expect(await c.ask((replyTo) => ({ type: 'compact', revision: r2, replyTo }))).to.deep.equal({ type: 'store-error', error: { _tag: 'Compacted', revision: r2, compactRevision: r3 } });
    const future = await c.ask((replyTo) => ({ type: 'compact', revision: r3 + 1000, replyTo }));
    expect(future.type === 'store-error' && future.error._tag).to.equal('FutureRevision');
    expect((await c.ok<StoreStatus>((replyTo) => ({ type: 'status', replyTo }))).compactRevision).to.equal(r3);
  });

  it('should grant, renew and revoke leases; revoking deletes their keys, watchers first', async () => {
    const g = await c.ok<{ id: number; ttlMs: number }>((replyTo) => ({ type: 'lease-grant', id: 7, ttlMs: 60_000, replyTo }));
    expect(g).to.deep.equal({ id: 7, ttlMs: 60_000 });
    expect((await c.ok<{ id: number }>((replyTo) => ({ type: 'lease-grant', id: 0, ttlMs: 60_000, replyTo }))).id).to.equal(8);
    await c.put('leased', 'v', 7);
    await c.put('kept', 'v');
    const got = await c.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: 'leased' }, replyTo }));
    expect(got.kvs[0].lease).to.equal(7);
    expect(await c.ok((replyTo) => ({ type: 'lease-keepalive', id: 7, replyTo }))).to.deep.equal({ id: 7, ttlMs: 60_000 });
    expect(await c.ask((replyTo) => ({ type: 'lease-keepalive', id: 42, replyTo }))).to.deep.equal({ type: 'store-error', error: { _tag: 'LeaseNotFound', lease: 42 } });
    expect(await c.ask((replyTo) => ({ type: 'txn', request: { compare: [], success: [{ op: 'put', key: 'z', value: 1, lease: 42 }], failure: [] }, replyTo }))).to.deep.equal({
      type: 'store-error',
      error: { _tag: 'LeaseNotFound', lease: 42 },
    });
    await c.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: 'leased' }, startRevision: 0, watcher: c.rec.ref as never, replyTo }));
    const before = c.rec.all.length;
    const revoked = await c.ok<{ revision: number }>((replyTo) => ({ type: 'lease-revoke', id: 7, replyTo }));
    const mine = c.rec.all.slice(before);
    expect(mine.map((m) => (m as { type: string }).type)).to.deep.equal(['store-events', 'store-ok']);
    expect(mine[0]).to.deep.include({ revision: revoked.revision });
    expect(events(mine[0] as StoreWatchMessage)).to.deep.equal([['DELETE', 'leased', 'v']]);
    expect(await c.ask((replyTo) => ({ type: 'lease-revoke', id: 7, replyTo }))).to.deep.equal({ type: 'store-error', error: { _tag: 'LeaseNotFound', lease: 7 } });
    expect(await c.ok<StoreStatus>((replyTo) => ({ type: 'status', replyTo }))).to.deep.include({ revision: revoked.revision, keys: 1, leases: 1 });
  });

  it('should expire a lease on its TTL and delete its keys, telling watchers', async () => {
    const g = await c.ok<{ id: number; ttlMs: number }>((replyTo) => ({ type: 'lease-grant', id: 0, ttlMs: 1_500, replyTo }));
    // etcd grants whole seconds, at least its minimum TTL.
    expect(g.ttlMs).to.be.at.least(1_500);
    await c.put('ephemeral', 'v', g.id);
    const w = h.recorder('watcher');
    await c.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: 'ephemeral' }, startRevision: 0, watcher: w.ref as never, replyTo }));
    const [gone] = await watchMessages(h, w, 'w', 1, g.ttlMs + 10_000);
    expect(events(gone)).to.deep.equal([['DELETE', 'ephemeral', 'v']]);
    expect(await c.ok<StoreStatus>((replyTo) => ({ type: 'status', replyTo }))).to.deep.include({ keys: 0, leases: 0 });
  });

  it('should keep its data, history and leases across a crash of its node', async () => {
    const client = new StoreClient(h, c.store, h.recorder('remote', 'client'));
    await client.ok((replyTo) => ({ type: 'lease-grant', id: 7, ttlMs: 60_000, replyTo }));
    const r1 = await client.put('ev', 1, 7);
    const r2 = await client.put('kept', 2);
    client.store = await h.crashAndRestartStore();
    expect(await client.ok<StoreStatus>((replyTo) => ({ type: 'status', replyTo }))).to.deep.include({ revision: r2, keys: 2, leases: 1 });
    await client.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: '', rangeEnd: '\0' }, startRevision: r1, watcher: client.rec.ref as never, replyTo }));
    const [past] = await watchMessages(h, client.rec, 'w', 1);
    expect(events(past)).to.deep.equal([['PUT', 'ev', 1], ['PUT', 'kept', 2]]);
    // Leave no keyed lease behind: its expiry would write to an etcd the next specs share.
    await client.ok((replyTo) => ({ type: 'lease-revoke', id: 7, replyTo }));
  });
};
