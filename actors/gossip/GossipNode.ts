import * as t from 'io-ts';
import { defineBehavior, pathRef, type ActorContext, type Behavior, type Ref } from '../../lib/actor/index.js';
import { compareDigest, digestOf } from './Digest.js';
import { compareVersions, isNewer, type Entry } from './Entry.js';
import type { GossipObserver, LearnedVia } from './GossipObserver.js';
import { getStrategy, type GossipStrategy, type RetireReason, type RoundContext, type Spread } from './GossipStrategy.js';
import { PeerView } from './PeerView.js';
import { gossipProtocol, type GossipMsg, type GossipReply } from './protocol.js';
import { retransmitLimit } from './theory.js';

/** Options of a gossip node (one behaviour, shared by every node of a cluster). */
export interface GossipOptions<V = unknown> {
  /** The initial members (node names; may include the node itself). Shared, never copied, until a node's view changes. */
  readonly peers: ReadonlyArray<string>;
  /** Codec of the values (messages from outside the type system are checked with it). @default t.unknown */
  readonly value?: t.Type<V, unknown, unknown>;
  /**
   * Where each node's rounds fall: `random` gives every node its own offset
   * (nodes are not synchronized, as in real clusters); `aligned` puts every
   * node's rounds on one grid (the synchronous-rounds model of the theory).
   * @default 'random'
   */
  readonly phase?: 'random' | 'aligned';
  /** Targets per entry per round (k). @default 3 */
  readonly fanout?: number;
  /** Length of a gossip round on the troupe clock. @default 200 */
  readonly roundMs?: number;
  /** A registered strategy name or a strategy. @default 'push-pull' */
  readonly strategy?: string | GossipStrategy;
  /** Retransmit budget multiplier: `retransmitMult·⌈log10(N+1)⌉` pushes per entry per node (memberlist). @default 4 */
  readonly retransmitMult?: number;
  /** Period of push-pull anti-entropy with one random peer; 0 turns it off. @default 1000 */
  readonly antiEntropyMs?: number;
  /** Where the peers' gossip actors live on their nodes. @default '/gossip' */
  readonly peerPath?: string;
  /** Tell every peer `member-up` at each (re)start (a joining node announcing itself). @default false */
  readonly announce?: boolean;
  /** Keep entries on the node's disk, so a crashed node restarts with them (memory alone is lost). @default false */
  readonly persist?: boolean;
  /** Push entries learned by anti-entropy on as rumors (faster heal after partitions). @default true */
  readonly spreadRepairs?: boolean;
  /** Knowledge of global convergence, if the node has any (a simulation oracle, acknowledgements). @default never known */
  readonly isConverged?: (entry: Entry<V>) => boolean;
  /** Harness hooks (benchmarks, convergence checks). */
  readonly observer?: GossipObserver;
}

/** The defaults of {@link GossipOptions}. */
export const GOSSIP_DEFAULTS = {
  phase: 'random',
  fanout: 3,
  roundMs: 200,
  strategy: 'push-pull',
  retransmitMult: 4,
  antiEntropyMs: 1000,
  peerPath: '/gossip',
  announce: false,
  persist: false,
  spreadRepairs: true,
} as const;

/** Spread state of one entry version at one node (mutable here, read-only to strategies). */
class SpreadState implements Spread {
  readonly sentTo = new Set<string>();
  readonly receivedFrom = new Set<string>();
  sends = 0;
  rounds = 0;
  duplicates = 0;
}

/** A gossip node's state. Private to the actor, mutated in place (it is never shared). */
export interface GossipState<V> {
  readonly entries: Map<string, Entry<V>>;
  readonly spreading: Map<string, SpreadState>;
  view: PeerView;
  /** Nodes known to have left or been declared down (not re-added by stray messages). */
  readonly departed: Set<string>;
  /** This node's round grid offset in [0, roundMs). */
  readonly phaseMs: number;
  ticking: boolean;
  left: boolean;
}

const versionsKey = (path: string): string => `gossip:versions:${path}`;
const entriesKey = (path: string): string => `gossip:entries:${path}`;

/**
 * The behaviour of a gossip node: versioned entries disseminated by rounds of
 * k-target pushes chosen by a pluggable strategy, plus periodic push-pull
 * anti-entropy. Spawn it at `peerPath` (default `/gossip`) on every node.
 *
 * @example
 * const nodes = ['n1', 'n2', 'n3'];
 * const Gossip = gossipNode({ peers: nodes, strategy: 'seed+budget', fanout: 2 });
 * for (const n of nodes) sim.node(n, { boot: (node) => node.spawn(Gossip, 'gossip') });
 * sim.tell(pathRef<GossipMsg>('n1', '/gossip'), { type: 'put', key: 'leader', value: 'n1' });
 */
export const gossipNode = <V = unknown>(options: GossipOptions<V>): Behavior<GossipMsg<V>, GossipState<V>> => {
  // Options set to undefined keep their default.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as GossipOptions<V>;
  const o = { ...GOSSIP_DEFAULTS, ...given };
  const strategy = typeof o.strategy === 'string' ? getStrategy(o.strategy) : o.strategy;
  if (!(Number.isInteger(o.fanout) && o.fanout >= 1)) throw new RangeError(`fanout must be an integer >= 1, got ${o.fanout}`);
  if (!(o.roundMs > 0)) throw new RangeError(`roundMs must be > 0, got ${o.roundMs}`);
  if (!(o.antiEntropyMs >= 0)) throw new RangeError(`antiEntropyMs must be >= 0, got ${o.antiEntropyMs}`);
  const observer = o.observer;
  const members = o.peers;
  const memberSet = new Set(members);
  const refs = new Map<string, Ref<GossipMsg<V>>>();
  const refOf = (node: string): Ref<GossipMsg<V>> => {
    let r = refs.get(node);
    if (r === undefined) refs.set(node, (r = pathRef<GossipMsg<V>>(node, o.peerPath)));
    return r;
  };
  type Ctx = ActorContext<GossipMsg<V>>;
  type State = GossipState<V>;

  const send = (ctx: Ctx, to: string, msg: GossipMsg<V>, kind: Parameters<NonNullable<GossipObserver['sent']>>[2], entries: number): void => {
    ctx.tell(refOf(to), msg);
    observer?.sent?.(ctx.node, to, kind, entries);
  };

  const persisted = (ctx: Ctx): Map<string, Entry<V>> => {
    let m = ctx.disk.get(entriesKey(ctx.path)) as Map<string, Entry<V>> | undefined;
    if (m === undefined) ctx.disk.set(entriesKey(ctx.path), (m = new Map()));
    return m;
  };

  const startRounds = (s: State, ctx: Ctx): void => {
    if (s.ticking || s.left) return;
    s.ticking = true;
    // Keep the node's own round grid: the first round is at its next grid point.
    const now = ctx.now();
    const wait = (((s.phaseMs - now) % o.roundMs) + o.roundMs) % o.roundMs;
    ctx.timers.startPeriodicTimer('round', { type: 'round' }, o.roundMs, wait === 0 ? o.roundMs : wait);
  };

  const retire = (s: State, ctx: Ctx, key: string, reason: RetireReason): void => {
    s.spreading.delete(key);
    observer?.retired?.(ctx.node, key, reason);
  };

  const learn = (s: State, ctx: Ctx, entry: Entry<V>, via: LearnedVia, from: string | undefined): void => {
    s.entries.set(entry.key, entry);
    if (o.persist) persisted(ctx).set(entry.key, entry);
    if (s.spreading.has(entry.key)) retire(s, ctx, entry.key, 'superseded');
    const spreads = via !== 'repair' || o.spreadRepairs;
    observer?.learned?.(ctx.node, entry, via, spreads);
    if (!spreads) return;
    const spread = new SpreadState();
    if (from !== undefined) spread.receivedFrom.add(from);
    s.spreading.set(entry.key, spread);
    startRounds(s, ctx);
  };

  /** Merge entries from a peer; returns nothing (observer and spread counters record duplicates). */
  const merge = (s: State, ctx: Ctx, entries: ReadonlyArray<Entry<V>>, from: string, via: LearnedVia): void => {
    for (const e of entries) {
      const local = s.entries.get(e.key);
      if (isNewer(e, local)) {
        learn(s, ctx, e, via, from);
        continue;
      }
      if (via !== 'rumor') continue;
      observer?.duplicate?.(ctx.node, e, from);
      if (compareVersions(e, local!) === 0) {
        const spread = s.spreading.get(e.key);
        if (spread !== undefined) {
          spread.duplicates++;
          spread.receivedFrom.add(from);
        }
      }
    }
  };

  const heardFrom = (s: State, from: string): void => {
    if (from !== s.view.self && !s.view.has(from) && !s.departed.has(from)) s.view = s.view.add(from);
  };

  const round = (s: State, ctx: Ctx): void => {
    const n = s.view.size + 1;
    const rc: RoundContext = {
      self: ctx.node,
      view: s.view,
      fanout: o.fanout,
      budget: retransmitLimit(n, o.retransmitMult),
      random: ctx.random,
    };
    let batches: Map<string, Entry<V>[]> | undefined;
    for (const [key, spread] of s.spreading) {
      const entry = s.entries.get(key)!;
      if (o.isConverged?.(entry)) {
        retire(s, ctx, key, 'converged');
        continue;
      }
      const decision = strategy.plan(spread, rc);
      if (decision.type === 'retire') {
        retire(s, ctx, key, decision.reason);
        continue;
      }
      spread.rounds++;
      spread.sends += decision.to.length;
      batches ??= new Map();
      for (const to of decision.to) {
        if (strategy.remembersTargets) spread.sentTo.add(to);
        const batch = batches.get(to);
        if (batch === undefined) batches.set(to, [entry]);
        else batch.push(entry);
      }
    }
    if (batches !== undefined) {
      for (const [to, entries] of batches) send(ctx, to, { type: 'push', from: ctx.node, entries, repair: false }, 'push', entries.length);
    }
    if (s.spreading.size === 0) {
      ctx.timers.cancel('round');
      s.ticking = false;
    }
  };

  const put = (s: State, ctx: Ctx, key: string, value: V): void => {
    let written = ctx.disk.get(versionsKey(ctx.path)) as Map<string, number> | undefined;
    if (written === undefined) ctx.disk.set(versionsKey(ctx.path), (written = new Map()));
    const version = Math.max(s.entries.get(key)?.version ?? 0, written.get(key) ?? 0) + 1;
    // Persist the version counter so a restarted node never reuses a version with another value.
    written.set(key, version);
    learn(s, ctx, { key, value, version, origin: ctx.node }, 'local', undefined);
  };

  const reply = (ctx: Ctx, to: Ref<GossipReply<V>>, r: GossipReply<V>): void => ctx.tell(to, r);

  return defineBehavior<GossipMsg<V>, State>({
    name: 'gossip',
    protocol: gossipProtocol(o.value ?? (t.unknown as t.Type<V, unknown, unknown>)),
    init: (ctx) => {
      observer?.started?.(ctx.node);
      const s: State = {
        entries: new Map(),
        spreading: new Map(),
        view: PeerView.of(ctx.node, members, memberSet),
        departed: new Set(),
        phaseMs: o.phase === 'aligned' ? 0 : ctx.random.int(0, Math.max(0, Math.ceil(o.roundMs) - 1)),
        ticking: false,
        left: false,
      };
      if (o.persist) {
        for (const e of persisted(ctx).values()) {
          s.entries.set(e.key, e);
          observer?.learned?.(ctx.node, e, 'disk', false);
        }
      }
      if (o.antiEntropyMs > 0) {
        // One exchange within the first round, so a (re)started node catches up at once; then
        // periodic exchanges at this node's own phase (phases spread evenly over the period).
        ctx.timers.startSingleTimer('anti-entropy-boot', { type: 'anti-entropy' }, ctx.random.int(1, Math.max(1, Math.ceil(o.roundMs))));
        ctx.timers.startPeriodicTimer('anti-entropy', { type: 'anti-entropy' }, o.antiEntropyMs, ctx.random.int(1, Math.max(1, Math.ceil(o.antiEntropyMs))));
      }
      if (o.announce) for (const p of s.view.peers()) send(ctx, p, { type: 'member-up', node: ctx.node }, 'member-up', 0);
      return s;
    },
    receive: (s, msg, ctx) => {
      if (msg.type === 'get') {
        reply(ctx, msg.replyTo, { type: 'entry', node: ctx.node, key: msg.key, entry: s.entries.get(msg.key) ?? null });
        return s;
      }
      if (msg.type === 'snapshot') {
        const entries = [...s.entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        reply(ctx, msg.replyTo, { type: 'snapshot', node: ctx.node, entries, spreading: [...s.spreading.keys()].sort(), peers: s.view.size });
        return s;
      }
      if (s.left) return s;
      switch (msg.type) {
        case 'put':
          put(s, ctx, msg.key, msg.value);
          return s;
        case 'push':
          heardFrom(s, msg.from);
          merge(s, ctx, msg.entries, msg.from, msg.repair ? 'repair' : 'rumor');
          return s;
        case 'round':
          round(s, ctx);
          return s;
        case 'anti-entropy': {
          const [peer] = s.view.sample(ctx.random, 1);
          if (peer !== undefined) send(ctx, peer, { type: 'digest', from: ctx.node, digest: digestOf(s.entries) }, 'digest', 0);
          return s;
        }
        case 'digest': {
          heardFrom(s, msg.from);
          const { newerHere, newerThere } = compareDigest(s.entries, msg.digest);
          if (newerHere.length > 0 || newerThere.length > 0) {
            send(ctx, msg.from, { type: 'digest-reply', from: ctx.node, entries: newerHere, want: newerThere }, 'digest-reply', newerHere.length);
          }
          return s;
        }
        case 'digest-reply': {
          heardFrom(s, msg.from);
          merge(s, ctx, msg.entries, msg.from, 'repair');
          const wanted: Entry<V>[] = [];
          for (const key of msg.want) {
            const e = s.entries.get(key);
            if (e !== undefined) wanted.push(e);
          }
          if (wanted.length > 0) send(ctx, msg.from, { type: 'push', from: ctx.node, entries: wanted, repair: true }, 'repair', wanted.length);
          return s;
        }
        case 'member-up':
          if (msg.node !== ctx.node) {
            s.departed.delete(msg.node);
            s.view = s.view.add(msg.node);
          }
          return s;
        case 'member-down':
          if (msg.node !== ctx.node) {
            s.departed.add(msg.node);
            s.view = s.view.remove(msg.node);
          }
          return s;
        case 'leave': {
          for (const p of s.view.peers()) send(ctx, p, { type: 'member-down', node: ctx.node }, 'member-down', 0);
          for (const key of [...s.spreading.keys()]) retire(s, ctx, key, 'no-peers');
          ctx.timers.cancelAll();
          s.ticking = false;
          s.left = true;
          return s;
        }
      }
    },
  });
};
