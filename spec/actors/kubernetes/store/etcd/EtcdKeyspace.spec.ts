import { expect } from 'chai';
import { EtcdKeyspace, LEASE_IDS_PER_KEYSPACE } from '../../../../../actors/kubernetes/store/etcd/EtcdKeyspace.js';

const text = (r: { key: Buffer; range_end?: Buffer }) => [r.key.toString('latin1'), r.range_end?.toString('latin1')];

describe('EtcdKeyspace', () => {
  const cases: Array<{ prefix: string; range: { key: string; rangeEnd?: string }; etcd: [string, string | undefined] }> = [
    { prefix: '/c/a', range: { key: '/registry/pods/x' }, etcd: ['/c/a/registry/pods/x', undefined] },
    { prefix: '/c/a', range: { key: '/registry/', rangeEnd: '/registry0' }, etcd: ['/c/a/registry/', '/c/a/registry0'] },
    { prefix: '/c/a', range: { key: '/registry/', rangeEnd: '\0' }, etcd: ['/c/a/registry/', '/c/b'] },
    { prefix: 'p\xff', range: { key: '', rangeEnd: '\0' }, etcd: ['p\xc3\xbf', 'p\xc3\xc0'] },
    { prefix: '', range: { key: 'k', rangeEnd: '\0' }, etcd: ['k', '\0'] },
  ];
  for (const c of cases) {
    it(`should map ${JSON.stringify(c.range)} under prefix ${JSON.stringify(c.prefix)} into etcd's byte ranges`, () => {
      expect(text(new EtcdKeyspace(c.prefix).range(c.range))).to.deep.equal(c.etcd);
    });
  }

  it('should strip the prefix from keys coming back, and know its own keys', () => {
    const ks = new EtcdKeyspace('/c/a');
    expect(ks.unkey(Buffer.from('/c/a/registry/x'))).to.equal('/registry/x');
    expect([ks.owns(Buffer.from('/c/a/x')), ks.owns(Buffer.from('/c/b/x')), ks.owns(Buffer.from('/c'))]).to.deep.equal([true, false, false]);
  });

  it('should give each prefix its own window of lease ids, and map ids both ways', () => {
    const a = new EtcdKeyspace('/c/a');
    const b = new EtcdKeyspace('/c/b');
    expect(a.etcdLease(7)).to.not.equal(b.etcdLease(7));
    expect(a.storeLease(a.etcdLease(7))).to.equal(7);
    expect([a.ownsLease(a.etcdLease(7)!), b.ownsLease(a.etcdLease(7)!)]).to.deep.equal([true, false]);
    expect([a.etcdLease(0), a.etcdLease(-1), a.etcdLease(1.5), a.etcdLease(LEASE_IDS_PER_KEYSPACE)]).to.deep.equal(['0', undefined, undefined, undefined]);
    expect(BigInt(a.etcdLease(LEASE_IDS_PER_KEYSPACE - 1)!) < 2n ** 63n).to.equal(true);
    const plain = new EtcdKeyspace('');
    expect([plain.etcdLease(7), plain.storeLease('7'), plain.storeLease('0')]).to.deep.equal(['7', 7, 0]);
  });

  it('should store values as JSON and read back what other clients wrote as text', () => {
    const ks = new EtcdKeyspace('');
    expect(ks.decode(ks.encode({ a: [1, 'x'] }))).to.deep.equal({ a: [1, 'x'] });
    expect([ks.decode(ks.encode(undefined)), ks.decode(Buffer.from('not json')), ks.decode(Buffer.alloc(0))]).to.deep.equal([null, 'not json', null]);
  });

  it("should turn etcd's events into the protocol's, a delete into a tombstone with the deleted value", () => {
    const ks = new EtcdKeyspace('/p');
    const raw = (key: string, value: string, mod: string, version: string) => ({ key: Buffer.from(key), value: Buffer.from(value), create_revision: '5', mod_revision: mod, version, lease: '0' });
    expect(ks.event({ type: 'Delete', kv: { ...raw('/p/k', '', '9', '0'), create_revision: '0' }, prev_kv: raw('/p/k', '"v"', '8', '2') })).to.deep.equal({
      type: 'DELETE',
      kv: { key: '/k', value: null, createRevision: 0, modRevision: 9, version: 0, lease: 0 },
      prevKv: { key: '/k', value: 'v', createRevision: 5, modRevision: 8, version: 2, lease: 0 },
    });
    expect(ks.event({ type: 'Put', kv: raw('/p/k', '1', '5', '1'), prev_kv: null })).to.deep.equal({ type: 'PUT', kv: { key: '/k', value: 1, createRevision: 5, modRevision: 5, version: 1, lease: 0 } });
  });
});
