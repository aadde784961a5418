/**
 * Chatter: a small but non-trivial cluster used by the determinism spec, the
 * simulation benchmark and the testing guide. Every node runs one peer; every
 * `intervalMs` each peer asks a random other peer to acknowledge a note,
 * retrying up to `retries` times on timeout, and persists what it received to
 * its node's disk. Crashes, partitions and loss make asks time out and retry.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, pathRef, refCodec, type Ref } from '../lib/actor/index.js';
import { defineScenario, type Simulation } from '../lib/sim/index.js';

export const PeerMsg = t.union([
  t.type({ type: t.literal('tick') }),
  t.type({ type: t.literal('note'), id: t.number, from: t.string, replyTo: refCodec() }),
  t.type({ type: t.literal('result'), id: t.number, ok: t.boolean, attempt: t.number }),
]);
export type PeerMsg = t.TypeOf<typeof PeerMsg>;

interface PeerState {
  nextId: number;
  acked: number;
  failed: number;
  received: number;
}

/** Options of a chatter peer. */
export interface PeerOptions {
  peers: ReadonlyArray<string>;
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
}

/** One chatter peer (spawn it as `/peer` on each node). */
export const peer = (options: PeerOptions) => {
  const intervalMs = options.intervalMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 300;
  const retries = options.retries ?? 2;
  const send = (ctx: Parameters<typeof Peer.receive>[2], id: number, attempt: number): void => {
    const others = options.peers.filter((n) => n !== ctx.node);
    if (others.length === 0) return;
    const target = pathRef<PeerMsg>(ctx.random.pick(others), '/peer');
    ctx.ask(
      target,
      (replyTo: Ref<string>) => ({ type: 'note' as const, id, from: ctx.node, replyTo }),
      timeoutMs,
      (r) => ({ type: 'result', id, ok: E.isRight(r), attempt }),
    );
  };
  const Peer = defineBehavior({
    name: 'peer',
    protocol: PeerMsg,
    init: (ctx): PeerState => {
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, intervalMs, ctx.random.int(1, intervalMs));
      return { nextId: 0, acked: 0, failed: 0, received: (ctx.disk.get('received') as number | undefined) ?? 0 };
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'tick':
          send(ctx, s.nextId, 0);
          return { ...s, nextId: s.nextId + 1 };
        case 'note':
          ctx.tell(msg.replyTo as Ref<string>, `ack ${msg.id}`);
          ctx.disk.set('received', s.received + 1);
          return { ...s, received: s.received + 1 };
        case 'result':
          if (msg.ok) return { ...s, acked: s.acked + 1 };
          if (msg.attempt < retries) {
            send(ctx, msg.id, msg.attempt + 1);
            return s;
          }
          ctx.milestone('gave-up', { id: msg.id });
          return { ...s, failed: s.failed + 1 };
      }
    },
  });
  return Peer;
};

/** Boot `n` chatter nodes `n1..nN` in a simulation; returns the node names. */
export const bootChatter = (sim: Simulation, n: number, options: Omit<PeerOptions, 'peers'> = {}): string[] => {
  const nodes = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const Peer = peer({ ...options, peers: nodes });
  for (const name of nodes) sim.node(name, { boot: (node) => node.spawn(Peer, 'peer') });
  return nodes;
};

/** The chatter scenario: 5 nodes for 20 s with crashes, partitions and loss bursts. */
export const chatterScenario = defineScenario({
  name: 'chatter',
  description: 'peers ask random peers to acknowledge notes, retrying through crashes, partitions and loss',
  durationMs: 20_000,
  setup: (sim) => ({ nodes: bootChatter(sim, 5) }),
  nemesis: (_sim, world) => ({
    nodes: world.nodes,
    durationMs: 18_000,
    crashesPerMin: 6,
    meanDowntimeMs: 2000,
    partitionsPerMin: 6,
    meanPartitionMs: 1500,
    lossBurstsPerMin: 6,
    skewsPerMin: 3,
  }),
  invariants: (sim) => [
    { name: 'peers never fail', check: () => sim.system.failures === 0 || `${sim.system.failures} peer failures` },
  ],
});
