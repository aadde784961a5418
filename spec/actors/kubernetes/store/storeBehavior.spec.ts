import { expect } from 'chai';
import { createProbe, itSim } from '../../../../lib/testkit/index.js';
import { prefixEnd, storeBehavior, type StoreReply, type StoreWatchMessage } from '../../../../actors/kubernetes/index.js';

describe('storeBehavior', () => {
  itSim('should push watch events from a past revision, then live ones, before the writer is answered', (sim) => {
    const store = sim.spawn(storeBehavior(), 'store', { node: 'master' });
    const client = createProbe<StoreReply>(sim, 'client', { node: 'master' });
    const watcher = createProbe<StoreWatchMessage>(sim, 'watcher', { node: 'master' });
    const put = (key: string, value: unknown) => sim.tell(store, { type: 'txn', request: { compare: [], success: [{ op: 'put', key, value }], failure: [] }, replyTo: client.ref });
    put('/a/1', 'x');
    client.expectMessage(10);
    put('/b/1', 'y');
    client.expectMessage(10);
    sim.tell(store, { type: 'watch', watchId: 'w', range: { key: '/a/', rangeEnd: prefixEnd('/a/') }, startRevision: 1, watcher: watcher.ref, replyTo: client.ref });
    const first = watcher.expectMessage(10);
    expect(first).to.include({ type: 'store-events', seq: 1 });
    client.expectMessage(10);
    put('/a/2', 'z');
    const live = watcher.expectMessage(10);
    expect(live.type === 'store-events' && live.events.map((e) => e.kv.key)).to.deep.equal(['/a/2']);
    expect(client.expectMessage(10)).to.deep.include({ type: 'store-ok' });
  }, { seed: 1 });

  itSim('should cancel a watch from a compacted revision', (sim) => {
    const store = sim.spawn(storeBehavior(), 'store', { node: 'master' });
    const client = createProbe<StoreReply>(sim, 'client', { node: 'master' });
    const watcher = createProbe<StoreWatchMessage>(sim, 'watcher', { node: 'master' });
    for (let i = 0; i < 3; i++) {
      sim.tell(store, { type: 'txn', request: { compare: [], success: [{ op: 'put', key: 'k', value: i }], failure: [] }, replyTo: client.ref });
      client.expectMessage(10);
    }
    sim.tell(store, { type: 'compact', revision: 2, replyTo: client.ref });
    client.expectMessage(10);
    sim.tell(store, { type: 'watch', watchId: 'w', range: { key: 'k' }, startRevision: 1, watcher: watcher.ref, replyTo: client.ref });
    expect(watcher.expectMessage(10)).to.deep.equal({ type: 'store-watch-canceled', watchId: 'w', error: { _tag: 'Compacted', revision: 1, compactRevision: 2 } });
  }, { seed: 1 });

  itSim('should expire leases on the troupe clock and keep its data across a crash of its node', (sim) => {
    sim.node('master', { boot: (n) => n.spawn(storeBehavior(), 'store') });
    const store = sim.system.find('master', '/store')!;
    const client = createProbe<StoreReply>(sim, 'client', { node: 'client' });
    sim.tell(store, { type: 'lease-grant', id: 7, ttlMs: 2_000, replyTo: client.ref });
    client.expectMessage(100);
    sim.tell(store, { type: 'txn', request: { compare: [], success: [{ op: 'put', key: 'ev', value: 1, lease: 7 }, { op: 'put', key: 'kept', value: 2 }], failure: [] }, replyTo: client.ref });
    client.expectMessage(100);
    sim.crash('master');
    sim.restart('master');
    const again = sim.system.find('master', '/store')!;
    sim.runFor(1_000);
    sim.tell(again, { type: 'status', replyTo: client.ref });
    expect(client.expectMessage(100)).to.deep.equal({ type: 'store-ok', result: { revision: 1, compactRevision: 0, keys: 2, leases: 1 } });
    sim.runFor(3_000);
    sim.tell(again, { type: 'status', replyTo: client.ref });
    expect(client.expectMessage(100)).to.deep.equal({ type: 'store-ok', result: { revision: 2, compactRevision: 0, keys: 1, leases: 0 } });
  }, { seed: 1 });
});
