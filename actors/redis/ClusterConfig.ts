import * as t from 'io-ts';
import { NodeFlags } from './busProtocol.js';
import { ClusterNode, ClusterState } from './ClusterState.js';
import { SlotRanges, countSlots, forEachSlot } from './SlotRanges.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

/** One node in a nodes.conf. */
export const ClusterConfigNode = t.type({
  id: t.string,
  addr: t.string,
  role: t.union([t.literal('master'), t.literal('replica')]),
  master: t.union([t.string, t.null]),
  configEpoch: t.number,
  slots: SlotRanges,
});
/** One node in a nodes.conf. */
export type ClusterConfigNode = t.TypeOf<typeof ClusterConfigNode>;

/**
 * A node's persisted cluster configuration (Redis's nodes.conf): who it is,
 * its epochs and last vote, every node it knows with its role, configEpoch
 * and slots. Saved to the node's disk on every configuration change, loaded
 * at restart; also how a cluster builder hands each node its starting layout.
 */
export const ClusterConfig = t.type({
  myself: t.string,
  currentEpoch: t.number,
  lastVoteEpoch: t.number,
  nodes: t.readonlyArray(ClusterConfigNode),
});
/** A node's persisted cluster configuration. */
export type ClusterConfig = t.TypeOf<typeof ClusterConfig>;

/** The configuration a cluster state would save. */
export const saveClusterConfig = (cs: ClusterState): ClusterConfig => ({
  myself: cs.myself.id,
  currentEpoch: cs.currentEpoch,
  lastVoteEpoch: cs.lastVoteEpoch,
  nodes: cs.list
    .filter((n) => (n.flags & Flags.HANDSHAKE) === 0)
    .map((n) => ({
      id: n.id,
      addr: n.addr,
      role: n.isReplica ? ('replica' as const) : ('master' as const),
      master: n.masterId,
      configEpoch: n.configEpoch,
      slots: cs.rangesOf(n),
    })),
});

/**
 * Build a cluster state from a configuration, as a node does when it starts:
 * every known node is considered just heard from (`now`), nothing failing.
 */
export const loadClusterConfig = (config: ClusterConfig, now: number): ClusterState => {
  const me = config.nodes.find((n) => n.id === config.myself);
  if (me === undefined) throw new RangeError(`nodes.conf does not list myself (${config.myself})`);
  const node = (c: ClusterConfigNode, myself: boolean): ClusterNode => {
    const n = new ClusterNode(c.id, c.addr, (c.role === 'master' ? Flags.MASTER : Flags.REPLICA) | (myself ? Flags.MYSELF : 0), now);
    n.configEpoch = c.configEpoch;
    n.pongReceived = now;
    n.dataReceived = now;
    return n;
  };
  const cs = new ClusterState(node(me, true));
  for (const c of config.nodes) if (c.id !== me.id) cs.addNode(node(c, false));
  for (const c of config.nodes) {
    const n = cs.nodes.get(c.id)!;
    if (c.role === 'replica' && c.master !== null) {
      const m = cs.nodes.get(c.master);
      if (m !== undefined) cs.setReplicaOf(n, m);
      else n.masterId = c.master;
    }
    forEachSlot(c.slots, (s) => cs.addSlot(n, s));
  }
  // The configuration lists each node's slots as ranges already: seed the caches instead of scanning 16384 slots per node.
  for (const c of config.nodes) {
    const n = cs.nodes.get(c.id)!;
    if (n.numSlots === countSlots(c.slots)) n.ranges = c.slots;
  }
  cs.currentEpoch = Math.max(config.currentEpoch, cs.maxEpoch());
  cs.lastVoteEpoch = config.lastVoteEpoch;
  cs.configDirty = false;
  cs.stateDirty = true;
  return cs;
};
