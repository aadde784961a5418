import type { ActorSystem, Envelope, Transport } from '../actor/index.js';
import type { Random } from '../random/index.js';
import type { ClockTask, VirtualClock } from '../time/index.js';
import { sampleLatency, validateLatency } from './Latency.js';
import { defaultLink, resolveLink, type LinkOptions, type ResolvedLink } from './LinkOptions.js';

/** Options of a simulated network. */
export interface SimNetworkOptions {
  /** Every link's behaviour unless overridden per link. @default uniform 1–5 ms, no loss */
  link?: LinkOptions;
}

/** Counters of what the network did. */
export interface NetworkStats {
  sent: number;
  delivered: number;
  duplicated: number;
  lost: number;
  partitioned: number;
  nodeDown: number;
}

const linkKey = (from: string, to: string): string => `${from}\u0000${to}`;

/** A message on the wire: a task on the virtual clock that lands at its arrival time. */
class InFlight implements ClockTask {
  at = 0;
  seq = 0;
  heapIndex = -1;
  inQueue = 0;
  stale = 0;

  constructor(
    private readonly network: SimNetwork,
    readonly envelope: Envelope,
    readonly from: string,
    readonly to: string,
    readonly fromEpoch: number,
    readonly deliver: (envelope: Envelope) => void,
  ) {}

  fire(): void {
    this.network.land(this);
  }
}

/**
 * The simulated network between nodes: per-link latency distributions, loss,
 * duplication and reordering, partitions (symmetric, one-way, arbitrary
 * groups) and heal. Messages in flight are lost when a partition cuts their
 * link before they land or their sender's node crashes. Messages to or from
 * outside the cluster (node '') and between actors of one node skip it.
 * Every random choice comes from its seeded stream.
 *
 * @example
 * const net = createSimNetwork(clock, random, { link: { latency: { kind: 'exponential', meanMs: 2 } } });
 * net.partition([['n1', 'n2'], ['n3']]);
 * net.heal();
 */
export class SimNetwork implements Transport {
  private base: ResolvedLink;
  private readonly links = new Map<string, ResolvedLink>();
  private readonly blocked = new Set<string>();
  private readonly lastArrival = new Map<string, number>();
  private extraLoss = 0;
  private system: ActorSystem | undefined;
  readonly stats: NetworkStats = { sent: 0, delivered: 0, duplicated: 0, lost: 0, partitioned: 0, nodeDown: 0 };

  constructor(
    private readonly clock: VirtualClock,
    private readonly random: Random,
    options: SimNetworkOptions = {},
  ) {
    this.base = resolveLink(defaultLink, options.link);
    const err = validateLatency(this.base.latency);
    if (err !== undefined) throw new RangeError(err);
  }

  /** Connect to the system whose nodes it carries messages between (for drops, faults and node epochs). */
  attach(system: ActorSystem): void {
    this.system = system;
  }

  // ---------------------------------------------------------------- configuration

  /** Change the behaviour of every link without its own settings. */
  setDefaultLink(options: LinkOptions): void {
    this.base = resolveLink(this.base, options);
    const err = validateLatency(this.base.latency);
    if (err !== undefined) throw new RangeError(err);
  }

  /** Give the directed link from → to its own behaviour (`symmetric`: both directions). */
  setLink(from: string, to: string, options: LinkOptions, symmetric = true): void {
    const link = resolveLink(this.base, options);
    const err = validateLatency(link.latency);
    if (err !== undefined) throw new RangeError(err);
    this.links.set(linkKey(from, to), link);
    if (symmetric) this.links.set(linkKey(to, from), link);
  }

  /** Extra loss on every link (a loss burst), on top of each link's own loss. 0 ends it. */
  setExtraLoss(probability: number): void {
    if (!(probability >= 0 && probability <= 1)) throw new RangeError(`loss must be in [0, 1], got ${probability}`);
    this.extraLoss = probability;
    this.system?.fault('', probability > 0 ? 'loss-burst' : 'loss-burst-end', `extra message loss ${probability}`, { probability });
  }

  // ---------------------------------------------------------------- partitions

  /**
   * Split nodes into groups that cannot reach each other (both directions).
   * Nodes in no group keep reaching everyone.
   */
  partition(groups: ReadonlyArray<ReadonlyArray<string>>): void {
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        if (i === j) continue;
        for (const a of groups[i]) for (const b of groups[j]) this.blocked.add(linkKey(a, b));
      }
    }
    this.system?.fault('', 'partition', `partition ${groups.map((g) => `[${g.join(' ')}]`).join(' | ')}`, { groups: groups.map((g) => [...g]) });
  }

  /** Messages from `from` nodes to `to` nodes are lost; the other direction still works. */
  partitionOneWay(from: ReadonlyArray<string>, to: ReadonlyArray<string>): void {
    for (const a of from) for (const b of to) this.blocked.add(linkKey(a, b));
    this.system?.fault('', 'partition-one-way', `one-way partition [${from.join(' ')}] -> [${to.join(' ')}]`, { from: [...from], to: [...to] });
  }

  /** Cut one node off from every other node in `all`. */
  isolate(node: string, all: ReadonlyArray<string>): void {
    this.partition([[node], all.filter((n) => n !== node)]);
  }

  /** Remove every partition. */
  heal(): void {
    this.blocked.clear();
    this.system?.fault('', 'heal', 'all partitions healed');
  }

  /** Whether a message from → to would be cut now. */
  isBlocked(from: string, to: string): boolean {
    return this.blocked.size > 0 && this.blocked.has(linkKey(from, to));
  }

  /** Whether any partition is in place. */
  get partitioned(): boolean {
    return this.blocked.size > 0;
  }

  // ---------------------------------------------------------------- transport

  send(envelope: Envelope, from: string, to: string, deliver: (envelope: Envelope) => void): void {
    if (from === '' || to === '') {
      deliver(envelope);
      return;
    }
    const stats = this.stats;
    stats.sent++;
    if (this.isBlocked(from, to)) {
      stats.partitioned++;
      this.system?.dropped(envelope, 'partition');
      return;
    }
    const link = this.links.size > 0 ? (this.links.get(linkKey(from, to)) ?? this.base) : this.base;
    const random = this.random;
    const loss = this.extraLoss > 0 ? 1 - (1 - link.loss) * (1 - this.extraLoss) : link.loss;
    if (loss > 0 && random.next() < loss) {
      stats.lost++;
      this.system?.dropped(envelope, 'loss');
      return;
    }
    const epoch = this.system?.findNode(from)?.epoch ?? 0;
    this.launch(envelope, from, to, epoch, deliver, link);
    if (link.duplicate > 0 && random.next() < link.duplicate) {
      stats.duplicated++;
      this.launch(envelope.copy(), from, to, epoch, deliver, link);
    }
  }

  private launch(envelope: Envelope, from: string, to: string, epoch: number, deliver: (envelope: Envelope) => void, link: ResolvedLink): void {
    let delay = sampleLatency(link.latency, this.random);
    if (link.reorder > 0 && this.random.next() < link.reorder) delay += link.reorderDelayMs;
    if (link.fifo) {
      const key = linkKey(from, to);
      const arrival = Math.max(this.clock.now() + delay, this.lastArrival.get(key) ?? 0);
      this.lastArrival.set(key, arrival);
      delay = arrival - this.clock.now();
    }
    this.clock.post(new InFlight(this, envelope, from, to, epoch, deliver), delay);
  }

  /** @internal A message reaches its destination node. */
  land(flight: InFlight): void {
    const stats = this.stats;
    if (this.isBlocked(flight.from, flight.to)) {
      stats.partitioned++;
      this.system?.dropped(flight.envelope, 'partition');
      return;
    }
    const sender = this.system?.findNode(flight.from);
    if (sender !== undefined && sender.epoch !== flight.fromEpoch) {
      stats.nodeDown++;
      this.system?.dropped(flight.envelope, 'node-down');
      return;
    }
    stats.delivered++;
    flight.deliver(flight.envelope);
  }
}

/** Create a simulated network on a virtual clock. */
export const createSimNetwork = (clock: VirtualClock, random: Random, options: SimNetworkOptions = {}): SimNetwork =>
  new SimNetwork(clock, random, options);
