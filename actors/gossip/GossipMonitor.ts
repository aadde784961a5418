import type { Entry } from './Entry.js';
import type { GossipObserver, LearnedVia, SentKind } from './GossipObserver.js';
import type { RetireReason } from './GossipStrategy.js';

/** Counters a {@link GossipMonitor} keeps. */
export interface GossipCounters {
  /** Messages sent, by kind. */
  readonly sent: Record<SentKind, number>;
  /** Entry versions learned, by how. */
  readonly learned: Record<LearnedVia, number>;
  /** Rumor deliveries of a version the receiver already held. */
  duplicates: number;
  /** Spreads stopped, by reason. */
  readonly retired: Partial<Record<RetireReason, number>>;
}

const versionId = (e: { readonly key: string; readonly version: number; readonly origin: string }): string => `${e.key}\u0000${e.version}\u0000${e.origin}`;

/**
 * A {@link GossipObserver} that keeps, in O(1) per event, which entry version
 * every node holds, how many nodes hold each version, which nodes are still
 * pushing, and message counters. It can also serve as the `isConverged`
 * oracle (every one of `clusterSize` nodes holds the version) — knowledge only
 * a simulation has, which strategies without a stopping rule of their own
 * (`plain-random`, `seed`) need to ever stop.
 *
 * What it knows comes from the nodes' hooks: a crashed node still counts as
 * holding its entries until it restarts (then `started` clears it).
 *
 * @example
 * const monitor = new GossipMonitor(nodes.length);
 * const Gossip = gossipNode({ peers: nodes, observer: monitor, isConverged: monitor.isConverged });
 * sim.runUntil(() => monitor.holders('k', 1, 'n1') === nodes.length, 60_000);
 */
export class GossipMonitor implements GossipObserver {
  /** Per node, the entry version it holds per key. */
  readonly held = new Map<string, Map<string, Entry<unknown>>>();
  /** Per node, the keys it is pushing. */
  readonly pushing = new Map<string, Set<string>>();
  readonly counters: GossipCounters = {
    sent: { push: 0, repair: 0, digest: 0, 'digest-reply': 0, 'member-down': 0, 'member-up': 0 },
    learned: { local: 0, rumor: 0, repair: 0, disk: 0 },
    duplicates: 0,
    retired: {},
  };
  private readonly counts = new Map<string, number>();
  private activeSpreads = 0;

  /** `clusterSize`: how many nodes must hold a version for it to count as converged. */
  constructor(public clusterSize: number) {}

  /** How many nodes hold exactly this version. */
  holders(key: string, version: number, origin: string): number {
    return this.counts.get(versionId({ key, version, origin })) ?? 0;
  }

  /** Whether every node of the cluster holds `entry`'s version (an oracle for `isConverged`). */
  readonly isConverged = (entry: Entry<unknown>): boolean => (this.counts.get(versionId(entry)) ?? 0) >= this.clusterSize;

  /** Number of (node, key) pairs still being pushed. */
  get spreads(): number {
    return this.activeSpreads;
  }

  /** Messages sent, all kinds. */
  get messages(): number {
    let n = 0;
    for (const v of Object.values(this.counters.sent)) n += v;
    return n;
  }

  // ---------------------------------------------------------------- GossipObserver

  started(node: string): void {
    const held = this.held.get(node);
    if (held !== undefined) for (const e of held.values()) this.counts.set(versionId(e), (this.counts.get(versionId(e)) ?? 1) - 1);
    this.held.set(node, new Map());
    this.activeSpreads -= this.pushing.get(node)?.size ?? 0;
    this.pushing.set(node, new Set());
  }

  learned(node: string, entry: Entry<unknown>, via: LearnedVia, spreading: boolean): void {
    let held = this.held.get(node);
    if (held === undefined) this.held.set(node, (held = new Map()));
    const old = held.get(entry.key);
    if (old !== undefined) this.counts.set(versionId(old), (this.counts.get(versionId(old)) ?? 1) - 1);
    held.set(entry.key, entry);
    const id = versionId(entry);
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    this.counters.learned[via]++;
    if (spreading) {
      let p = this.pushing.get(node);
      if (p === undefined) this.pushing.set(node, (p = new Set()));
      if (!p.has(entry.key)) {
        p.add(entry.key);
        this.activeSpreads++;
      }
    }
  }

  duplicate(): void {
    this.counters.duplicates++;
  }

  sent(_node: string, _to: string, kind: SentKind, _entries = 0): void {
    this.counters.sent[kind]++;
  }

  retired(node: string, key: string, reason: RetireReason): void {
    this.counters.retired[reason] = (this.counters.retired[reason] ?? 0) + 1;
    const p = this.pushing.get(node);
    if (p?.delete(key)) this.activeSpreads--;
  }
}
