import type { ActorContext, Ref } from '../../lib/actor/index.js';
import { NodeFlags, type BusHeader, type ClusterBusMessage } from './busProtocol.js';
import { saveClusterConfig } from './ClusterConfig.js';
import type { ClusterNode, ClusterState } from './ClusterState.js';
import { Keyspace } from './Keyspace.js';
import type { RedisCommand, RedisNodeMsg } from './protocol.js';
import { Replication } from './Replication.js';
import type { Reply } from './Reply.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

/**
 * Where a node's peers are: turns a `host:port` address (from MOVED, MEET,
 * gossip) into a ref. A simulation maps addresses to actors on simulated
 * servers; a live system maps them to TCP-backed proxies.
 */
export interface RedisDirectory {
  resolve(addr: string): Ref<RedisNodeMsg> | undefined;
}

/** Node options with every default filled in. */
export interface ResolvedNodeOptions {
  readonly host: string;
  readonly port: number;
  readonly addr: string;
  readonly directory: RedisDirectory;
  readonly nodeTimeoutMs: number;
  readonly requireFullCoverage: boolean;
  readonly allowReplicaMigration: boolean;
  readonly replicaValidityFactor: number;
  readonly replPingReplicaPeriodMs: number;
  readonly replTimeoutMs: number;
  readonly replBacklogBytes: number;
  readonly persistConfig: boolean;
}

/** Per-connection state: READONLY, one-shot ASKING, and the offset of its last write (for WAIT). */
export interface ConnState {
  readonly: boolean;
  asking: boolean;
  writeOffset: number;
}

/** A WAIT waiting for replica acknowledgements. */
export interface PendingWait {
  readonly id: number;
  readonly offset: number;
  readonly replicas: number;
  readonly replyTo: Ref<Reply>;
}

/** Counters of cluster bus messages by type. */
export type BusStats = Record<string, number>;

/** The disk key of a node's nodes.conf. */
export const configKey = (addr: string): string => `redis:nodes.conf:${addr}`;

/**
 * One Redis node's process state (Redis's `server` and `server.cluster`):
 * its context, cluster view, keyspace, replication, client connections,
 * blocked clients. The protocol modules (clusterBus, failureDetection,
 * failover, Replication, nodeCommands) work on it.
 */
export class RedisServer {
  readonly keyspace = new Keyspace();
  readonly repl: Replication;
  readonly conns = new Map<string, ConnState>();
  readonly waits = new Map<number, PendingWait>();
  nextRequestId = 1;
  /** A MIGRATE in flight: clients wait, as Redis blocks during MIGRATE. */
  migration: { id: number; keys: string[]; copy: boolean; replyTo: Ref<Reply>; conn: ConnState | undefined } | undefined;
  /** Commands held while a MIGRATE runs or writes are paused (manual failover). */
  readonly held: RedisCommand[] = [];
  /** Writes are paused until then (master side of a manual failover). */
  pauseWritesUntil = 0;
  /** Client commands handled so far (INFO stats). */
  commandsProcessed = 0;
  /** When this incarnation started (INFO uptime). */
  readonly startedAt: number;
  /** 40 hex digits naming this incarnation (INFO run_id). */
  readonly runId: string;
  /** Cron iterations so far. */
  iteration = 0;
  /** Ping messages built so far (gossip de-duplication). */
  pingRound = 0;
  readonly sent: BusStats = {};
  readonly received: BusStats = {};
  /** What keyspace commands see, reused (its `now` set per command): commands run one at a time. */
  readonly env: { readonly keyspace: Keyspace; now: number; propagate(argv: ReadonlyArray<string>): void };
  private headerCache: BusHeader | undefined;

  constructor(
    readonly ctx: ActorContext<RedisNodeMsg>,
    readonly opts: ResolvedNodeOptions,
    readonly cluster: ClusterState,
  ) {
    this.repl = new Replication(this);
    this.env = { keyspace: this.keyspace, now: 0, propagate: (argv) => this.repl.propagate(argv) };
    this.startedAt = ctx.now();
    this.runId = randomNodeId(ctx.random.fork('run-id'));
  }

  get myself(): ClusterNode {
    return this.cluster.myself;
  }

  /** The clock reading of the message being handled (see {@link RedisServer.beginTurn}). */
  private turnNow: number | undefined = undefined;

  /** Current time on the node's clock (read once per message while one is handled). */
  now(): number {
    return this.turnNow ?? this.ctx.now();
  }

  /**
   * A message is being handled: read the clock once for all of it (a batch
   * of client commands sees one time, as Redis's commands of one event-loop
   * iteration see its cached `mstime`).
   */
  beginTurn(): void {
    this.turnNow = this.ctx.now();
  }

  /** The message is handled: the next reading is fresh. */
  endTurn(): void {
    this.turnNow = undefined;
  }

  /** A fresh 40-hex id from the node's seeded stream. */
  randomId(): string {
    return randomNodeId(this.ctx.random);
  }

  /** The ref of a node (resolved once from its address). */
  refOf(node: ClusterNode): Ref<RedisNodeMsg> | undefined {
    if (node.ref === undefined) node.ref = this.opts.directory.resolve(node.addr) as Ref<never> | undefined;
    return node.ref as Ref<RedisNodeMsg> | undefined;
  }

  /** Send a cluster bus message to a node. */
  sendBus(node: ClusterNode, msg: ClusterBusMessage): void {
    const ref = this.refOf(node);
    if (ref === undefined) return;
    this.sent[msg.type] = (this.sent[msg.type] ?? 0) + 1;
    this.ctx.tell(ref, msg);
  }

  /** Send a cluster bus message to every other known node (not in handshake). */
  broadcastBus(msg: ClusterBusMessage): void {
    for (const n of this.cluster.list) {
      if (n === this.myself || (n.flags & (Flags.HANDSHAKE | Flags.NOADDR)) !== 0) continue;
      this.sendBus(n, msg);
    }
  }

  reply(to: Ref<Reply>, reply: Reply): void {
    this.ctx.tell(to, reply);
  }

  milestone(name: string, data: Record<string, unknown>): void {
    this.ctx.milestone(name, data);
  }

  /** Whether writes are paused for a manual failover. */
  get writesPaused(): boolean {
    return this.pauseWritesUntil > this.now();
  }

  /**
   * The header of every bus message (Redis's clusterBuildMessageHdr):
   * replicas announce their master's slots and configEpoch. Cached while
   * nothing in it changes.
   */
  header(): BusHeader {
    const cs = this.cluster;
    const me = cs.myself;
    const master = me.isReplica ? cs.masterOf(me) : undefined;
    const owner = master ?? me;
    const slots = me.isReplica && master === undefined ? [] : cs.rangesOf(owner);
    const configEpoch = owner.configEpoch;
    const offset = this.repl.offset;
    const paused = this.writesPaused;
    const h = this.headerCache;
    if (
      h !== undefined &&
      h.slots === slots &&
      h.currentEpoch === cs.currentEpoch &&
      h.configEpoch === configEpoch &&
      h.flags === me.flags &&
      h.master === me.masterId &&
      h.offset === offset &&
      h.state === cs.state &&
      h.paused === paused
    ) {
      return h;
    }
    this.headerCache = {
      sender: me.id,
      addr: me.addr,
      currentEpoch: cs.currentEpoch,
      configEpoch,
      flags: me.flags,
      master: me.masterId,
      offset,
      slots,
      state: cs.state,
      paused,
    };
    return this.headerCache;
  }

  /** Forget the cached bus header (after a change it does not compare, such as my id). */
  invalidateHeader(): void {
    this.headerCache = undefined;
  }

  /** Persist nodes.conf if the configuration changed (Redis's clusterSaveConfig). */
  saveConfigIfDirty(): void {
    if (!this.cluster.configDirty) return;
    this.cluster.configDirty = false;
    if (this.opts.persistConfig) this.ctx.disk.set(configKey(this.opts.addr), saveClusterConfig(this.cluster));
  }
}

/** A 40-hex node id drawn from a seeded stream. */
export const randomNodeId = (random: { int(min: number, max: number): number }): string => {
  const parts: string[] = [];
  for (let i = 0; i < 5; i++) parts.push(random.int(0, 0xffffffff).toString(16).padStart(8, '0'));
  // join() gives a flat string: ids are map keys on every gossip section.
  return parts.join('');
};
