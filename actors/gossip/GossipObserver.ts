import type { Entry } from './Entry.js';
import type { RetireReason } from './GossipStrategy.js';

/** How a node came to hold an entry version: its own write, a rumor push, anti-entropy, or its disk after a restart. */
export type LearnedVia = 'local' | 'rumor' | 'repair' | 'disk';

/** What kind of gossip message a node sent. */
export type SentKind = 'push' | 'repair' | 'digest' | 'digest-reply' | 'member-down' | 'member-up';

/**
 * Hooks a harness passes to every node of a cluster to watch it without
 * tracing (benchmarks at 10,000 nodes, convergence checks in specs). They
 * are called synchronously from inside the node's handler and must not
 * change it. Every hook is optional.
 *
 * @example
 * const observer: GossipObserver = { learned: (node, entry) => console.log(node, entry.key) };
 * gossipNode({ peers, observer });
 */
export interface GossipObserver {
  /** The node (re)started with nothing held: its memory is empty. */
  started?(node: string): void;
  /** The node now holds `entry` (newer than what it had); `spreading`: it will push it on. */
  learned?(node: string, entry: Entry<unknown>, via: LearnedVia, spreading: boolean): void;
  /** A rumor push brought the node a version it already held (or an older one). */
  duplicate?(node: string, entry: Entry<unknown>, from: string): void;
  /** The node sent one message to `to`, carrying `entries` entries. */
  sent?(node: string, to: string, kind: SentKind, entries: number): void;
  /** The node stopped pushing `key`. */
  retired?(node: string, key: string, reason: RetireReason): void;
}
