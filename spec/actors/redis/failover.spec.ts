import { expect } from 'chai';
import { createSimulation } from '../../../lib/sim/index.js';
import { forSeeds, itSim, range } from '../../../lib/testkit/index.js';
import type { TraceEvent } from '../../../lib/trace/index.js';
import { checkAllSlotsServed, failoverBoundMs } from '../../../actors/redis/index.js';
import { startCluster } from './redisTestKit.js';

const milestones = (events: TraceEvent[], after: number): TraceEvent[] => events.filter((e) => e.kind === 'milestone' && e.t >= after);

describe('redis failover', () => {
  itSim('should go PFAIL → FAIL → election → votes → promotion → slot owner change after a server crash', (sim) => {
    const t = startCluster(sim);
    const victim = t.cluster.nodesOn('s2').find((n) => n.initialRole === 'master')!;
    const replica = t.cluster.nodes.find((n) => n.initialMaster === victim.addr)!;
    const crashAt = sim.now();
    sim.crash('s2');
    sim.runFor(5_000);
    const ms = milestones(sim.trace!.events(), crashAt).filter((e) => e.data?.node === victim.id || e.data?.master === victim.id || e.data?.previous === victim.id);
    const order = ['pfail', 'fail', 'election-scheduled', 'election-started', 'vote-granted', 'promoted', 'slot-owner-changed'];
    const firsts = order.map((name) => ms.find((e) => e.type === name));
    for (const [i, e] of firsts.entries()) expect(e, order[i]).to.not.equal(undefined);
    for (let i = 1; i < firsts.length; i++) expect(firsts[i]!.t, `${order[i - 1]} before ${order[i]}`).to.be.at.least(firsts[i - 1]!.t);
    const promoted = firsts[5]!;
    expect(promoted.data).to.include({ node: replica.id, previous: victim.id, reason: 'election' });
    expect(promoted.data!.configEpoch).to.be.greaterThan(6);
    expect(firsts[6]!.data).to.deep.include({ slots: ['5461-10922'] });
    const votes = ms.filter((e) => e.type === 'vote-granted');
    expect(new Set(votes.map((v) => v.data!.voter)).size).to.equal(votes.length);
    expect(votes.length).to.equal(2);
    expect(checkAllSlotsServed(t.cluster)).to.equal(undefined);
  }, { seed: 1, simulation: { trace: { memory: true } } });

  forSeeds(range(1, 10), 'should promote the replica within the expected time, near a real cluster\u2019s 2.4 s (node_timeout 1000)', (sim) => {
    const t = startCluster(sim);
    const victim = t.cluster.nodesOn('s1').find((n) => n.initialRole === 'master')!;
    const crashAt = sim.now();
    sim.crash('s1');
    const ok = sim.runUntil(() => checkAllSlotsServed(t.cluster) === undefined, 20_000);
    expect(ok).to.equal(true);
    const took = sim.now() - crashAt;
    expect(took).to.be.within(1_500, failoverBoundMs(1000));
    expect(t.cluster.liveViews().some((v) => v.role() === 'master' && v.ownedSlots().length > 0 && v.id() !== victim.id && v.ownedSlots()[0][0] === 0)).to.equal(true);
  });

  itSim('should rejoin the old master as a replica of the winner after its server restarts (UPDATE / newer configEpoch)', (sim) => {
    const t = startCluster(sim);
    const victim = t.cluster.nodesOn('s3').find((n) => n.initialRole === 'master')!;
    sim.crash('s3');
    sim.runFor(6_000);
    sim.restart('s3');
    sim.runFor(5_000);
    const old = t.cluster.view(victim.addr)!;
    expect(old.role()).to.equal('replica');
    const winner = t.cluster.liveViews().find((v) => v.id() === old.masterId())!;
    expect(winner.role()).to.equal('master');
    expect(winner.ownedSlots()).to.deep.equal([[10923, 16383]]);
    expect(checkAllSlotsServed(t.cluster)).to.equal(undefined);
    expect(sim.trace!.events().some((e) => e.kind === 'milestone' && e.type === 'full-resync' && e.data?.node === victim.id)).to.equal(true);
  }, { seed: 2, simulation: { trace: { memory: true } } });

  itSim('should run a manual CLUSTER FAILOVER: the master pauses, the replica catches up, wins, and the old master follows it', (sim) => {
    const t = startCluster(sim);
    const master = t.cluster.nodes[0];
    const replica = t.cluster.nodes.find((n) => n.initialMaster === master.addr)!;
    t.cmd(master.addr, ['SET', 'b', 'before']);
    expect(t.cmd(replica.addr, ['CLUSTER', 'FAILOVER'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    sim.runFor(1_000);
    expect(t.cluster.view(replica.addr)!.role()).to.equal('master');
    expect(t.cluster.view(master.addr)!.role()).to.equal('replica');
    expect(t.cluster.view(replica.addr)!.peek('b')).to.equal('before');
    const promoted = sim.trace!.events().filter((e) => e.type === 'promoted');
    expect(promoted.map((e) => e.data!.reason)).to.deep.equal(['manual']);
    expect(t.cmd(master.addr, ['SET', 'b', 'after'])).to.deep.equal({ kind: 'error', message: `MOVED 3300 ${replica.addr}` });
    expect(t.cmd(master.addr, ['CLUSTER', 'FAILOVER'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    sim.runFor(1_000);
    expect(t.cluster.view(master.addr)!.role()).to.equal('master');
  }, { seed: 3, simulation: { trace: { memory: true } } });

  itSim('should take over without votes with CLUSTER FAILOVER TAKEOVER, and refuse a default failover when the master is down', (sim) => {
    const t = startCluster(sim);
    const master = t.cluster.nodes[1];
    const replica = t.cluster.nodes.find((n) => n.initialMaster === master.addr)!;
    const before = sim.now();
    expect(t.cmd(replica.addr, ['CLUSTER', 'FAILOVER', 'TAKEOVER'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    sim.runFor(100);
    expect(t.cluster.view(replica.addr)!.role()).to.equal('master');
    expect(sim.trace!.events().filter((e) => e.t >= before && e.type === 'vote-granted')).to.deep.equal([]);
    // The new master learns that its old master now replicates it from that node's next PING (≤ node_timeout/2).
    sim.runFor(1_000);
    expect(t.cmd(master.addr, ['CLUSTER', 'FAILOVER'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    sim.runFor(1_000);
    expect(t.cmd(master.addr, ['CLUSTER', 'FAILOVER'])).to.deep.equal({ kind: 'error', message: 'ERR You should send CLUSTER FAILOVER to a replica' });
    const other = t.cluster.nodes[2];
    const otherReplica = t.cluster.nodes.find((n) => n.initialMaster === other.addr)!;
    sim.crash(other.server);
    sim.runFor(2_000);
    expect(t.cmd(otherReplica.addr, ['CLUSTER', 'FAILOVER'])).to.deep.equal({ kind: 'error', message: 'ERR Master is down or failed, please use CLUSTER FAILOVER FORCE' });
  }, { seed: 4, simulation: { trace: { memory: true } } });

  itSim('should elect exactly one of two replicas, each master voting at most once per epoch', (sim) => {
    const t = startCluster(sim, { servers: 4, replicasPerMaster: 2 });
    const victim = t.cluster.nodes[0];
    sim.crash(victim.server);
    sim.runFor(8_000);
    const events = sim.trace!.events().filter((e) => e.kind === 'milestone');
    const promoted = events.filter((e) => e.type === 'promoted' && e.data!.previous === victim.id);
    expect(promoted).to.have.length(1);
    const votes = events.filter((e) => e.type === 'vote-granted').map((e) => `${e.data!.voter}@${e.data!.epoch}`);
    expect(new Set(votes).size).to.equal(votes.length);
    const winner = promoted[0].data!.node as string;
    const loser = t.cluster.nodes.find((n) => n.initialMaster === victim.addr && n.id !== winner)!;
    sim.runFor(2_000);
    expect(t.cluster.view(loser.addr)?.masterId()).to.equal(winner);
    expect(checkAllSlotsServed(t.cluster)).to.equal(undefined);
  }, { seed: 5, simulation: { trace: { memory: true } } });

  it('should resolve a configEpoch collision: the master with the smaller id takes a new epoch', () => {
    const sim = createSimulation({ seed: 6, trace: { memory: true } });
    const t = startCluster(sim, { servers: 2, replicasPerMaster: 0, bootstrap: 'empty' }, 100);
    const [a, b] = t.cluster.nodes;
    expect(t.cmd(a.addr, ['CLUSTER', 'SET-CONFIG-EPOCH', '5'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(t.cmd(b.addr, ['CLUSTER', 'SET-CONFIG-EPOCH', '5'])).to.deep.equal({ kind: 'simple', value: 'OK' });
    t.cmd(a.addr, ['CLUSTER', 'ADDSLOTSRANGE', '0', '8191']);
    t.cmd(b.addr, ['CLUSTER', 'ADDSLOTSRANGE', '8192', '16383']);
    t.cmd(a.addr, ['CLUSTER', 'MEET', '127.0.0.1', String(b.port)]);
    sim.runFor(3_000);
    const [va, vb] = [t.cluster.view(a.addr)!, t.cluster.view(b.addr)!];
    expect(va.configEpoch()).to.not.equal(vb.configEpoch());
    const bumped = a.id < b.id ? va : vb;
    expect(bumped.configEpoch()).to.equal(6);
    expect(sim.trace!.events().filter((e) => e.type === 'config-epoch-collision')).to.have.length(1);
  });
});
