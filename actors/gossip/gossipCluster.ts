import { pathRef, type Ref } from '../../lib/actor/index.js';
import type { Simulation } from '../../lib/sim/index.js';
import { gossipNode, type GossipOptions } from './GossipNode.js';
import type { GossipMsg } from './protocol.js';

/** A gossip cluster booted in a simulation. */
export interface GossipCluster<V> {
  /** Node names, `${prefix}0` … `${prefix}{n-1}`. */
  readonly nodes: ReadonlyArray<string>;
  /** A path ref to each node's gossip actor (survives restarts). */
  ref(node: string): Ref<GossipMsg<V>>;
}

/**
 * Boot `n` simulated nodes, each running a gossip node at `/gossip` (spawned
 * again when the node restarts), all sharing one member list.
 *
 * @example
 * const cluster = bootGossipCluster(sim, 100, { strategy: 'seed', observer: monitor });
 * sim.tell(cluster.ref(cluster.nodes[0]), { type: 'put', key: 'k', value: 1 });
 */
export const bootGossipCluster = <V = unknown>(
  sim: Simulation,
  n: number,
  options: Omit<GossipOptions<V>, 'peers' | 'peerPath'> & { prefix?: string } = {},
): GossipCluster<V> => {
  const prefix = options.prefix ?? 'g';
  const nodes = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const behavior = gossipNode<V>({ ...options, peers: nodes, peerPath: '/gossip' });
  for (const name of nodes) sim.node(name, { boot: (node) => node.spawn(behavior, 'gossip') });
  return { nodes, ref: (node) => pathRef<GossipMsg<V>>(node, '/gossip') };
};
