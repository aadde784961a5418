import type { AnyRef, Ref } from '../../lib/actor/index.js';
import { byteLength } from './CommandSpec.js';
import { executeCommand } from './commandTable.js';
import { ReplBacklog, respLengthWith } from './ReplBacklog.js';
import type { RedisNodeMsg } from './protocol.js';
import { randomNodeId, type RedisServer } from './RedisServer.js';
import type { ReplAck, ReplContinue, ReplFullResync, ReplPsync, ReplStream } from './replProtocol.js';
import { integer, type Reply } from './Reply.js';

/** Bytes a command takes in the replication stream (its RESP encoding), which is what offsets count. */
export const respLength = (argv: ReadonlyArray<string>): number => respLengthWith(argv, byteLength);

/** A replica as its master sees it. */
export interface ReplicaLink {
  readonly id: string;
  readonly addr: string;
  readonly ref: Ref<RedisNodeMsg>;
  ackOffset: number;
  ackTime: number;
  /** When lost stream data was last sent again. */
  lastRetransmit: number;
}

/** Resend stream data a replica's ACK is missing when it was sent at least this long ago (and not more often). */
const RETRANSMIT_AFTER_MS = 200;

const NO_REPLID = '0000000000000000000000000000000000000000';

/** A replica applying the stream propagates nothing (one function for every batch, not a closure per batch). */
const ignoreWrite = (): void => undefined;

/**
 * Asynchronous master → replica replication, as Redis does it: a master
 * appends every write (rewritten to be deterministic) to its stream and
 * backlog, counting bytes as the replication offset, and sends it to its
 * replicas; replicas apply it in order, acknowledge their offset every second
 * (and on GETACK, for WAIT), and reconnect with PSYNC: a partial resync from
 * the backlog when their history (replid, or the previous one after a
 * failover) and offset allow it, a full resync (a copy of the data) otherwise.
 * A replica also keeps a backlog, so after its promotion its siblings can
 * continue partially. Links break when the peer's process dies (TCP reset)
 * or after `replTimeoutMs` of silence.
 */
export class Replication {
  replid: string;
  replid2 = NO_REPLID;
  secondReplidOffset = -1;
  /** Master: bytes produced; replica: bytes applied. */
  offset = 0;
  private readonly backlog: ReplBacklog;
  /**
   * The backlog is kept once it can serve a partial resync: from the first
   * replica a master sees, and on every replica (for its siblings after a
   * promotion) — as Redis creates it. A master that never had a replica
   * only counts its offset.
   */
  private backlogActive = false;
  /** Writes of the message being handled, not sent to the replicas yet (one stream message per handler). */
  private outgoing: Array<ReadonlyArray<string>> = [];
  private outgoingStart = 0;
  readonly replicas = new Map<string, ReplicaLink>();
  private lastMasterPing = 0;
  // Replica side.
  state: 'none' | 'connecting' | 'connected' = 'none';
  lastInteraction = 0;
  downSince = 0;
  private lastPsync = -Infinity;
  private lastAck = 0;
  private masterLink: AnyRef | undefined;
  private readonly pending = new Map<number, ReplStream>();
  private gapSince = 0;
  /** A GETACK asked about stream data not applied yet: acknowledge once the offset reaches this (0: none). */
  private ackWanted = 0;

  constructor(private readonly server: RedisServer) {
    this.backlog = new ReplBacklog(server.opts.replBacklogBytes);
    // A new process draws a new history id (an actor spawned again has a random stream of its own).
    this.replid = randomNodeId(server.ctx.random.fork('replid'));
  }

  private get isMaster(): boolean {
    return this.server.myself.isMaster;
  }

  // ---------------------------------------------------------------- both roles

  /** Append a write to the stream and the backlog; its stream offset. */
  private append(argv: ReadonlyArray<string>): number {
    const offset = this.offset;
    this.offset += this.backlogActive ? this.backlog.append(argv, offset, this.server.now()) : respLength(argv);
    return offset;
  }

  /** First offset still in the backlog. */
  private get backlogStart(): number {
    return this.backlog.start(this.offset);
  }

  /** Called every cron (100 ms). */
  cron(now: number): void {
    if (this.isMaster) {
      if (this.replicas.size > 0 && now - this.lastMasterPing >= this.server.opts.replPingReplicaPeriodMs) {
        this.lastMasterPing = now;
        this.propagate(['PING']);
      }
      return;
    }
    const master = this.server.cluster.masterOf(this.server.myself);
    if (master === undefined) return;
    if (this.state === 'connected' && now - this.lastInteraction > this.server.opts.replTimeoutMs) this.linkDown(now);
    if (this.state !== 'connected' && now - this.lastPsync >= 1000) {
      this.lastPsync = now;
      this.state = 'connecting';
      const ref = this.server.refOf(master);
      if (ref !== undefined) {
        this.server.ctx.tell(ref, { type: 'repl-psync', replica: this.server.myself.id, addr: this.server.opts.addr, replid: this.replid, offset: this.offset });
      }
    }
    if (this.state === 'connected') {
      if (this.pending.size > 0 && now - this.gapSince > 2000) {
        // Part of the stream was lost: reconnect and continue from what we have.
        this.linkDown(now);
        return;
      }
      if (now - this.lastAck >= 1000) this.sendAck(now);
    }
  }

  // ---------------------------------------------------------------- master side

  /**
   * Master: append a write to the stream. The replicas get it with the
   * other writes of the same spell in one stream message: the first write
   * posts a `repl-flush` to the node itself, handled after the messages
   * already waiting (Redis writes its replicas' buffers once per event-loop
   * iteration, before sleeping).
   */
  propagate(argv: ReadonlyArray<string>): void {
    if (!this.isMaster) return;
    const offset = this.append(argv);
    if (this.replicas.size === 0) return;
    if (this.outgoing.length === 0) {
      this.outgoingStart = offset;
      this.server.ctx.tell(this.server.ctx.self, { type: 'repl-flush' });
    }
    this.outgoing.push(argv);
  }

  /** Master: send the replicas the writes not sent yet, as one stream message (on `repl-flush`, and before anything else goes to a replica). */
  flushStream(): void {
    if (this.outgoing.length === 0) return;
    const commands = this.outgoing;
    this.outgoing = [];
    if (!this.isMaster || this.replicas.size === 0) return;
    const msg: ReplStream = { type: 'repl-stream', master: this.server.myself.id, replid: this.replid, offset: this.outgoingStart, end: this.offset, commands };
    for (const r of this.replicas.values()) this.server.ctx.tell(r.ref, msg);
  }

  /** Master: a replica (re)connects. */
  onPsync(msg: ReplPsync, sender: AnyRef | undefined): void {
    if (!this.isMaster) return;
    this.flushStream();
    this.backlogActive = true;
    const ref = this.server.opts.directory.resolve(msg.addr);
    if (ref === undefined) return;
    const link: ReplicaLink = { id: msg.replica, addr: msg.addr, ref, ackOffset: -1, ackTime: this.server.now(), lastRetransmit: Number.NEGATIVE_INFINITY };
    this.replicas.set(msg.replica, link);
    if (sender !== undefined) this.server.ctx.watchWith(sender, { type: 'repl-link-down', peer: msg.replica });
    const sameHistory = msg.replid === this.replid || (msg.replid === this.replid2 && msg.offset <= this.secondReplidOffset);
    if (sameHistory && msg.offset >= this.backlogStart && msg.offset <= this.offset) {
      this.server.ctx.tell(ref, { type: 'repl-continue', master: this.server.myself.id, replid: this.replid, offset: msg.offset });
      this.sendBacklog(link, msg.offset);
      return;
    }
    const entries = this.server.keyspace.dump(this.server.now());
    this.server.ctx.tell(ref, { type: 'repl-fullresync', master: this.server.myself.id, replid: this.replid, offset: this.offset, entries });
  }

  /** Send a replica the backlog from `from` on, as one stream message. */
  private sendBacklog(r: ReplicaLink, from: number): void {
    const { start, commands } = this.backlog.commandsFrom(from);
    if (commands.length === 0) return;
    this.server.ctx.tell(r.ref, { type: 'repl-stream', master: this.server.myself.id, replid: this.replid, offset: start, end: this.offset, commands });
  }

  /**
   * Master: a replica acknowledged its offset. An acknowledgement behind data
   * we sent a while ago means it was lost on the way: send it again from the
   * backlog (what TCP's retransmission does for a real link, which loses
   * nothing while it stays up). Replicas acknowledge at once when they see a
   * gap, like TCP's duplicate ACKs.
   */
  onAck(msg: ReplAck): void {
    const r = this.replicas.get(msg.replica);
    if (r === undefined) return;
    const now = this.server.now();
    r.ackOffset = Math.max(r.ackOffset, msg.offset);
    r.ackTime = now;
    if (msg.offset < this.offset && msg.offset >= this.backlogStart && now - r.lastRetransmit >= RETRANSMIT_AFTER_MS) {
      const sentAt = this.backlog.appendedAt(msg.offset);
      if (sentAt !== undefined && now - sentAt >= RETRANSMIT_AFTER_MS) {
        r.lastRetransmit = now;
        this.sendBacklog(r, msg.offset);
      }
    }
    this.checkWaits();
  }

  /** A peer's process died (our link to it was reset). */
  onLinkDown(peer: string): void {
    if (this.replicas.delete(peer)) return;
    const master = this.server.cluster.masterOf(this.server.myself);
    if (master !== undefined && master.id === peer && this.state !== 'none') this.linkDown(this.server.now());
  }

  /** Master: how many replicas acknowledged `offset`. */
  ackedBy(offset: number): number {
    let n = 0;
    for (const r of this.replicas.values()) if (r.ackOffset >= offset) n++;
    return n;
  }

  /** Master: WAIT numreplicas timeout. Replies now, or when enough acks arrive, or at the timeout. */
  wait(offset: number, replicas: number, timeoutMs: number, replyTo: Ref<Reply>): void {
    // The writes WAIT waits for go out before the GETACK that asks about them.
    this.flushStream();
    const acked = this.ackedBy(offset);
    if (acked >= replicas) {
      this.server.reply(replyTo, integer(acked));
      return;
    }
    const id = this.server.nextRequestId++;
    this.server.waits.set(id, { id, offset, replicas, replyTo });
    const getack = { type: 'repl-getack' as const, master: this.server.myself.id, offset: this.offset };
    for (const r of this.replicas.values()) this.server.ctx.tell(r.ref, getack);
    if (timeoutMs > 0) this.server.ctx.timers.startSingleTimer(`wait-${id}`, { type: 'wait-timeout', id }, timeoutMs);
  }

  /** A WAIT timed out: reply with the count so far. */
  onWaitTimeout(id: number): void {
    const w = this.server.waits.get(id);
    if (w === undefined) return;
    this.server.waits.delete(id);
    this.server.reply(w.replyTo, integer(this.ackedBy(w.offset)));
  }

  private checkWaits(): void {
    if (this.server.waits.size === 0) return;
    for (const w of [...this.server.waits.values()]) {
      const acked = this.ackedBy(w.offset);
      if (acked < w.replicas) continue;
      this.server.waits.delete(w.id);
      this.server.ctx.timers.cancel(`wait-${w.id}`);
      this.server.reply(w.replyTo, integer(acked));
    }
  }

  // ---------------------------------------------------------------- replica side

  private linkDown(now: number): void {
    if (this.state === 'connected') this.downSince = now;
    this.ackWanted = 0;
    this.state = 'connecting';
    this.lastPsync = -Infinity;
    this.pending.clear();
    if (this.masterLink !== undefined) this.server.ctx.unwatch(this.masterLink);
    this.masterLink = undefined;
  }

  private accept(master: string, sender: AnyRef | undefined): boolean {
    const m = this.server.cluster.masterOf(this.server.myself);
    if (this.isMaster || m === undefined || m.id !== master) return false;
    this.lastInteraction = this.server.now();
    if (sender !== undefined && this.masterLink === undefined) {
      this.masterLink = sender;
      this.server.ctx.watchWith(sender, { type: 'repl-link-down', peer: master });
    }
    return true;
  }

  /** Replica: the master sends a full copy. */
  onFullResync(msg: ReplFullResync, sender: AnyRef | undefined): void {
    if (this.state !== 'connecting' || !this.accept(msg.master, sender)) return;
    this.server.keyspace.flush();
    this.server.keyspace.restore(msg.entries);
    this.replid = msg.replid;
    this.replid2 = NO_REPLID;
    this.secondReplidOffset = -1;
    this.offset = msg.offset;
    this.backlog.clear();
    this.state = 'connected';
    this.pending.clear();
    this.server.milestone('full-resync', { node: this.server.myself.id, master: msg.master, offset: msg.offset, keys: msg.entries.length });
    this.sendAck(this.server.now());
  }

  /** Replica: the master accepted a partial resync. */
  onContinue(msg: ReplContinue): void {
    if (this.state !== 'connecting' || !this.accept(msg.master, undefined)) return;
    if (msg.offset !== this.offset) return;
    this.replid = msg.replid;
    this.state = 'connected';
    this.pending.clear();
    this.server.milestone('partial-resync', { node: this.server.myself.id, master: msg.master, offset: msg.offset });
  }

  /** Replica: commands of the stream (applied strictly in offset order). */
  onStream(msg: ReplStream, sender: AnyRef | undefined): void {
    if (this.state !== 'connected' || msg.replid !== this.replid || !this.accept(msg.master, sender)) return;
    if (msg.end <= this.offset) return;
    if (msg.offset > this.offset) {
      if (this.pending.size === 0) {
        this.gapSince = this.server.now();
        this.sendAck(this.gapSince);
      }
      this.pending.set(msg.offset, msg);
      return;
    }
    this.apply(msg);
    for (let next = this.pending.get(this.offset); next !== undefined; next = this.pending.get(this.offset)) {
      this.pending.delete(this.offset);
      this.apply(next);
    }
    if (this.pending.size > 0) this.gapSince = this.server.now();
    if (this.ackWanted > 0 && this.offset >= this.ackWanted) {
      this.ackWanted = 0;
      this.sendAck(this.server.now());
    }
  }

  private apply(msg: ReplStream): void {
    const server = this.server;
    this.backlogActive = true;
    const env = { keyspace: server.keyspace, now: server.now(), propagate: ignoreWrite };
    // A batch may start before our offset (a resend): skip what we have.
    let at = msg.offset;
    for (const argv of msg.commands) {
      if (at < this.offset) {
        at += respLength(argv);
        continue;
      }
      executeCommand(env, argv);
      this.append(argv);
      at = this.offset;
    }
    this.offset = msg.end;
  }

  /**
   * Replica: the master wants our offset (WAIT). Answered now, and — when
   * the GETACK overtook stream data sent before it (`offset` beyond ours) —
   * again once that data is applied, as Redis answers a GETACK in stream order.
   */
  onGetAck(master: string, offset?: number): void {
    const m = this.server.cluster.masterOf(this.server.myself);
    if (this.state !== 'connected' || m === undefined || m.id !== master) return;
    if (offset !== undefined && offset > this.offset) this.ackWanted = Math.max(this.ackWanted, offset);
    this.sendAck(this.server.now());
  }

  private sendAck(now: number): void {
    this.lastAck = now;
    const m = this.server.cluster.masterOf(this.server.myself);
    const ref = m === undefined ? undefined : this.server.refOf(m);
    if (ref !== undefined) this.server.ctx.tell(ref, { type: 'repl-ack', replica: this.server.myself.id, offset: this.offset });
  }

  // ---------------------------------------------------------------- role changes

  /** This node was promoted: start a new history, remembering the old one for partial resyncs. */
  becomeMaster(): void {
    this.replid2 = this.replid;
    this.secondReplidOffset = this.offset;
    this.replid = randomNodeId(this.server.ctx.random.fork(`replid:${this.offset}:${this.replid}`));
    this.linkDown(this.server.now());
    this.state = 'none';
    this.server.keyspace.expireKeys = true;
  }

  /** This node now replicates another master: (re)connect at the next cron. */
  becomeReplica(): void {
    this.flushStream();
    this.backlogActive = true;
    const now = this.server.now();
    for (const w of this.server.waits.values()) {
      this.server.reply(w.replyTo, { kind: 'error', message: 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)' });
      this.server.ctx.timers.cancel(`wait-${w.id}`);
    }
    this.server.waits.clear();
    this.replicas.clear();
    this.linkDown(now);
    this.downSince = now;
    this.server.keyspace.expireKeys = false;
  }

  /** Milliseconds since the replica last heard from its master (Redis's data_age). */
  dataAgeMs(now: number): number {
    return this.state === 'connected' ? now - this.lastInteraction : now - this.downSince;
  }
}
