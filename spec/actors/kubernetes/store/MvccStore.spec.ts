import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { MvccStore, prefixEnd, type Compare } from '../../../../actors/kubernetes/index.js';

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};

describe('MvccStore', () => {
  const cases: Array<{ name: string; compare: Compare; holds: boolean }> = [
    { name: 'create revision of an absent key is 0', compare: { key: 'x', target: 'create', op: '=', value: 0 }, holds: true },
    { name: 'mod revision equals the last write', compare: { key: 'a', target: 'mod', op: '=', value: 2 }, holds: true },
    { name: 'mod revision of a stale read does not match', compare: { key: 'a', target: 'mod', op: '=', value: 1 }, holds: false },
    { name: 'version counts puts since creation', compare: { key: 'a', target: 'version', op: '=', value: 2 }, holds: true },
    { name: 'create revision stays at the first put', compare: { key: 'a', target: 'create', op: '<', value: 2 }, holds: true },
    { name: '!= of equal values fails', compare: { key: 'a', target: 'mod', op: '!=', value: 2 }, holds: false },
    { name: '> compares numerically', compare: { key: 'a', target: 'mod', op: '>', value: 1 }, holds: true },
  ];
  for (const c of cases) {
    it(`should evaluate compares: ${c.name}`, () => {
      const s = new MvccStore();
      s.put('a', 1);
      s.put('a', 2);
      const r = right(s.txn({ compare: [c.compare], success: [{ op: 'put', key: 'ok', value: true }], failure: [{ op: 'range', key: 'a' }] }));
      expect(r.succeeded).to.equal(c.holds);
      expect(r.revision).to.equal(c.holds ? 3 : 2);
    });
  }

  it('should give every write transaction one new revision shared by its puts', () => {
    const s = new MvccStore();
    const r = right(s.txn({ compare: [], success: [{ op: 'put', key: 'a', value: 1 }, { op: 'put', key: 'b', value: 2 }], failure: [] }));
    expect(r.revision).to.equal(1);
    const kvs = right(s.range({ key: 'a', rangeEnd: '\0' })).kvs;
    expect(kvs.map((kv) => [kv.key, kv.modRevision, kv.createRevision, kv.version])).to.deep.equal([['a', 1, 1, 1], ['b', 1, 1, 1]]);
    expect(right(s.txn({ compare: [], success: [{ op: 'range', key: 'a' }], failure: [] })).revision).to.equal(1);
  });

  it('should read a past revision until it is compacted, then answer Compacted', () => {
    const s = new MvccStore();
    s.put('k', 'v1');
    s.put('k', 'v2');
    s.delete({ key: 'k' });
    expect(right(s.range({ key: 'k', revision: 1 })).kvs[0].value).to.equal('v1');
    expect(right(s.range({ key: 'k', revision: 2 })).kvs[0].value).to.equal('v2');
    expect(right(s.range({ key: 'k' })).kvs).to.deep.equal([]);
    right(s.compact(2));
    expect(s.range({ key: 'k', revision: 1 })).to.deep.equal(E.left({ _tag: 'Compacted', revision: 1, compactRevision: 2 }));
    expect(s.range({ key: 'k', revision: 9 })).to.deep.equal(E.left({ _tag: 'FutureRevision', revision: 9, currentRevision: 3 }));
  });

  it('should list changes of a range since a revision, with the previous value of updates and deletes', () => {
    const s = new MvccStore();
    s.put('/p/a', 1);
    s.put('/q/x', 1);
    s.put('/p/a', 2);
    s.delete({ key: '/p/a' });
    const ch = right(s.changesSince({ key: '/p/', rangeEnd: prefixEnd('/p/') }, 2));
    expect(ch.map((e) => [e.type, e.kv.modRevision, e.prevKv?.value])).to.deep.equal([['PUT', 3, 1], ['DELETE', 4, 2]]);
    right(s.compact(3));
    expect(E.isLeft(s.changesSince({ key: '/p/', rangeEnd: prefixEnd('/p/') }, 2))).to.equal(true);
  });

  it('should delete the keys of an expired lease, and refuse puts on unknown leases', () => {
    const s = new MvccStore();
    const lease = s.leaseGrant(0, 1000, 0);
    s.put('ev/1', 'x', lease.id);
    s.put('keep', 'y');
    expect(s.expireLeases(999)).to.deep.equal([]);
    right(s.leaseKeepAlive(lease.id, 500));
    expect(s.expireLeases(1200)).to.deep.equal([]);
    const gone = s.expireLeases(1500);
    expect(gone.map((e) => [e.type, e.kv.key])).to.deep.equal([['DELETE', 'ev/1']]);
    expect(s.size).to.equal(1);
    expect(s.txn({ compare: [], success: [{ op: 'put', key: 'z', value: 1, lease: 42 }], failure: [] })).to.deep.equal(E.left({ _tag: 'LeaseNotFound', lease: 42 }));
  });

  it('should compute prefix range ends', () => {
    expect(prefixEnd('/registry/pods/')).to.equal('/registry/pods0');
    expect(prefixEnd('a')).to.equal('b');
  });
});
