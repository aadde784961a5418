import { expect } from 'chai';
import { createSimulation } from '../../../lib/sim/index.js';
import { itSim } from '../../../lib/testkit/index.js';
import { keyHashSlot, type Reply } from '../../../actors/redis/index.js';
import { anonymize, resp2, sample, startCluster } from './redisTestKit.js';

const M1 = '127.0.0.1:30001';
const M3 = '127.0.0.1:30003';
/** In the ring layout with 3 servers the replica of 30001 listens on 30004 (server s2). */
const R1 = '127.0.0.1:30004';
const text = (r: Reply): string => (r.kind === 'bulk' && r.value !== null ? r.value : JSON.stringify(r));

describe('redis node', () => {
  itSim('should redirect with MOVED, byte for byte as a real cluster does', (sim) => {
    const t = startCluster(sim);
    expect(resp2(t.cmd(M1, ['SET', 'foo', 'bar']))).to.equal(sample('moved.resp2'));
    expect(resp2(t.cmd(M1, ['CLUSTER', 'KEYSLOT', 'foo']))).to.equal(sample('keyslot.resp2'));
    expect(resp2(t.cmd(M3, ['SET', 'foo', 'bar']))).to.equal('+OK\r\n');
    expect(resp2(t.cmd(M1, ['MSET', 'a', '1', 'b', '2']))).to.equal(sample('crossslot.resp2'));
    expect(resp2(t.cmd(M1, ['SELECT', '1']))).to.equal(sample('select1.resp2'));
  }, { seed: 1 });

  itSim('should serve replica reads only after READONLY, as in the real replica_readonly_sequence', (sim) => {
    const t = startCluster(sim);
    expect(t.cmd(M1, ['SET', 'b', 'v-b'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    sim.runFor(200);
    expect(resp2(t.cmd(R1, ['GET', 'b'], 'c1'))).to.equal(sample('replica_get_no_readonly.resp2'));
    const sequence = [t.cmd(R1, ['READONLY'], 'c1'), t.cmd(R1, ['GET', 'b'], 'c1'), t.cmd(R1, ['READWRITE'], 'c1'), t.cmd(R1, ['GET', 'b'], 'c1')];
    expect(sequence.map(resp2).join('')).to.equal(sample('replica_readonly_sequence.resp2'));
    expect(t.cmd(R1, ['FLUSHALL'])).to.deep.equal({ kind: 'error', message: "READONLY You can't write against a read only replica." });
  }, { seed: 2 });

  itSim('should answer CLUSTERDOWN until the writable delay after start has passed', (sim) => {
    const t = startCluster(sim, {}, 500);
    expect(t.cmd(M1, ['GET', 'b'])).to.deep.equal({ kind: 'error', message: 'CLUSTERDOWN The cluster is down' });
    expect(t.cmd(M1, ['PING'])).to.deep.equal({ kind: 'simple', value: 'PONG' });
    sim.runFor(2_000);
    expect(t.cmd(M1, ['GET', 'b'])).to.deep.equal({ kind: 'bulk', value: null });
  }, { seed: 3 });

  itSim('should describe the cluster in CLUSTER SLOTS, NODES, INFO and SHARDS with the real shapes', (sim) => {
    const t = startCluster(sim);
    // Replicas appear in CLUSTER SLOTS once their replication offset is non-zero (the master PINGs its replicas every 10 s).
    const before = t.cmd(M1, ['CLUSTER', 'SLOTS']);
    expect(anonymize(resp2(before))).to.equal(anonymize(sample('cluster_slots.resp2')));
    sim.runFor(11_000);
    const slots = t.cmd(M1, ['CLUSTER', 'SLOTS']);
    const shape = (r: Reply): unknown => (r.kind === 'array' ? r.items!.map(shape) : r.kind);
    expect(shape(slots)).to.deep.equal(
      [0, 1, 2].map(() => ['integer', 'integer', ['bulk', 'integer', 'bulk', []], ['bulk', 'integer', 'bulk', []]]),
    );
    const nodes = text(t.cmd(M1, ['CLUSTER', 'NODES'])).trimEnd().split('\n');
    expect(nodes).to.have.length(6);
    for (const line of nodes) expect(line).to.match(/^[0-9a-f]{40} 127\.0\.0\.1:300\d\d@400\d\d (myself,)?(master|slave) ([0-9a-f]{40}|-) \d+ \d+ \d+ connected( \d+-\d+)?$/);
    expect(nodes.find((l) => l.includes('myself'))).to.match(/ myself,master - 0 0 1 connected 0-5460$/);
    const info = text(t.cmd(M1, ['CLUSTER', 'INFO']));
    const fields = sample('cluster_info.txt').split('\n').filter((l) => l.includes(':')).map((l) => l.split(':')[0]);
    for (const f of ['cluster_state', 'cluster_slots_assigned', 'cluster_slots_ok', 'cluster_known_nodes', 'cluster_size', 'cluster_current_epoch', 'cluster_my_epoch']) {
      expect(fields).to.include(f);
    }
    expect(info).to.contain('cluster_state:ok\r\n').and.to.contain('cluster_slots_assigned:16384\r\n').and.to.contain('cluster_known_nodes:6\r\n').and.to.contain('cluster_size:3\r\n');
    const shards = t.cmd(M1, ['CLUSTER', 'SHARDS']);
    expect(shards.kind === 'array' && shards.items!.length).to.equal(3);
    expect(resp2(shards)).to.contain('$6\r\nhealth\r\n$6\r\nonline\r\n');
  }, { seed: 4 });

  itSim('should count and list keys per slot', (sim) => {
    const t = startCluster(sim);
    t.cmd(M1, ['SET', 'b', '1']);
    expect(resp2(t.cmd(M1, ['CLUSTER', 'COUNTKEYSINSLOT', String(keyHashSlot('b'))]))).to.equal(sample('countkeysinslot.resp2'));
    expect(resp2(t.cmd(M1, ['CLUSTER', 'GETKEYSINSLOT', String(keyHashSlot('b')), '10']))).to.equal(sample('getkeysinslot.resp2'));
    expect(resp2(t.cmd(M1, ['CLUSTER', 'MYID']))).to.equal(`$40\r\n${t.cluster.node(M1).id}\r\n`);
  }, { seed: 5 });

  itSim('should replicate writes and let WAIT count the replicas that acknowledged them', (sim) => {
    const t = startCluster(sim);
    expect(t.cmd(M3, ['SET', 'foo', 'v1'], 'w')).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(t.cmd(M3, ['WAIT', '1', '500'], 'w')).to.deep.equal({ kind: 'integer', value: 1 });
    const replica = t.cluster.nodes.find((n) => n.initialMaster === M3)!;
    expect(t.cluster.view(replica.addr)!.peek('foo')).to.equal('v1');
    expect(t.cmd(replica.addr, ['WAIT', '1', '0'])).to.deep.equal({
      kind: 'error',
      message: 'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
    });
    // With the replica's server partitioned away, WAIT times out with 0 acknowledgements.
    sim.partition([[replica.server], t.cluster.servers.filter((s) => s !== replica.server).concat(['laptop'])]);
    expect(t.cmd(M3, ['SET', 'foo', 'v2'], 'w')).to.deep.equal({ kind: 'simple', value: 'OK' });
    const started = sim.now();
    expect(t.cmd(M3, ['WAIT', '1', '300'], 'w')).to.deep.equal({ kind: 'integer', value: 0 });
    expect(sim.now() - started).to.be.within(300, 310);
  }, { seed: 6 });

  itSim('should expire keys on the master and replicate the deletion', (sim) => {
    const t = startCluster(sim);
    t.cmd(M3, ['SET', 'foo', 'v', 'PX', '500']);
    const replica = t.cluster.nodes.find((n) => n.initialMaster === M3)!;
    sim.runFor(100);
    expect(t.cluster.view(replica.addr)!.dbsize()).to.equal(1);
    sim.runFor(600);
    expect(t.cluster.view(M3)!.dbsize()).to.equal(0);
    expect(t.cluster.view(replica.addr)!.dbsize()).to.equal(0);
  }, { seed: 7 });

  itSim('should discover every node through MEET and gossip, from nodes that each knew only themselves', (sim) => {
    const t = startCluster(sim, { bootstrap: 'empty' }, 100);
    const [first, ...rest] = t.cluster.nodes;
    for (const n of rest) expect(t.cmd(first.addr, ['CLUSTER', 'MEET', '127.0.0.1', String(n.port)])).to.deep.equal({ kind: 'simple', value: 'OK' });
    sim.runFor(3_000);
    for (const v of t.cluster.liveViews()) expect(v.knownNodes(), v.addr).to.equal(6);
    // Assign slots and replicas as redis-cli --cluster create would.
    const masters = t.cluster.nodes.filter((n) => n.initialRole === 'master');
    expect(t.cmd(masters[0].addr, ['CLUSTER', 'ADDSLOTSRANGE', '0', '5460'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(t.cmd(masters[1].addr, ['CLUSTER', 'ADDSLOTSRANGE', '5461', '10922'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(t.cmd(masters[2].addr, ['CLUSTER', 'ADDSLOTSRANGE', '10923', '16383'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    for (const r of t.cluster.nodes.filter((n) => n.initialRole === 'replica')) {
      expect(t.cmd(r.addr, ['CLUSTER', 'REPLICATE', t.cluster.node(r.initialMaster!).id])).to.deep.equal({ kind: 'simple', value: 'OK' });
    }
    sim.runFor(5_000);
    for (const v of t.cluster.liveViews()) {
      expect(v.clusterState(), v.addr).to.equal('ok');
      expect(v.slotOwner(0)).to.equal(masters[0].id);
    }
    expect(t.cmd(masters[0].addr, ['CLUSTER', 'ADDSLOTS', '0'])).to.deep.equal({ kind: 'error', message: 'ERR Slot 0 is already busy' });
  }, { seed: 8 });

  it('should be deterministic: the same seed gives the same node ids and the same bus traffic', () => {
    const run = (seed: number) => {
      const sim = createSimulation({ seed, trace: false });
      const t = startCluster(sim);
      sim.runFor(5_000);
      return { ids: t.cluster.nodes.map((n) => n.id), sent: t.cluster.liveViews().map((v) => JSON.stringify(v.busMessagesSent())) };
    };
    expect(run(11)).to.deep.equal(run(11));
    expect(run(11).ids).to.not.deep.equal(run(12).ids);
    expect(run(11).ids.every((id) => /^[0-9a-f]{40}$/.test(id))).to.equal(true);
  });
});
