import { expect } from 'chai';
import { Keyspace, evenSlotRanges, keyHashSlot, routeCommand, type Reply } from '../../../actors/redis/index.js';
import { loadClusterConfig } from '../../../actors/redis/ClusterConfig.js';
import type { ClusterState } from '../../../actors/redis/ClusterState.js';

const ID = (c: string): string => c.repeat(40);
const A = '127.0.0.1:30001';
const B = '127.0.0.1:30002';
const R = '127.0.0.1:30003';

/** Three nodes: masters a (0-8191) and b (8192-16383), r a replica of a; the view of `me`. */
const clusterAs = (me: 'a' | 'b' | 'r'): ClusterState => {
  const [sa, sb] = evenSlotRanges(2);
  const cs = loadClusterConfig(
    {
      myself: ID(me),
      currentEpoch: 2,
      lastVoteEpoch: 0,
      nodes: [
        { id: ID('a'), addr: A, role: 'master', master: null, configEpoch: 1, slots: sa },
        { id: ID('b'), addr: B, role: 'master', master: null, configEpoch: 2, slots: sb },
        { id: ID('r'), addr: R, role: 'replica', master: ID('a'), configEpoch: 1, slots: [] },
      ],
    },
    0,
  );
  cs.state = 'ok';
  return cs;
};

const key = (slotBelow8192: boolean, tag = 'x'): string => {
  for (let i = 0; ; i++) {
    const k = `${tag}${i}`;
    if (keyHashSlot(k) < 8192 === slotBelow8192) return k;
  }
};
const low = key(true);
const high = key(false);
const req = (keys: string[], o: { write?: boolean; readonly?: boolean; asking?: boolean } = {}) => ({ keys, write: o.write ?? false, readonly: o.readonly ?? false, asking: o.asking ?? false });
const moved = (k: string, addr: string): Reply => ({ kind: 'error', message: `MOVED ${keyHashSlot(k)} ${addr}` });
const redirect = (reply: Reply) => ({ kind: 'redirect', reply });

describe('redis routing (getNodeByQuery)', () => {
  it('should run a key of my own slot here and send others to their master with MOVED', () => {
    const cs = clusterAs('a');
    const ks = new Keyspace();
    expect(routeCommand(cs, ks, 0, req([low]))).to.deep.equal({ kind: 'local', slot: keyHashSlot(low) });
    expect(routeCommand(cs, ks, 0, req([high]))).to.deep.equal(redirect(moved(high, B)));
  });

  it('should refuse keys of different slots with CROSSSLOT, even on the right node', () => {
    const cs = clusterAs('a');
    expect(routeCommand(cs, new Keyspace(), 0, req(['{a}1', '{b}2']))).to.deep.equal(redirect({ kind: 'error', message: "CROSSSLOT Keys in request don't hash to the same slot" }));
    expect(routeCommand(cs, new Keyspace(), 0, req(['{a}1', '{a}2'])).kind).to.equal(keyHashSlot('{a}') < 8192 ? 'local' : 'redirect');
  });

  it('should answer CLUSTERDOWN when the cluster state is fail, and for an unassigned slot', () => {
    const cs = clusterAs('a');
    cs.state = 'fail';
    expect(routeCommand(cs, new Keyspace(), 0, req([low]))).to.deep.equal(redirect({ kind: 'error', message: 'CLUSTERDOWN The cluster is down' }));
    cs.state = 'ok';
    cs.delSlot(keyHashSlot(low));
    expect(routeCommand(cs, new Keyspace(), 0, req([low]))).to.deep.equal(redirect({ kind: 'error', message: 'CLUSTERDOWN Hash slot not served' }));
  });

  it('should send a replica\u2019s reads to its master unless the connection is READONLY, and writes always', () => {
    const cs = clusterAs('r');
    const ks = new Keyspace();
    expect(routeCommand(cs, ks, 0, req([low]))).to.deep.equal(redirect(moved(low, A)));
    expect(routeCommand(cs, ks, 0, req([low], { readonly: true })).kind).to.equal('local');
    expect(routeCommand(cs, ks, 0, req([low], { readonly: true, write: true }))).to.deep.equal(redirect(moved(low, A)));
    expect(routeCommand(cs, ks, 0, req([high], { readonly: true }))).to.deep.equal(redirect(moved(high, B)));
  });

  it('should answer ASK for missing keys of a migrating slot and TRYAGAIN when only some are missing', () => {
    const cs = clusterAs('a');
    const ks = new Keyspace();
    const slot = keyHashSlot('{m}1');
    if (cs.slots[slot] !== cs.myself) cs.addSlot(cs.myself, slot);
    cs.migrating.set(slot, cs.nodes.get(ID('b'))!);
    ks.set('{m}1', { type: 'string', value: 'here' });
    expect(routeCommand(cs, ks, 0, req(['{m}1'])).kind).to.equal('local');
    expect(routeCommand(cs, ks, 0, req(['{m}2']))).to.deep.equal(redirect({ kind: 'error', message: `ASK ${slot} ${B}` }));
    expect(routeCommand(cs, ks, 0, req(['{m}1', '{m}2']))).to.deep.equal(redirect({ kind: 'error', message: 'TRYAGAIN Multiple keys request during rehashing of slot' }));
  });

  it('should serve an importing slot only to ASKING clients', () => {
    const cs = clusterAs('b');
    const ks = new Keyspace();
    const slot = keyHashSlot(low);
    cs.importing.set(slot, cs.nodes.get(ID('a'))!);
    expect(routeCommand(cs, ks, 0, req([low]))).to.deep.equal(redirect(moved(low, A)));
    expect(routeCommand(cs, ks, 0, req([low], { asking: true })).kind).to.equal('local');
  });
});
