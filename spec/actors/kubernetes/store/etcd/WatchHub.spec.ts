import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import type { Ref } from '../../../../../lib/actor/index.js';
import { prefixEnd, type KeyValue, type StoreEvent, type StoreWatchMessage } from '../../../../../actors/kubernetes/index.js';
import { WatchHub, type Outgoing } from '../../../../../actors/kubernetes/store/etcd/WatchHub.js';

const watcher = { node: 'n', path: '/w', incarnation: 1 } as Ref<StoreWatchMessage>;
const kv = (key: string, value: unknown, rev: number, version = 1): KeyValue => ({ key, value, createRevision: rev - version + 1, modRevision: rev, version, lease: 0 });
const put = (key: string, value: unknown, rev: number, prev?: KeyValue): StoreEvent => (prev === undefined ? { type: 'PUT', kv: kv(key, value, rev) } : { type: 'PUT', kv: kv(key, value, rev, prev.version + 1), prevKv: prev });
const del = (key: string, rev: number, prev: KeyValue): StoreEvent => ({ type: 'DELETE', kv: { key, value: null, createRevision: 0, modRevision: rev, version: 0, lease: 0 }, prevKv: prev });
const summary = (out: Outgoing[]) =>
  out.map((o) => (o.message.type === 'store-events' ? [o.message.watchId, o.message.seq, o.message.revision, o.message.events.map((e) => [e.type, e.kv.key, e.prevKv?.value])] : o.message));
const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};

describe('WatchHub', () => {
  const a1 = kv('/a/1', 'x', 10);
  const history = (): WatchHub => {
    const hub = new WatchHub(10);
    hub.apply([put('/a/1', 'x', 10), put('/b/1', 'y', 11)]);
    hub.apply([put('/a/1', 'x2', 12, a1)]);
    return hub;
  };

  it('should replay the history of a range from a past revision as one batch, then number live batches on', () => {
    const hub = history();
    const past = right(hub.add({ id: 'w', range: { key: '/a/', rangeEnd: prefixEnd('/a/') }, watcher, prevKv: true, from: 10 }, 0));
    expect(summary(past)).to.deep.equal([['w', 1, 12, [['PUT', '/a/1', undefined], ['PUT', '/a/1', 'x']]]]);
    expect(summary(hub.apply([put('/b/2', 'z', 13)]))).to.deep.equal([]);
    expect(summary(hub.apply([del('/a/1', 14, kv('/a/1', 'x2', 12, 2))]))).to.deep.equal([['w', 2, 14, [['DELETE', '/a/1', 'x2']]]]);
    expect(hub.delivered).to.equal(14);
  });

  it('should drop previous values of PUTs (not DELETEs) for watches without prevKv', () => {
    const hub = history();
    right(hub.add({ id: 'w', range: { key: '/a/1' }, watcher, prevKv: false, from: 13 }, 0));
    const out = hub.apply([put('/a/1', 'x3', 13, kv('/a/1', 'x2', 12, 2)), del('/a/1', 14, kv('/a/1', 'x3', 13, 3))]);
    expect(summary(out)).to.deep.equal([['w', 1, 14, [['PUT', '/a/1', undefined], ['DELETE', '/a/1', 'x3']]]]);
  });

  it('should skip changes fed twice and changes before a watch starts', () => {
    const hub = history();
    right(hub.add({ id: 'w', range: { key: '', rangeEnd: '\0' }, watcher, prevKv: false, from: 14 }, 0));
    expect(hub.apply([put('/b/1', 'again', 11)])).to.deep.equal([]);
    expect(summary(hub.apply([put('/c', 1, 13), put('/d', 1, 14)]))).to.deep.equal([['w', 1, 14, [['PUT', '/d', undefined]]]]);
    expect(hub.historySize).to.equal(5);
  });

  it('should answer Compacted for a watch from before its history, naming the later of the two compaction points', () => {
    const cases: Array<{ from: number; known: number; compactRevision: number | undefined }> = [
      { from: 9, known: 0, compactRevision: 10 },
      { from: 9, known: 12, compactRevision: 12 },
      { from: 10, known: 0, compactRevision: undefined },
    ];
    for (const c of cases) {
      const r = history().add({ id: 'w', range: { key: 'k' }, watcher, prevKv: false, from: c.from }, c.known);
      expect(E.isLeft(r) ? r.left : undefined, JSON.stringify(c)).to.deep.equal(c.compactRevision === undefined ? undefined : { _tag: 'Compacted', revision: c.from, compactRevision: c.compactRevision });
    }
  });

  it('should forget history before a compaction, and refuse watches from there', () => {
    const hub = history();
    hub.compact(12);
    expect([hub.historyStart, hub.historySize]).to.deep.equal([12, 1]);
    expect(E.isLeft(hub.add({ id: 'w', range: { key: '/b/1' }, watcher, prevKv: false, from: 11 }, 12))).to.equal(true);
    expect(summary(right(hub.add({ id: 'w', range: { key: '/a/1' }, watcher, prevKv: false, from: 12 }, 12)))).to.deep.equal([['w', 1, 12, [['PUT', '/a/1', undefined]]]]);
  });

  it('should pass progress on with the last batch number to watches already started, advancing what it has delivered', () => {
    const hub = history();
    right(hub.add({ id: 'old', range: { key: '/a/1' }, watcher, prevKv: false, from: 10 }, 0));
    right(hub.add({ id: 'future', range: { key: '/a/1' }, watcher, prevKv: false, from: 30 }, 0));
    expect(hub.progress(11)).to.deep.equal([]);
    expect(hub.progress(20).map((o) => o.message)).to.deep.equal([{ type: 'store-progress', watchId: 'old', seq: 1, revision: 20 }]);
    expect(hub.delivered).to.equal(20);
  });

  it('should cancel every watch with Compacted on a reset, and start over empty', () => {
    const hub = history();
    right(hub.add({ id: 'w', range: { key: '/a/1' }, watcher, prevKv: false, from: 13 }, 0));
    expect(hub.reset(20, 20).map((o) => o.message)).to.deep.equal([{ type: 'store-watch-canceled', watchId: 'w', error: { _tag: 'Compacted', revision: 13, compactRevision: 20 } }]);
    expect([hub.size, hub.historySize, hub.historyStart, hub.delivered]).to.deep.equal([0, 0, 20, 19]);
  });
});
