import type { Ref } from '../../lib/actor/index.js';
import { NodeFlags, type GossipEntry } from './busProtocol.js';
import { SLOTS } from './hashSlot.js';
import { DueQueue } from './DueQueue.js';
import { NO_SLOTS, slotRangesWhere, type SlotRanges } from './SlotRanges.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

// A module-level copy: hot loops read it as a local binding.
const SLOT_COUNT: number = SLOTS;

/**
 * One node as another node sees it (Redis's `clusterNode`): address, flags,
 * epochs, liveness times, failure reports, replication offset, and the
 * slots it serves (counted here, listed through {@link ClusterState.rangesOf}).
 */
export class ClusterNode {
  flags: number;
  /** Replicas: the master's id (its ClusterNode may not be known yet). */
  masterId: string | null = null;
  readonly replicas: ClusterNode[] = [];
  configEpoch = 0;
  /** Time of the pending PING (0: none). */
  pingSent = 0;
  pongReceived = 0;
  /** Last time any bus message arrived from it. */
  dataReceived = 0;
  failTime = 0;
  /** When this master's replica last got my vote (never: −∞, so a vote right after start is possible). */
  votedTime = Number.NEGATIVE_INFINITY;
  replOffset = 0;
  /** Failure reports: reporter id → time (allocated on the first report: most nodes never get one). */
  failReports: Map<string, number> | undefined;
  numSlots = 0;
  /** Cached ranges of its slots (undefined: stale). */
  ranges: SlotRanges | undefined = NO_SLOTS;
  /** Cached gossip entry about it (undefined: stale). */
  gossip: GossipEntry | undefined;
  /** Where its bus messages go (resolved from its address). */
  ref: Ref<never> | undefined;
  /** Last cluster bus ping round that included it in gossip (avoids duplicates in one message). */
  lastInGossip = -1;
  /** When our link to it was (re)created: a new link pings at once. */
  ctimeLink: number;
  /** The cron queue's entry for it (0: none). */
  dueSeq = 0;
  /** When its cron queue entry is due. */
  dueAt = 0;
  /** The cluster state that holds it (keeps the PFAIL set in step with its flags). */
  owner: ClusterState | undefined;

  constructor(
    public id: string,
    public addr: string,
    flags: number,
    readonly ctime: number,
  ) {
    this.flags = flags;
    this.ctimeLink = ctime;
  }

  get isMaster(): boolean {
    return (this.flags & Flags.MASTER) !== 0;
  }
  get isReplica(): boolean {
    return (this.flags & Flags.REPLICA) !== 0;
  }
  get failed(): boolean {
    return (this.flags & Flags.FAIL) !== 0;
  }
  get timedOut(): boolean {
    return (this.flags & Flags.PFAIL) !== 0;
  }
  /** Flags changed or times changed: gossip about it must be rebuilt. */
  touch(): void {
    this.gossip = undefined;
  }
  setFlags(flags: number): void {
    if (flags === this.flags) return;
    const old = this.flags;
    const wasPfail = (old & Flags.PFAIL) !== 0;
    this.flags = flags;
    this.gossip = undefined;
    const isPfail = (flags & Flags.PFAIL) !== 0;
    const owner = this.owner;
    if (owner === undefined) return;
    if (wasPfail !== isPfail) {
      if (isPfail) owner.pfail.add(this);
      else owner.pfail.delete(this);
    }
    if ((old & Flags.HANDSHAKE) !== (flags & Flags.HANDSHAKE)) owner.handshakes += (flags & Flags.HANDSHAKE) !== 0 ? 1 : -1;
  }
}

/**
 * One node's view of the whole cluster (Redis's `clusterState`): known
 * nodes, slot owners, migrations, epochs, cluster state, and the replica's
 * election bookkeeping. Pure data plus bookkeeping; the protocol is in
 * clusterBus.ts and failover.ts.
 */
export class ClusterState {
  readonly nodes = new Map<string, ClusterNode>();
  /** The same nodes as an array, for iteration and random picks. */
  readonly list: ClusterNode[] = [];
  /** Owner of every slot (undefined: unassigned). */
  readonly slots: Array<ClusterNode | undefined> = new Array(SLOTS).fill(undefined);
  readonly migrating = new Map<number, ClusterNode>();
  readonly importing = new Map<number, ClusterNode>();
  currentEpoch = 0;
  lastVoteEpoch = 0;
  state: 'ok' | 'fail' = 'fail';
  /** Masters serving at least one slot. */
  size = 0;
  /** Nodes in PFAIL (gossip always includes them). */
  readonly pfail = new Set<ClusterNode>();
  /** Nodes in handshake (deleted after the handshake timeout). */
  handshakes = 0;
  /** When each node next needs the cron's attention (pings, PFAIL, reconnects, handshake timeouts). */
  readonly due = new DueQueue<ClusterNode>();
  // Replica election (Redis's failover_auth_*).
  /** When the current election may start (−∞: none ever scheduled, so the first one is not mistaken for a recent attempt). */
  failoverAuthTime = Number.NEGATIVE_INFINITY;
  failoverAuthCount = 0;
  failoverAuthSent = false;
  failoverAuthRank = 0;
  failoverAuthEpoch = 0;
  // Manual failover (Redis's mf_*).
  mfEnd = 0;
  mfCanStart = false;
  mfReplica: ClusterNode | undefined;
  mfMasterOffset = -1;
  // clusterUpdateState's memory.
  amongMinorityTime = 0;
  firstUpdateTime = -1;
  /** Set when something changed that nodes.conf must record. */
  configDirty = false;
  /** Set when the cluster state must be recomputed. */
  stateDirty = true;
  readonly myself: ClusterNode;

  constructor(myself: ClusterNode) {
    this.myself = myself;
    this.addNode(myself);
  }

  addNode(node: ClusterNode): void {
    this.nodes.set(node.id, node);
    this.list.push(node);
    node.owner = this;
    if ((node.flags & Flags.PFAIL) !== 0) this.pfail.add(node);
    if ((node.flags & Flags.HANDSHAKE) !== 0) this.handshakes++;
    this.wake(node, node.ctime);
    this.configDirty = true;
  }

  /** Make sure the cron looks at `node` no later than `at`. */
  wake(node: ClusterNode, at: number): void {
    if (node === this.myself) return;
    if (this.due.schedule(node, at, node.dueSeq === 0 ? undefined : node.dueAt)) node.dueAt = at;
  }

  /** Remove a node (handshake timeout, FORGET): its slots become unassigned. */
  deleteNode(node: ClusterNode): void {
    for (let s = 0; s < SLOT_COUNT; s++) if (this.slots[s] === node) this.delSlot(s);
    for (const n of this.list) n.failReports?.delete(node.id);
    this.detachReplica(node);
    this.pfail.delete(node);
    if ((node.flags & Flags.HANDSHAKE) !== 0) this.handshakes--;
    this.due.cancel(node);
    node.owner = undefined;
    this.nodes.delete(node.id);
    const i = this.list.indexOf(node);
    if (i >= 0) this.list.splice(i, 1);
    this.configDirty = true;
  }

  /** Rename a node met by address only (handshake) once its real id is known. */
  renameNode(node: ClusterNode, id: string): void {
    this.nodes.delete(node.id);
    node.id = id;
    node.touch();
    this.nodes.set(id, node);
    this.configDirty = true;
  }

  /** Assign a slot to a node. */
  addSlot(node: ClusterNode, slot: number): void {
    const old = this.slots[slot];
    if (old === node) return;
    if (old !== undefined) this.delSlot(slot);
    this.slots[slot] = node;
    node.numSlots++;
    node.ranges = undefined;
    this.configDirty = true;
    this.stateDirty = true;
  }

  /** Unassign a slot. */
  delSlot(slot: number): void {
    const old = this.slots[slot];
    if (old === undefined) return;
    this.slots[slot] = undefined;
    old.numSlots--;
    old.ranges = undefined;
    this.configDirty = true;
    this.stateDirty = true;
  }

  /** The slots a node serves, as ranges (cached until they change). */
  rangesOf(node: ClusterNode): SlotRanges {
    if (node.ranges === undefined) node.ranges = node.numSlots === 0 ? NO_SLOTS : slotRangesWhere((s) => this.slots[s] === node);
    return node.ranges;
  }

  /** Make `node` a master (Redis's clusterSetNodeAsMaster). */
  setNodeAsMaster(node: ClusterNode): void {
    if (node.isMaster && node.masterId === null) return;
    this.detachReplica(node);
    node.setFlags((node.flags & ~Flags.REPLICA) | Flags.MASTER);
    node.masterId = null;
    this.configDirty = true;
    this.stateDirty = true;
  }

  /** Make `node` a replica of `master`. */
  setReplicaOf(node: ClusterNode, master: ClusterNode): void {
    if (node.masterId === master.id && node.isReplica) return;
    this.detachReplica(node);
    node.setFlags((node.flags & ~(Flags.MASTER | Flags.MIGRATE_TO)) | Flags.REPLICA);
    node.masterId = master.id;
    if (!master.replicas.includes(node)) master.replicas.push(node);
    this.configDirty = true;
    this.stateDirty = true;
  }

  /** The master of a replica, when known. */
  masterOf(node: ClusterNode): ClusterNode | undefined {
    return node.masterId === null ? undefined : this.nodes.get(node.masterId);
  }

  private detachReplica(node: ClusterNode): void {
    if (node.masterId === null) return;
    const m = this.nodes.get(node.masterId);
    if (m !== undefined) {
      const i = m.replicas.indexOf(node);
      if (i >= 0) m.replicas.splice(i, 1);
    }
  }

  /** Move every slot of `from` to `to` (a failover seen from outside); how many moved. */
  moveSlots(from: ClusterNode, to: ClusterNode): number {
    if (from.numSlots === 0) return 0;
    let n = 0;
    for (let s = 0; s < SLOT_COUNT; s++) {
      if (this.slots[s] === from) {
        this.addSlot(to, s);
        n++;
      }
    }
    return n;
  }

  /** Number of valid failure reports about a node (older than 2×node_timeout are dropped first). */
  failureReports(node: ClusterNode, now: number, validityMs: number): number {
    const reports = node.failReports;
    if (reports === undefined || reports.size === 0) return 0;
    for (const [reporter, at] of reports) if (now - at > validityMs) reports.delete(reporter);
    return reports.size;
  }

  /** The highest configEpoch known (Redis's clusterGetMaxEpoch). */
  maxEpoch(): number {
    let max = this.currentEpoch;
    for (const n of this.list) if (n.configEpoch > max) max = n.configEpoch;
    return max;
  }

  /**
   * Set a new configEpoch for myself without an election (SETSLOT NODE after
   * importing, TAKEOVER): only when mine is 0 or not already the unique max.
   */
  bumpConfigEpochWithoutConsensus(): boolean {
    const max = this.maxEpoch();
    if (this.myself.configEpoch === 0 || this.myself.configEpoch !== max) {
      this.currentEpoch++;
      this.myself.configEpoch = this.currentEpoch;
      this.configDirty = true;
      return true;
    }
    return false;
  }
}
