import { defineScenario, type Simulation } from '../../lib/sim/index.js';
import { createProbe } from '../../lib/testkit/index.js';
import { compareVersions, type Entry } from './Entry.js';
import { GossipMonitor } from './GossipMonitor.js';
import { bootGossipCluster, type GossipCluster } from './gossipCluster.js';
import type { GossipReply } from './protocol.js';

/** The built-in strategies the chaos scenario rotates through (seed mod 4). */
export const CHAOS_STRATEGIES = ['plain-random', 'seed', 'seed+budget', 'push-pull'] as const;

/** What the chaos scenario builds. */
export interface GossipChaosWorld {
  readonly cluster: GossipCluster<string>;
  readonly strategy: string;
  readonly monitor: GossipMonitor;
  /** Per key, the newest version any node wrote (the version every node must end with). */
  readonly written: Map<string, Entry<unknown>>;
}

const NODES = 8;
const WRITES = 30;
const KEYS = 5;
const FAULTS_UNTIL_MS = 28_000;

/**
 * Read every node's entries through `snapshot` messages (the actors' real
 * state, not the observer's). The probe sits on a node of its own, so
 * replies cross the network: nodes that did not answer (loss) are asked again,
 * up to `attempts` times.
 */
export const snapshotAll = <V>(sim: Simulation, cluster: GossipCluster<V>, withinMs = 1_000, attempts = 10): Map<string, ReadonlyArray<Entry<V>>> => {
  const probe = createProbe<GossipReply<V>>(sim, `snapshots-${sim.now()}`);
  const out = new Map<string, ReadonlyArray<Entry<V>>>();
  for (let i = 0; i < attempts && out.size < cluster.nodes.length; i++) {
    const asked = cluster.nodes.filter((n) => !out.has(n));
    for (const n of asked) sim.tell(cluster.ref(n), { type: 'snapshot', replyTo: probe.ref });
    const seen = probe.received.length;
    sim.runUntil(() => probe.received.length - seen >= asked.length, withinMs);
    for (const r of probe.received.slice(seen)) if (r.type === 'snapshot' && !out.has(r.node)) out.set(r.node, r.entries);
  }
  return out;
};

/**
 * Chaos for gossip (`antiEntropyMs` overrides the nodes' default, to show what anti-entropy is for): 8 nodes (fanout 2, entries persisted to disk), 30 writes
 * of 5 keys at random nodes and times, while a seeded nemesis crashes nodes
 * (at most 2 down), partitions the cluster and drops messages in bursts for
 * 28 s; then 12 s without faults. The strategy rotates with the seed. Final
 * check: every node is up and holds, for every key, exactly the newest
 * version written — eventual convergence after heal.
 */
export const gossipChaos = (options: { antiEntropyMs?: number; name?: string } = {}) =>
  defineScenario<GossipChaosWorld>({
    name: options.name ?? 'gossip-chaos',
    description: 'gossip writes through crashes, partitions and loss bursts; every node agrees after heal',
    durationMs: 40_000,
    setup: (sim) => {
      const strategy = CHAOS_STRATEGIES[((sim.seed % 4) + 4) % 4];
      const monitor = new GossipMonitor(NODES);
      const written = new Map<string, Entry<unknown>>();
      const cluster = bootGossipCluster<string>(sim, NODES, {
        strategy,
        fanout: 2,
        persist: true,
        antiEntropyMs: options.antiEntropyMs,
        observer: {
          started: (n) => monitor.started(n),
          learned: (n, e, via, spreading) => {
            monitor.learned(n, e, via, spreading);
            const w = written.get(e.key);
            if (via === 'local' && (w === undefined || compareVersions(e, w) > 0)) written.set(e.key, e);
          },
          duplicate: () => monitor.duplicate(),
          sent: (n, to, kind) => monitor.sent(n, to, kind),
          retired: (n, key, reason) => monitor.retired(n, key, reason),
        },
      });
      const writes = sim.random.fork('writes');
      for (let i = 0; i < WRITES; i++) {
        const at = writes.int(0, 25_000);
        const node = writes.pick(cluster.nodes);
        const key = `k${writes.int(1, KEYS)}`;
        // A write sent to a crashed node is a dead letter: it was never written.
        sim.clock.schedule(() => sim.tell(cluster.ref(node), { type: 'put', key, value: `${node}@${at}` }), at);
      }
      return { cluster, strategy, monitor, written };
    },
    nemesis: (_sim, world) => ({
      nodes: world.cluster.nodes,
      durationMs: FAULTS_UNTIL_MS,
      crashesPerMin: 8,
      meanDowntimeMs: 3_000,
      partitionsPerMin: 8,
      meanPartitionMs: 4_000,
      lossBurstsPerMin: 6,
      lossBurstProbability: 0.5,
      maxDown: 2,
    }),
    check: (sim, world) => {
      const problems: string[] = [];
      const down = world.cluster.nodes.filter((n) => !sim.system.node(n).isUp);
      if (down.length > 0) problems.push(`nodes still down at the end: ${down.join(', ')}`);
      const snapshots = snapshotAll(sim, world.cluster);
      const expected = [...world.written.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
      const show = (es: ReadonlyArray<Entry<unknown>>): string => es.map((e) => `${e.key}=v${e.version}/${e.origin}`).join(' ');
      for (const n of world.cluster.nodes) {
        const held = snapshots.get(n);
        if (held === undefined) problems.push(`${n}: no snapshot`);
        else if (show(held) !== show(expected)) problems.push(`${n} [${world.strategy}] holds ${show(held)}; expected ${show(expected)}`);
      }
      return problems;
    },
  });

/** The chaos scenario with default options (see {@link gossipChaos}). */
export const gossipChaosScenario = gossipChaos();
