import { NodeFlags } from './busProtocol.js';
import type { RedisServer } from './RedisServer.js';
import type { SlotRanges } from './SlotRanges.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

/**
 * A read-only window on one live Redis node, for invariants, benchmarks and
 * tools (reading it sends no message and changes nothing). Values are read
 * at call time.
 */
export interface RedisNodeView {
  readonly addr: string;
  /** The node id. */
  id(): string;
  role(): 'master' | 'replica';
  /** Replicas: their master's id. */
  masterId(): string | null;
  currentEpoch(): number;
  /** My configEpoch (replicas: their own, usually their master's). */
  configEpoch(): number;
  clusterState(): 'ok' | 'fail';
  /** Who serves a slot in this node's view. */
  slotOwner(slot: number): string | undefined;
  /** configEpoch of a node in this node's view. */
  epochOf(id: string): number | undefined;
  /** Slots this node serves itself. */
  ownedSlots(): SlotRanges;
  /** The whole slot map as this node sees it: every node serving slots, with its slots. */
  slotMap(): ReadonlyArray<{ readonly id: string; readonly slots: SlotRanges }>;
  /** Whether this node would execute a write to one of its slots now (master, state ok, not paused). */
  acceptsWrites(): boolean;
  knownNodes(): number;
  /** Flags of a node as this node sees it (`pfail`, `fail`…), empty when unknown. */
  flagsOf(id: string): string[];
  replicationOffset(): number;
  /** Replicas whose acknowledged offset is at least `offset` (masters). */
  replicasAcked(offset: number): number;
  /** Number of keys. */
  dbsize(): number;
  /** The string value of a key as stored (expired keys hidden), without touching it. */
  peek(key: string): string | undefined;
  /** Cluster bus messages sent, by type. */
  busMessagesSent(): Readonly<Record<string, number>>;
}

const FLAG_NAMES: Array<[number, string]> = [
  [Flags.MASTER, 'master'],
  [Flags.REPLICA, 'replica'],
  [Flags.PFAIL, 'pfail'],
  [Flags.FAIL, 'fail'],
  [Flags.HANDSHAKE, 'handshake'],
];

/** A view of a node's live state. */
export const viewOf = (server: RedisServer): RedisNodeView => {
  const cs = server.cluster;
  return {
    addr: server.opts.addr,
    id: () => cs.myself.id,
    role: () => (cs.myself.isReplica ? 'replica' : 'master'),
    masterId: () => cs.myself.masterId,
    currentEpoch: () => cs.currentEpoch,
    configEpoch: () => cs.myself.configEpoch,
    clusterState: () => cs.state,
    slotOwner: (slot) => cs.slots[slot]?.id,
    epochOf: (id) => cs.nodes.get(id)?.configEpoch,
    ownedSlots: () => cs.rangesOf(cs.myself),
    slotMap: () => cs.list.filter((n) => n.numSlots > 0).map((n) => ({ id: n.id, slots: cs.rangesOf(n) })),
    acceptsWrites: () => cs.myself.isMaster && cs.state === 'ok' && !server.writesPaused,
    knownNodes: () => cs.list.length,
    flagsOf: (id) => {
      const n = cs.nodes.get(id);
      return n === undefined ? [] : FLAG_NAMES.filter(([bit]) => (n.flags & bit) !== 0).map(([, name]) => name);
    },
    replicationOffset: () => server.repl.offset,
    replicasAcked: (offset) => server.repl.ackedBy(offset),
    dbsize: () => server.keyspace.size,
    peek: (key) => {
      const v = server.keyspace.lookup(key, server.now());
      return v?.type === 'string' ? v.value : undefined;
    },
    busMessagesSent: () => server.sent,
  };
};
