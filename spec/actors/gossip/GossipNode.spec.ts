import { expect } from 'chai';
import { pathRef } from '../../../lib/actor/index.js';
import { createSimulation, type Simulation } from '../../../lib/sim/index.js';
import { createProbe, itSim } from '../../../lib/testkit/index.js';
import {
  GossipMonitor,
  bootGossipCluster,
  gossipNode,
  retransmitLimit,
  snapshotAll,
  type Entry,
  type GossipCluster,
  type GossipMsg,
  type GossipObserver,
  type GossipReply,
} from '../../../actors/gossip/index.js';


const show = (es: ReadonlyArray<Entry<unknown>> | undefined): string => (es ?? []).map((e) => `${e.key}=${String(e.value)}@v${e.version}/${e.origin}`).join(' ');

/** Every node's entries, as one line per node. */
const holdings = <V>(sim: Simulation, cluster: GossipCluster<V>): string[] => {
  const snaps = snapshotAll(sim, cluster);
  return cluster.nodes.map((n) => show(snaps.get(n)));
};

/** A monitor that also logs every push as `from>to`. */
const loggingMonitor = (n: number): GossipMonitor & { pushes: string[] } => {
  const m = new GossipMonitor(n) as GossipMonitor & { pushes: string[] };
  m.pushes = [];
  const sent = m.sent.bind(m);
  m.sent = (node, to, kind, entries) => {
    sent(node, to, kind, entries);
    if (kind === 'push') m.pushes.push(`${node}>${to}`);
  };
  return m;
};

describe('gossipNode', () => {
  describe('convergence', () => {
    const strategies: Array<[string, number]> = [
      ['plain-random', 0],
      ['seed', 0],
      ['seed+budget', 0],
      ['push-pull', 1_000],
    ];
    for (const [strategy, antiEntropyMs] of strategies) {
      itSim(`should bring every node to the same entries with ${strategy}${antiEntropyMs === 0 ? ' (push only, no anti-entropy)' : ''}`, (sim) => {
        const cluster = bootGossipCluster(sim, 40, { strategy, antiEntropyMs });
        sim.tell(cluster.ref('g0'), { type: 'put', key: 'a', value: 'one' });
        sim.tell(cluster.ref('g17'), { type: 'put', key: 'b', value: 'two' });
        sim.runFor(500);
        sim.tell(cluster.ref('g33'), { type: 'put', key: 'a', value: 'three' });
        sim.runFor(10_000);
        const all = holdings(sim, cluster);
        expect(new Set(all).size, all.join('\n')).to.equal(1);
        expect(all[0]).to.equal('a=three@v2/g33 b=two@v1/g17');
      }, { seed: 11 });
    }

    itSim('should converge concurrent writes of one key to the same winner everywhere (higher origin on a tie)', (sim) => {
      const cluster = bootGossipCluster(sim, 12, {});
      sim.tell(cluster.ref('g1'), { type: 'put', key: 'x', value: 'from g1' });
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'x', value: 'from g0' });
      sim.runFor(5_000);
      expect(new Set(holdings(sim, cluster))).to.deep.equal(new Set(['x=from g1@v1/g1']));
    });
  });

  describe('the seed rule', () => {
    itSim('should never send an entry twice to the same peer, and stop after sending it to every peer', (sim) => {
      const n = 20;
      const monitor = loggingMonitor(n);
      const cluster = bootGossipCluster(sim, n, { strategy: 'seed', observer: monitor, antiEntropyMs: 0 });
      sim.tell(cluster.ref('g4'), { type: 'put', key: 'k', value: 1 });
      sim.runFor(30_000);
      expect(new Set(monitor.pushes).size).to.equal(monitor.pushes.length);
      expect(monitor.pushes).to.have.length(n * (n - 1));
      expect(monitor.counters.retired['all-peers-sent']).to.equal(n);
      expect(monitor.spreads).to.equal(0);
    });

    itSim('should (unlike plain-random) be what avoids repeats: plain-random repeats peers in the same setup', (sim) => {
      const monitor = loggingMonitor(20);
      const cluster = bootGossipCluster(sim, 20, { strategy: 'plain-random', observer: monitor, antiEntropyMs: 0 });
      sim.tell(cluster.ref('g4'), { type: 'put', key: 'k', value: 1 });
      sim.runFor(5_000);
      expect(new Set(monitor.pushes).size).to.be.lessThan(monitor.pushes.length);
    });
  });

  describe('the retransmit budget', () => {
    itSim('should stop every node after 4·⌈log10(N+1)⌉ pushes of an entry, and send nothing more', (sim) => {
      const n = 50;
      const budget = retransmitLimit(n);
      const monitor = loggingMonitor(n);
      const cluster = bootGossipCluster(sim, n, { strategy: 'seed+budget', observer: monitor, antiEntropyMs: 0 });
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'k', value: 1 });
      sim.runFor(1);
      expect(monitor.spreads).to.equal(1);
      expect(sim.runUntil(() => monitor.spreads === 0, 30_000)).to.equal(true);
      const perNode = new Map<string, number>();
      for (const p of monitor.pushes) perNode.set(p.split('>')[0], (perNode.get(p.split('>')[0]) ?? 0) + 1);
      expect(budget).to.equal(8);
      expect(Math.max(...perNode.values())).to.equal(budget);
      expect(monitor.counters.retired['budget-spent']).to.equal(n);
      const before = monitor.pushes.length;
      sim.runFor(20_000);
      expect(monitor.pushes.length).to.equal(before);
      expect(sim.clock.nextTime(), 'no timer left: rounds stop when nothing is spread').to.equal(undefined);
    });

    itSim('should let push-pull stop early when the entry looks widespread, well under the budget', (sim) => {
      const n = 200;
      const monitor = new GossipMonitor(n);
      const cluster = bootGossipCluster(sim, n, { strategy: 'push-pull', observer: monitor });
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'k', value: 1 });
      sim.runFor(10_000);
      expect(monitor.holders('k', 1, 'g0')).to.equal(n);
      expect(monitor.counters.retired.widespread).to.be.greaterThan(n / 2);
      expect(monitor.counters.sent.push).to.be.lessThan((n * retransmitLimit(n)) / 2);
    });
  });

  describe('anti-entropy', () => {
    const partitioned = (sim: Simulation, antiEntropyMs: number) => {
      const cluster = bootGossipCluster(sim, 20, { strategy: 'seed+budget', antiEntropyMs });
      const left = cluster.nodes.slice(0, 10);
      sim.partition([left, cluster.nodes.slice(10)]);
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'k', value: 'v' });
      sim.runFor(10_000);
      const during = holdings(sim, cluster);
      sim.heal();
      sim.runFor(5_000);
      return { during, after: holdings(sim, cluster) };
    };

    itSim('should bring the other side of a healed partition up to date', (sim) => {
      const { during, after } = partitioned(sim, 1_000);
      expect(during.slice(0, 10)).to.deep.equal(Array(10).fill('k=v@v1/g0'));
      expect(during.slice(10)).to.deep.equal(Array(10).fill(''));
      expect(after).to.deep.equal(Array(20).fill('k=v@v1/g0'));
    }, { seed: 5 });

    itSim('should be what heals it: without anti-entropy the budget is spent during the partition and the other side never learns', (sim) => {
      const { after } = partitioned(sim, 0);
      expect(after.slice(10)).to.deep.equal(Array(10).fill(''));
    }, { seed: 5 });

    itSim('should converge under 30% message loss', (sim) => {
      const cluster = bootGossipCluster(sim, 30, { strategy: 'seed+budget' });
      for (let i = 0; i < 5; i++) sim.tell(cluster.ref(`g${i * 6}`), { type: 'put', key: `k${i}`, value: i });
      sim.runFor(20_000);
      const all = holdings(sim, cluster);
      expect(new Set(all).size).to.equal(1);
      expect(all[0]).to.equal('k0=0@v1/g0 k1=1@v1/g6 k2=2@v1/g12 k3=3@v1/g18 k4=4@v1/g24');
    }, { seed: 9, simulation: { network: { link: { loss: 0.3 } } } });

    itSim('should catch up a crashed node when it restarts (memory lost, no disk)', (sim) => {
      const cluster = bootGossipCluster(sim, 10, {});
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'a', value: 1 });
      sim.runFor(3_000);
      sim.crash('g5');
      sim.tell(cluster.ref('g1'), { type: 'put', key: 'b', value: 2 });
      sim.runFor(3_000);
      sim.restart('g5');
      sim.runFor(300);
      const snap = snapshotAll(sim, cluster);
      expect(show(snap.get('g5'))).to.equal('a=1@v1/g0 b=2@v1/g1');
    }, { seed: 2 });

    itSim('should keep entries across a crash with persist, and never reuse a version after restart', (sim) => {
      const cluster = bootGossipCluster(sim, 5, { persist: true, antiEntropyMs: 0 });
      sim.tell(cluster.ref('g2'), { type: 'put', key: 'a', value: 'old' });
      sim.runFor(3_000);
      for (const n of cluster.nodes) sim.crash(n);
      for (const n of cluster.nodes) sim.restart(n);
      sim.tell(cluster.ref('g2'), { type: 'put', key: 'a', value: 'new' });
      sim.runFor(3_000);
      expect(new Set(holdings(sim, cluster))).to.deep.equal(new Set(['a=new@v2/g2']));
    });
  });

  describe('determinism', () => {
    const run = (seed: number): string[] => {
      const sim = createSimulation({ seed, trace: false, network: { link: { loss: 0.1 } } });
      const log: string[] = [];
      const observer: GossipObserver = {
        sent: (node, to, kind) => log.push(`${sim.now()} ${node}>${to} ${kind}`),
        learned: (node, e, via) => log.push(`${sim.now()} ${node} learned ${e.key}@${e.version} by ${via}`),
      };
      const cluster = bootGossipCluster(sim, 25, { strategy: 'push-pull', observer });
      sim.tell(cluster.ref('g3'), { type: 'put', key: 'k', value: 1 });
      sim.runFor(5_000);
      return log;
    };

    it('should replay the same run, message for message, from the same seed, and another run from another seed', () => {
      const a = run(42);
      expect(a.length).to.be.greaterThan(100);
      expect(run(42)).to.deep.equal(a);
      expect(run(43)).to.not.deep.equal(a);
    });
  });

  describe('membership', () => {
    itSim('should let a node join: it announces itself, pulls every entry at once, and gets new ones by push', (sim) => {
      const monitor = new GossipMonitor(11);
      const cluster = bootGossipCluster(sim, 10, { observer: monitor });
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'a', value: 1 });
      sim.tell(cluster.ref('g9'), { type: 'put', key: 'b', value: 2 });
      sim.runFor(5_000);
      const Joiner = gossipNode({ peers: [...cluster.nodes, 'g10'], announce: true, observer: monitor });
      sim.node('g10', { boot: (node) => node.spawn(Joiner, 'gossip') });
      sim.runFor(250);
      const joined = snapshotAll(sim, { nodes: [...cluster.nodes, 'g10'], ref: (n) => pathRef<GossipMsg>(n, '/gossip') });
      expect(show(joined.get('g10'))).to.equal('a=1@v1/g0 b=2@v1/g9');
      const probe = createProbe<GossipReply>(sim, 'peers');
      sim.tell(cluster.ref('g4'), { type: 'snapshot', replyTo: probe.ref });
      const r = probe.expectMessage(100);
      expect(r.type === 'snapshot' && r.peers).to.equal(10);
      sim.tell(cluster.ref('g2'), { type: 'put', key: 'c', value: 3 });
      sim.runFor(2_000);
      expect(monitor.holders('c', 1, 'g2')).to.equal(11);
    });

    itSim('should let a node leave: every peer drops it from its view and never pushes to it again', (sim) => {
      const monitor = loggingMonitor(10);
      const cluster = bootGossipCluster(sim, 10, { observer: monitor, strategy: 'seed' });
      sim.tell(cluster.ref('g3'), { type: 'leave' });
      sim.runFor(100);
      const before = monitor.pushes.length;
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'k', value: 1 });
      sim.runFor(10_000);
      const after = monitor.pushes.slice(before);
      expect(after.length).to.equal(9 * 8);
      expect(after.filter((p) => p.endsWith('>g3') || p.startsWith('g3>'))).to.deep.equal([]);
      const snaps = snapshotAll(sim, cluster);
      expect(show(snaps.get('g3'))).to.equal('');
      expect(cluster.nodes.filter((n) => n !== 'g3').map((n) => show(snaps.get(n)))).to.deep.equal(Array(9).fill('k=1@v1/g0'));
    });

    itSim('should drop a peer declared down by a failure detector, and take it back when it is declared up', (sim) => {
      const monitor = loggingMonitor(6);
      const cluster = bootGossipCluster(sim, 6, { observer: monitor, strategy: 'seed', antiEntropyMs: 0 });
      sim.crash('g5');
      for (const n of cluster.nodes.slice(0, 5)) sim.tell(cluster.ref(n), { type: 'member-down', node: 'g5' });
      sim.tell(cluster.ref('g0'), { type: 'put', key: 'k', value: 1 });
      sim.runFor(5_000);
      expect(monitor.pushes.filter((p) => p.endsWith('>g5'))).to.deep.equal([]);
      // A stray message from a downed node does not bring it back; member-up does.
      sim.restart('g5');
      for (const n of cluster.nodes.slice(0, 5)) sim.tell(cluster.ref(n), { type: 'member-up', node: 'g5' });
      sim.tell(cluster.ref('g1'), { type: 'put', key: 'k', value: 2 });
      sim.runFor(5_000);
      expect(monitor.pushes.filter((p) => p.endsWith('>g5')).length).to.equal(5);
    });
  });

  describe('mailbox', () => {
    itSim('should answer get, and turn an ill-typed message into a dead letter without failing', (sim) => {
      const cluster = bootGossipCluster(sim, 3, {});
      sim.tell(cluster.ref('g1'), { type: 'put', key: 'k', value: [1, 2] });
      sim.system.tellUnknown(cluster.ref('g1'), { type: 'push', from: 7, entries: 'no' });
      const probe = createProbe<GossipReply>(sim, 'client');
      sim.tell(cluster.ref('g1'), { type: 'get', key: 'k', replyTo: probe.ref });
      expect(probe.expectMessage(100)).to.deep.equal({ type: 'entry', node: 'g1', key: 'k', entry: { key: 'k', value: [1, 2], version: 1, origin: 'g1' } });
      sim.tell(cluster.ref('g1'), { type: 'get', key: 'nope', replyTo: probe.ref });
      expect(probe.expectMessage(100)).to.deep.include({ entry: null });
      expect(sim.system.deadLetters).to.equal(1);
      expect(sim.system.failures).to.equal(0);
    });

    it('should refuse bad options', () => {
      expect(() => gossipNode({ peers: [], fanout: 0 })).to.throw(RangeError);
      expect(() => gossipNode({ peers: [], roundMs: 0 })).to.throw(RangeError);
      expect(() => gossipNode({ peers: [], strategy: 'nope' })).to.throw(RangeError, /unknown gossip strategy/);
    });
  });
});
