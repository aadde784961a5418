import { expect } from 'chai';
import { itSim } from '../../../lib/testkit/index.js';
import { startCluster } from './redisTestKit.js';

describe('redis failure detection', () => {
  itSim('should flag PFAIL after node_timeout without a PONG and FAIL once a majority of masters agree', (sim) => {
    const t = startCluster(sim, { nodeTimeoutMs: 2000 });
    const victim = t.cluster.nodesOn('s2').find((n) => n.initialRole === 'master')!;
    const crashAt = sim.now();
    sim.crash('s2');
    sim.runFor(6_000);
    const events = sim.trace!.events().filter((e) => e.kind === 'milestone' && e.t >= crashAt && e.data?.node === victim.id);
    const pfails = events.filter((e) => e.type === 'pfail');
    expect(pfails.length).to.be.at.least(2);
    for (const p of pfails) expect(p.t - crashAt).to.be.within(2000, 3000 + 200);
    const fail = events.find((e) => e.type === 'fail')!;
    expect(fail.data!.reports).to.be.at.least(fail.data!.quorum as number);
    for (const v of t.cluster.liveViews()) expect(v.flagsOf(victim.id)).to.include('fail');
  }, { seed: 1, simulation: { trace: { memory: true } } });

  itSim('should stop a master cut off in a minority from taking writes within 1.5×node_timeout, and let it rejoin after the heal', (sim) => {
    const t = startCluster(sim);
    const master = t.cluster.nodes[0];
    const cutAt = sim.now();
    sim.partition([[master.server], t.cluster.servers.filter((s) => s !== master.server).concat(['laptop'])]);
    let refusedAt: number | undefined;
    sim.runUntil(() => {
      if (t.cluster.view(master.addr)!.acceptsWrites()) return false;
      refusedAt = sim.now();
      return true;
    }, 5_000);
    expect(refusedAt! - cutAt).to.be.within(1000, 1500 + 300);
    sim.runFor(5_000);
    sim.heal();
    sim.runFor(5_000);
    expect(t.cluster.view(master.addr)!.role()).to.equal('replica');
    expect(t.cluster.view(master.addr)!.clusterState()).to.equal('ok');
  }, { seed: 2 });

  itSim('should clear FAIL of a replica as soon as it answers again', (sim) => {
    const t = startCluster(sim);
    const replica = t.cluster.nodes.find((n) => n.initialRole === 'replica')!;
    const other = t.cluster.nodesOn(replica.server).find((n) => n !== replica)!;
    sim.crash(replica.server);
    sim.runFor(8_000);
    const observer = t.cluster.liveViews()[0];
    expect(observer.flagsOf(replica.id)).to.include('fail');
    sim.restart(replica.server);
    sim.runFor(2_000);
    expect(observer.flagsOf(replica.id)).to.not.include('fail');
    expect(observer.flagsOf(other.id)).to.not.include('fail');
  }, { seed: 3 });

  itSim('should gossip about ⌊N/10⌋ nodes (at least 3) plus every node in PFAIL', (sim) => {
    const t = startCluster(sim, { servers: 40, replicasPerMaster: 1, nodeTimeoutMs: 15_000 }, 2_000);
    const pings = () => sim.trace!.events().filter((e) => e.kind === 'send' && e.type === 'bus-ping' && e.payload !== undefined);
    const sizes = new Set(pings().map((e) => (e.payload as { gossip: unknown[] }).gossip.length));
    expect([...sizes]).to.deep.equal([8]);
    const before = sim.trace!.events().length;
    sim.crash('s7');
    sim.runFor(25_000);
    const later = sim.trace!.events().slice(before).filter((e) => e.kind === 'send' && e.type === 'bus-ping');
    const max = Math.max(...later.map((e) => (e.payload as { gossip: unknown[] }).gossip.length));
    expect(max).to.equal(8 + 2);
    expect(t.cluster.liveViews().length).to.equal(78);
  }, { seed: 4, simulation: { trace: { memory: true, payloads: true } } });
});
