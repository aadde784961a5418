import { expect } from 'chai';
import { Keyspace, keyHashSlot } from '../../../actors/redis/index.js';

describe('redis keyspace', () => {
  it('should index keys by hash slot (COUNTKEYSINSLOT, GETKEYSINSLOT, deleting a slot)', () => {
    const ks = new Keyspace();
    for (const k of ['{t}a', '{t}b', '{t}c', 'other']) ks.set(k, { type: 'string', value: k });
    const slot = keyHashSlot('{t}a');
    expect(ks.countInSlot(slot)).to.equal(3);
    expect(ks.keysInSlot(slot, 2)).to.deep.equal(['{t}a', '{t}b']);
    expect(ks.deleteSlot(slot)).to.equal(3);
    expect(ks.countInSlot(slot)).to.equal(0);
    expect(ks.size).to.equal(1);
  });

  it('should delete an expired key on access on a master and report it for replication', () => {
    const ks = new Keyspace();
    const expired: string[] = [];
    ks.onExpire = (k) => expired.push(k);
    ks.set('k', { type: 'string', value: 'v' }, 1000);
    expect(ks.lookup('k', 999)).to.not.equal(undefined);
    expect(ks.lookup('k', 1000)).to.equal(undefined);
    expect(ks.size).to.equal(0);
    expect(expired).to.deep.equal(['k']);
  });

  it('should hide but keep an expired key on a replica until its master deletes it', () => {
    const ks = new Keyspace();
    ks.expireKeys = false;
    ks.set('k', { type: 'string', value: 'v' }, 1000);
    expect(ks.lookup('k', 2000)).to.equal(undefined);
    expect(ks.size).to.equal(1);
    expect(ks.activeExpireCycle(2000)).to.equal(0);
  });

  it('should delete expired keys in the active expire cycle, a bounded number per call', () => {
    const ks = new Keyspace();
    const expired: string[] = [];
    ks.onExpire = (k) => expired.push(k);
    for (let i = 0; i < 50; i++) ks.set(`k${i}`, { type: 'string', value: '' }, i < 30 ? 10 : 10_000);
    expect(ks.activeExpireCycle(100, 20)).to.equal(20);
    let total = 20;
    for (let i = 0; i < 5; i++) total += ks.activeExpireCycle(100, 20);
    expect(total).to.equal(30);
    expect(ks.size).to.equal(20);
    expect(expired).to.have.length(30);
  });

  it('should dump and restore values with their absolute expiry, skipping expired ones', () => {
    const ks = new Keyspace();
    ks.set('s', { type: 'string', value: 'v' }, 5000);
    ks.set('h', { type: 'hash', value: new Map([['f', '1']]) });
    ks.set('gone', { type: 'string', value: 'x' }, 10);
    const dumped = ks.dump(100);
    expect(dumped).to.deep.equal([
      { key: 's', type: 'string', value: 'v', expireAt: 5000 },
      { key: 'h', type: 'hash', value: [['f', '1']], expireAt: null },
    ]);
    const copy = new Keyspace();
    copy.restore(dumped);
    expect(copy.expireAt('s')).to.equal(5000);
    const h = copy.lookup('h', 100);
    expect(h?.type === 'hash' && h.value.get('f')).to.equal('1');
  });
});
