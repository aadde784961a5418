import { expect } from 'chai';
import type { Simulation } from '../../../lib/sim/index.js';
import { createProbe, itSim } from '../../../lib/testkit/index.js';
import { clusterClient, keyHashSlot, type ClusterClientReply, type ClusterClientOptions } from '../../../actors/redis/index.js';
import { startCluster, type TestCluster } from './redisTestKit.js';

const withClient = (sim: Simulation, t: TestCluster, options: Partial<Omit<ClusterClientOptions, 'seeds'>> = {}) => {
  const client = sim.spawn(clusterClient({ seeds: [t.cluster.nodes[0].addr], directory: t.cluster.directory, ...options }), 'cc', { node: 'app' });
  const probe = createProbe<ClusterClientReply>(sim, 'app-probe', { node: 'app' });
  sim.runFor(100);
  return {
    run: (argv: string[], extra: { waitReplicas?: number; waitTimeoutMs?: number } = {}, withinMs = 10_000): ClusterClientReply => {
      sim.tell(client, { type: 'request', argv, replyTo: probe.ref, ...extra });
      return probe.expectMessage(withinMs);
    },
  };
};

describe('redis cluster client', () => {
  itSim('should learn the slot map and send each command straight to its master', (sim) => {
    const t = startCluster(sim);
    const c = withClient(sim, t);
    const r = c.run(['SET', 'foo', 'bar']);
    expect(r).to.deep.include({ reply: { kind: 'simple', value: 'OK' }, attempts: 1, node: '127.0.0.1:30003' });
    expect(c.run(['GET', 'foo']).reply).to.deep.equal({ kind: 'bulk', value: 'bar' });
    const w = c.run(['SET', 'foo', 'baz'], { waitReplicas: 1, waitTimeoutMs: 500 });
    expect(w.acked).to.equal(1);
  }, { seed: 1 });

  itSim('should follow MOVED after a manual failover changed the owner, and patch its map', (sim) => {
    const t = startCluster(sim);
    const c = withClient(sim, t);
    c.run(['SET', 'foo', 'bar']);
    const replica = t.cluster.nodes.find((n) => n.initialMaster === '127.0.0.1:30003')!;
    t.cmd(replica.addr, ['CLUSTER', 'FAILOVER']);
    sim.runFor(1_000);
    const r = c.run(['GET', 'foo']);
    expect(r.reply).to.deep.equal({ kind: 'bulk', value: 'bar' });
    expect(r.attempts).to.equal(2);
    expect(r.node).to.equal(replica.addr);
    expect(c.run(['GET', 'foo']).attempts).to.equal(1);
  }, { seed: 2 });

  itSim('should follow ASK with a one-off ASKING to the importing node during a migration', (sim) => {
    const t = startCluster(sim);
    const c = withClient(sim, t);
    const [a, b] = t.cluster.nodes;
    const key = 'b';
    const slot = String(keyHashSlot(key));
    expect(t.cmd(b.addr, ['CLUSTER', 'SETSLOT', slot, 'IMPORTING', a.id])).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(t.cmd(a.addr, ['CLUSTER', 'SETSLOT', slot, 'MIGRATING', b.id])).to.deep.equal({ kind: 'simple', value: 'OK' });
    const r = c.run(['SET', key, 'new']);
    expect(r).to.deep.include({ reply: { kind: 'simple', value: 'OK' }, node: b.addr, attempts: 2 });
    expect(t.cluster.view(b.addr)!.peek(key)).to.equal('new');
    expect(t.cluster.view(a.addr)!.peek(key)).to.equal(undefined);
  }, { seed: 3 });

  itSim('should retry through CLUSTERDOWN and a dead master until the failover is over', (sim) => {
    const t = startCluster(sim);
    const c = withClient(sim, t);
    c.run(['SET', 'foo', 'v1']);
    sim.crash('s3');
    const r = c.run(['SET', 'foo', 'v2']);
    expect(r.reply).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(r.attempts).to.be.greaterThan(2);
    expect(t.cluster.nodesOn('s3').map((n) => n.addr)).to.not.include(r.node);
  }, { seed: 4 });

  itSim('should give up after its redirection budget', (sim) => {
    const t = startCluster(sim);
    const c = withClient(sim, t, { maxRedirections: 3 });
    sim.partition([['app'], [...t.cluster.servers]]);
    const r = c.run(['GET', 'foo'], {}, 60_000);
    expect(r.reply.kind).to.equal('error');
    expect(r.reply.kind === 'error' && r.reply.message).to.match(/^ERR Too many Cluster redirections\. \(last error: no answer from /);
    expect(r.attempts).to.equal(4);
  }, { seed: 5 });
});
