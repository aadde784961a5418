import { expect } from 'chai';
import type { Ref } from '../../../../lib/actor/index.js';
import { apiServerBehavior, etcdStoreBehavior, prefixEnd, type ApiReply, type ApiRequest, type EtcdStoreOptions, type RangeResult, type StoreStatus, type StoreWatchMessage } from '../../../../actors/kubernetes/index.js';
import { startEtcd, type EtcdProcess } from '../../../support/etcd.js';
import { liveHarness, StoreClient, watchMessages, watchMessagesOf, type StoreHarness } from './storeKit.js';
import { storeContract } from './storeContract.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';

let keyspaces = 0;
/** A keyspace of its own for each spec: they share one etcd. */
const freshPrefix = (): string => `/troupe-spec/${process.pid}/${++keyspaces}`;

const changes = (ms: StoreWatchMessage[]): Array<[string, string, unknown]> =>
  ms.flatMap((m) => (m.type === 'store-events' ? m.events.map((e): [string, string, unknown] => [e.type, e.kv.key, e.kv.value]) : []));

describe('etcdStoreBehavior (live, against a real etcd)', function () {
  this.timeout(60_000);
  let etcd: EtcdProcess;
  before(async () => {
    etcd = await startEtcd();
  });
  after(async () => {
    await etcd?.stop();
  });

  describe('the store contract', () => {
    storeContract(() => {
      const prefix = freshPrefix();
      return liveHarness(() => etcdStoreBehavior({ endpoints: etcd.endpoint, prefix, compactionIntervalMs: 0 }));
    });
  });

  describe('etcd specifics', () => {
    const open: Array<StoreHarness | TcpProxy> = [];
    const live = (options: EtcdStoreOptions = {}) => {
      const h = liveHarness(() => etcdStoreBehavior({ endpoints: etcd.endpoint, prefix: freshPrefix(), compactionIntervalMs: 0, ...options }));
      open.push(h);
      return h;
    };
    const client = (h: StoreHarness, name = 'client') => new StoreClient(h, h.spawnStore(), h.recorder(name));
    const proxy = async (): Promise<TcpProxy> => {
      const p = await startTcpProxy(etcd.clientPort);
      open.push(p);
      return p;
    };
    afterEach(async () => {
      for (const x of open.splice(0).reverse()) await x.close();
    });

    it('should keep clusters sharing one etcd apart: keys, ranges to the end of the keyspace, watches and lease ids', async () => {
      const a = client(live());
      const b = client(live());
      await b.ok((replyTo) => ({ type: 'watch', watchId: 'all', range: { key: '', rangeEnd: '\0' }, startRevision: 0, watcher: b.rec.ref as never, replyTo }));
      for (const c of [a, b]) expect(await c.ok((replyTo) => ({ type: 'lease-grant', id: 1, ttlMs: 60_000, replyTo }))).to.deep.equal({ id: 1, ttlMs: 60_000 });
      await a.put('k', 'a', 1);
      await b.put('k', 'b', 1);
      const everything = await a.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: '', rangeEnd: '\0' }, replyTo }));
      expect(everything.kvs.map((kv) => [kv.key, kv.value, kv.lease])).to.deep.equal([['k', 'a', 1]]);
      expect(changes(watchMessagesOf(b.rec, 'all'))).to.deep.equal([['PUT', 'k', 'b']]);
      for (const c of [a, b]) expect(await c.ok<StoreStatus>((replyTo) => ({ type: 'status', replyTo }))).to.deep.include({ keys: 1, leases: 1 });
      await a.ok((replyTo) => ({ type: 'lease-revoke', id: 1, replyTo }));
      expect(await b.ok<RangeResult>((replyTo) => ({ type: 'range', request: { key: 'k' }, replyTo }))).to.have.nested.property('kvs[0].value', 'b');
      await b.ok((replyTo) => ({ type: 'lease-revoke', id: 1, replyTo }));
    });

    it("should round lease TTLs up to whole seconds, at least etcd's minimum", async () => {
      const c = client(live());
      expect(await c.ok((replyTo) => ({ type: 'lease-grant', id: 1, ttlMs: 2_500, replyTo }))).to.deep.equal({ id: 1, ttlMs: 3_000 });
      const short = await c.ok<{ ttlMs: number }>((replyTo) => ({ type: 'lease-grant', id: 2, ttlMs: 100, replyTo }));
      expect(short.ttlMs % 1000).to.equal(0);
      expect(short.ttlMs).to.be.at.least(1_000);
      // Granting an id that exists renews it (etcd refuses a second grant; the embedded store re-grants).
      expect(await c.ok((replyTo) => ({ type: 'lease-grant', id: 1, ttlMs: 9_000, replyTo }))).to.deep.equal({ id: 1, ttlMs: 3_000 });
    });

    it('should answer Unavailable, without crashing, while etcd is unreachable, and serve once it is back', async () => {
      const p = await proxy();
      p.cut();
      const h = live({ endpoints: `http://127.0.0.1:${p.port}`, requestTimeoutMs: 1_000 });
      const c = client(h);
      for (let i = 0; i < 2; i++) {
        const r = await c.ask((replyTo) => ({ type: 'range', request: { key: 'k' }, replyTo }));
        expect(r.type === 'store-error' && r.error._tag, JSON.stringify(r)).to.equal('Unavailable');
        expect(r.type === 'store-error' && r.error._tag === 'Unavailable' && r.error.reason).to.be.a('string').and.not.equal('');
      }
      p.heal();
      let answer = await c.ask((replyTo) => ({ type: 'txn', request: { compare: [], success: [{ op: 'put', key: 'k', value: 1 }], failure: [] }, replyTo }));
      for (let i = 0; i < 100 && answer.type !== 'store-ok'; i++) {
        await h.sleep(100);
        answer = await c.ask((replyTo) => ({ type: 'txn', request: { compare: [], success: [{ op: 'put', key: 'k', value: 1 }], failure: [] }, replyTo }));
      }
      expect(answer.type).to.equal('store-ok');
      expect(h.failures()).to.equal(0);
    });

    it('should resume its watches without a gap when the etcd watch stream breaks', async () => {
      const p = await proxy();
      const prefix = freshPrefix();
      const a = client(live({ endpoints: `http://127.0.0.1:${p.port}`, prefix, requestTimeoutMs: 1_000 }));
      const b = client(live({ prefix }), 'other');
      await a.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: '/', rangeEnd: prefixEnd('/') }, startRevision: 0, watcher: a.rec.ref as never, replyTo }));
      await a.put('/1', 1);
      p.cut();
      const during = await a.ask((replyTo) => ({ type: 'range', request: { key: '/1' }, replyTo }));
      expect(during.type === 'store-error' && during.error._tag).to.equal('Unavailable');
      await b.put('/2', 2);
      await b.put('/3', 3);
      p.heal();
      await a.h.until('the changes made while the stream was down', () => changes(watchMessagesOf(a.rec, 'w')).length >= 3, 20_000);
      const ms = watchMessagesOf(a.rec, 'w');
      expect(changes(ms)).to.deep.equal([['PUT', '/1', 1], ['PUT', '/2', 2], ['PUT', '/3', 3]]);
      expect(ms.map((m) => m.type === 'store-events' && m.seq)).to.deep.equal(ms.map((_, i) => i + 1));
    });

    it('should cancel its watches with Compacted when etcd compacted what the broken stream had not delivered', async () => {
      const p = await proxy();
      const prefix = freshPrefix();
      const a = client(live({ endpoints: `http://127.0.0.1:${p.port}`, prefix, requestTimeoutMs: 1_000 }));
      const b = client(live({ prefix }), 'other');
      await a.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: '/', rangeEnd: prefixEnd('/') }, startRevision: 0, watcher: a.rec.ref as never, replyTo }));
      const r1 = await a.put('/1', 1);
      p.cut();
      await b.put('/2', 2);
      const r3 = await b.put('/3', 3);
      await b.ok((replyTo) => ({ type: 'compact', revision: r3, replyTo }));
      p.heal();
      const ms = await watchMessages(a.h, a.rec, 'w', 2, 20_000);
      expect(ms[1]).to.deep.equal({ type: 'store-watch-canceled', watchId: 'w', error: { _tag: 'Compacted', revision: r1 + 1, compactRevision: r3 } });
      // The store starts over from the compaction: new watches work again.
      await a.ok((replyTo) => ({ type: 'watch', watchId: 'again', range: { key: '/', rangeEnd: prefixEnd('/') }, startRevision: r3, watcher: a.rec.ref as never, replyTo }));
      expect(changes(await watchMessages(a.h, a.rec, 'again', 1))).to.deep.equal([['PUT', '/3', 3]]);
    });

    it('should let the API server read its own writes through its watch cache', async () => {
      const h = live();
      const store = h.spawnStore();
      const api = h.system.spawn(apiServerBehavior({ store }), 'apiserver', { node: 'master' }) as Ref<ApiRequest>;
      const replies: ApiReply[] = [];
      const probe = h.recorder('api-client');
      const call = async (req: Omit<ApiRequest, 'replyTo'>): Promise<ApiReply> => {
        const n = probe.all.length;
        h.system.tell(api, { ...req, replyTo: probe.ref } as ApiRequest);
        await h.until('an API reply', () => probe.all.length > n);
        replies.push(probe.all[n] as ApiReply);
        return probe.all[n] as ApiReply;
      };
      for (let i = 0; i < 20; i++) {
        const created = await call({ type: 'create', resource: 'namespaces', body: { metadata: { name: `ns-${i}` } } } as Omit<ApiRequest, 'replyTo'>);
        expect(created.type, JSON.stringify(created)).to.equal('api-ok');
        const got = await call({ type: 'get', resource: 'namespaces', name: `ns-${i}` } as Omit<ApiRequest, 'replyTo'>);
        expect(got.type === 'api-ok' && (got.object as { metadata: { resourceVersion: string } }).metadata.resourceVersion, `ns-${i}`).to.equal(
          created.type === 'api-ok' && (created.object as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
        );
      }
      expect(h.failures()).to.equal(0);
    });

    it('should fail clearly, not skip, when the etcd binary is missing', async () => {
      const err = await startEtcd({ bin: '/nonexistent/etcd' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String(err)).to.match(/etcd binary not found at \/nonexistent\/etcd/);
    });
  });
});

describe('etcdStoreBehavior (live) with etcd progress notifications', function () {
  this.timeout(60_000);
  let etcd: EtcdProcess;
  before(async () => {
    etcd = await startEtcd({ args: ['--experimental-watch-progress-notify-interval=300ms'] });
  });
  after(async () => {
    await etcd?.stop();
  });

  it("should pass etcd's progress on as store-progress, numbered like the watch's last batch", async () => {
    const h = liveHarness(() => etcdStoreBehavior({ endpoints: etcd.endpoint, prefix: freshPrefix(), compactionIntervalMs: 0 }));
    try {
      const c = new StoreClient(h, h.spawnStore(), h.recorder('client'));
      await c.ok((replyTo) => ({ type: 'watch', watchId: 'w', range: { key: 'k' }, startRevision: 0, watcher: c.rec.ref as never, replyTo }));
      const r = await c.put('k', 1);
      await h.until('a progress notification', () => watchMessagesOf(c.rec, 'w').some((m) => m.type === 'store-progress'), 10_000);
      const progress = watchMessagesOf(c.rec, 'w').find((m) => m.type === 'store-progress')!;
      expect(progress).to.deep.include({ seq: 1 });
      expect(progress.type === 'store-progress' && progress.revision).to.be.at.least(r);
    } finally {
      await h.close();
    }
  });
});
