/**
 * Message-passing workloads shared by the benchmarks (bench/runtime.ts,
 * bench/sim.ts): ping-pong between two actors and fan-out to many, each in
 * three flavours — raw nact, troupe on the nact dispatcher, troupe on the
 * simulation (the bare simulation dispatcher, or a full `Simulation` with the
 * options you pass) — a random-gossip-like load across many simulated nodes,
 * and the measuring helpers around them.
 *
 * The throughput workloads resolve with the wall seconds of their measured
 * part only (setup and teardown excluded).
 */
import * as t from 'io-ts';
import { createActorSystem, defineBehavior, pathRef, type ActorSystem, type Ref } from '../../lib/actor/index.js';
import { createSimDispatcher, createSimulation, type SimulationOptions } from '../../lib/sim/index.js';
import { stopwatch } from '../../lib/time/index.js';
import { createGcMeter, type GcMeter } from './gc.js';
import { secondsSince } from './isolate.js';
import { nact, type NactRef } from './nact.js';

// ---------------------------------------------------------------- protocols

/** The ping-pong message: the number of messages sent so far, this one included. */
export const Ball = t.type({ type: t.literal('ball'), n: t.number });
/** The ping-pong message. */
export type Ball = t.TypeOf<typeof Ball>;

/** The fan-out message. */
export const Hit = t.type({ type: t.literal('hit'), n: t.number });
/** The fan-out message. */
export type Hit = t.TypeOf<typeof Hit>;

/** The gossip-like load's protocol: a timer tick, or a small rumor from another node. */
export const Gossip = t.union([t.type({ type: t.literal('tick') }), t.type({ type: t.literal('rumor'), from: t.number, n: t.number })]);
/** The gossip-like load's protocol. */
export type Gossip = t.TypeOf<typeof Gossip>;

// ---------------------------------------------------------------- measuring

/** Named metrics, each with one value per measured run. */
export type Samples = Record<string, number[]>;

/**
 * `warmUps` unrecorded runs of `warmUp`, then `runs` recorded runs of `run`;
 * every numeric field of a run's result is collected under its name.
 *
 * @example
 * await repeat(1, () => pingPongNact(100_000), 3, () => withGc(1e6, () => pingPongNact(1e6))); // { rate: [...], gcShare: [...] }
 */
export const repeat = async (
  warmUps: number,
  warmUp: () => unknown,
  runs: number,
  run: () => Promise<object> | object,
): Promise<Samples> => {
  for (let i = 0; i < warmUps; i++) await warmUp();
  const samples: Samples = {};
  for (let i = 0; i < runs; i++) {
    const r = (await run()) as Record<string, number>;
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') (samples[k] ??= []).push(v);
  }
  return samples;
};

/** Now, in nanoseconds (for `secondsSince`). */
export const hrnow = (): bigint => process.hrtime.bigint();

let systemSeq = 0;
/** A fresh raw nact system name (nact keeps a global registry of them). */
export const nactName = (): string => `bench-${process.pid}-${++systemSeq}`;

/** Wait until the event loop has run its check phase (setImmediate callbacks queued so far). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let meter: GcMeter | undefined;
/** This process's GC meter (created on first use). */
export const gcMeter = (): GcMeter => (meter ??= createGcMeter());

/** A throughput run: messages per second and the share of the run spent in GC pauses. */
export interface Throughput {
  rate: number;
  gcShare: number;
}

/**
 * Run `body` (which resolves with its own measured seconds for `messages`
 * messages) and add the GC share of that window.
 *
 * @example
 * const { rate, gcShare } = await withGc(1_000_000, () => pingPongNact(1_000_000));
 */
export const withGc = async (messages: number, body: () => Promise<number> | number): Promise<Throughput> => {
  gcMeter().start();
  const seconds = await body();
  const gcMs = await gcMeter().stop();
  return { rate: messages / seconds, gcShare: gcMs / 1000 / seconds };
};

// ---------------------------------------------------------------- where the sim flavour runs

/** An actor system driven by a virtual clock, run to quiescence synchronously. */
interface SimHarness {
  readonly system: ActorSystem;
  /** Run every queued event (and those they queue) until nothing is left. */
  run(): void;
  /** Stop the system (and flush trace files). */
  close(): Promise<void>;
}

/**
 * Without options: the bare simulation dispatcher (`createSimDispatcher()`
 * under `createActorSystem`, no network, no tracer). With options: a full
 * `createSimulation(options)` (network, tracer as configured).
 */
const simHarness = (options: SimulationOptions | undefined): SimHarness => {
  if (options === undefined) {
    const dispatcher = createSimDispatcher();
    const system = createActorSystem({ dispatcher });
    return {
      system,
      run: () => dispatcher.clock.runAll(),
      close: async () => {
        void system.shutdown();
        dispatcher.clock.runAll();
      },
    };
  }
  const sim = createSimulation(options);
  return { system: sim.system, run: () => void sim.run(), close: () => sim.close() };
};

// ---------------------------------------------------------------- ping-pong

/**
 * The same player for every troupe flavour: bounce the ball to the peer until
 * it reached `total`, then call `done`.
 */
export const player = (peer: () => Ref<Ball>, total: number, done: () => void) =>
  defineBehavior({
    name: 'player',
    protocol: Ball,
    init: () => 0,
    receive: (count: number, msg: Ball, ctx) => {
      if (msg.n >= total) done();
      else ctx.tell(peer(), { type: 'ball', n: msg.n + 1 });
      return count + 1;
    },
  });

/** Seconds for `total` messages between two raw nact actors dispatching to each other. */
export const pingPongNact = (total: number): Promise<number> =>
  new Promise((resolve) => {
    const system = nact.start({ name: nactName() });
    const refs: NactRef[] = [];
    let t0 = hrnow();
    const f =
      (peer: number) =>
      (count: number, msg: Ball): number => {
        if (msg.n >= total) {
          const s = secondsSince(t0);
          nact.stop(system);
          resolve(s);
        } else nact.dispatch(refs[peer], { type: 'ball', n: msg.n + 1 });
        return count + 1;
      };
    refs.push(nact.spawn(system, f(1), 'a', { initialState: 0 }), nact.spawn(system, f(0), 'b', { initialState: 0 }));
    t0 = hrnow();
    nact.dispatch(refs[0], { type: 'ball', n: 1 });
  });

/** Seconds for `total` messages, troupe on the nact dispatcher (default system: nact + real clock). */
export const pingPongTroupe = async (total: number): Promise<number> => {
  const system = createActorSystem();
  let a!: Ref<Ball>;
  let b!: Ref<Ball>;
  let t0 = hrnow();
  const finished = new Promise<number>((resolve) => {
    const done = (): void => resolve(secondsSince(t0));
    a = system.spawn(player(() => b, total, done), 'a');
    b = system.spawn(player(() => a, total, done), 'b');
  });
  t0 = hrnow();
  system.tell(a, { type: 'ball', n: 1 });
  const s = await finished;
  await system.shutdown();
  await settle();
  return s;
};

/**
 * Seconds for `total` messages, troupe on the simulation, run synchronously
 * to quiescence. Both players live on one node, so no network hop. Without
 * `simulation`: the bare simulation dispatcher; with it: `createSimulation(simulation)`
 * (closed after the measured part, which flushes its trace file).
 *
 * @example
 * await pingPongSim(1_000_000, { seed: 1, trace: false });
 */
export const pingPongSim = async (total: number, simulation?: SimulationOptions): Promise<number> => {
  const { system, run, close } = simHarness(simulation);
  let finished = false;
  let a!: Ref<Ball>;
  let b!: Ref<Ball>;
  const done = (): void => {
    finished = true;
  };
  a = system.spawn(player(() => b, total, done), 'a');
  b = system.spawn(player(() => a, total, done), 'b');
  const t0 = hrnow();
  system.tell(a, { type: 'ball', n: 1 });
  run();
  const s = secondsSince(t0);
  if (!finished) throw new Error('sim ping-pong did not finish');
  await close();
  return s;
};

// ---------------------------------------------------------------- fan-out

/** A counter for every troupe flavour: calls `onFull` when it has received `perActor` messages. */
export const counter = (perActor: number, onFull: () => void) =>
  defineBehavior({
    name: 'counter',
    protocol: Hit,
    init: () => 0,
    receive: (count: number, _msg: Hit) => {
      const next = count + 1;
      if (next === perActor) onFull();
      return next;
    },
  });

/** Seconds for raw nact: `actors` counters, `perActor` messages each, dispatched from outside round-robin. */
export const fanOutNact = (actors: number, perActor: number): Promise<number> =>
  new Promise((resolve) => {
    const system = nact.start({ name: nactName() });
    let remaining = actors;
    let t0 = hrnow();
    const f = (count: number, _msg: Hit): number => {
      const next = count + 1;
      if (next === perActor && --remaining === 0) {
        const s = secondsSince(t0);
        nact.stop(system);
        resolve(s);
      }
      return next;
    };
    const refs: NactRef[] = [];
    for (let i = 0; i < actors; i++) refs.push(nact.spawn(system, f, `c${i}`, { initialState: 0 }));
    t0 = hrnow();
    for (let m = 0; m < perActor; m++) for (let i = 0; i < actors; i++) nact.dispatch(refs[i], { type: 'hit', n: m });
  });

/** Seconds for troupe (nact dispatcher), same shape: `system.tell` from outside, round-robin. */
export const fanOutTroupe = async (actors: number, perActor: number): Promise<number> => {
  const system = createActorSystem();
  let remaining = actors;
  let t0 = hrnow();
  const finished = new Promise<number>((resolve) => {
    const behavior = counter(perActor, () => {
      if (--remaining === 0) resolve(secondsSince(t0));
    });
    const refs: Ref<Hit>[] = [];
    for (let i = 0; i < actors; i++) refs.push(system.spawn(behavior, `c${i}`));
    t0 = hrnow();
    for (let m = 0; m < perActor; m++) for (let i = 0; i < actors; i++) system.tell(refs[i], { type: 'hit', n: m });
  });
  const s = await finished;
  // Not system.shutdown(): stopping many top-level actors is measured in the spawn case.
  system.dispatcher.shutdown();
  await settle();
  return s;
};

/**
 * Seconds for troupe on the simulation (see {@link pingPongSim} for
 * `simulation`): the same counters, `system.tell` from outside round-robin,
 * then run to quiescence. The measured part is the tells plus the run.
 *
 * @example
 * await fanOutSim(10_000, 100, { seed: 1, trace: false });
 */
export const fanOutSim = async (actors: number, perActor: number, simulation?: SimulationOptions): Promise<number> => {
  const { system, run, close } = simHarness(simulation);
  let remaining = actors;
  const behavior = counter(perActor, () => {
    remaining--;
  });
  const refs: Ref<Hit>[] = [];
  for (let i = 0; i < actors; i++) refs.push(system.spawn(behavior, `c${i}`));
  const t0 = hrnow();
  for (let m = 0; m < perActor; m++) for (let i = 0; i < actors; i++) system.tell(refs[i], { type: 'hit', n: m });
  run();
  const s = secondsSince(t0);
  if (remaining !== 0) throw new Error('sim fan-out did not finish');
  // A Simulation is closed to flush its trace file; the bare dispatcher's system is
  // left as is (nothing to flush; stopping 10k actors is measured in the spawn case).
  if (simulation !== undefined) await close();
  return s;
};

// ---------------------------------------------------------------- random gossip

interface GossiperState {
  readonly self: number;
  readonly sent: number;
  readonly received: number;
}

/**
 * The gossip-like load's actor (spawn it as `/gossiper` on every node of
 * `names`): every `intervalMs` (first tick at a random phase) it tells a
 * uniformly random other node's gossiper a small rumor; `onRumor` is called
 * on every rumor received.
 */
export const gossiper = (names: ReadonlyArray<string>, intervalMs: number, onRumor: () => void) => {
  const index = new Map(names.map((n, i) => [n, i] as const));
  return defineBehavior({
    name: 'gossiper',
    protocol: Gossip,
    init: (ctx): GossiperState => {
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, intervalMs, ctx.random.int(1, intervalMs));
      return { self: index.get(ctx.node) ?? -1, sent: 0, received: 0 };
    },
    receive: (s: GossiperState, msg: Gossip, ctx): GossiperState => {
      switch (msg.type) {
        case 'tick': {
          const to = (s.self + ctx.random.int(1, names.length - 1)) % names.length;
          ctx.tell(pathRef<Gossip>(names[to], '/gossiper'), { type: 'rumor', from: s.self, n: s.sent });
          return { self: s.self, sent: s.sent + 1, received: s.received };
        }
        case 'rumor':
          onRumor();
          return { self: s.self, sent: s.sent, received: s.received + 1 };
      }
    },
  });
};

/** Options of {@link randomGossip}. */
export interface RandomGossipOptions {
  /** Nodes `g0…g{n-1}`, one gossiper each. */
  readonly nodes: number;
  /** Each gossiper's period, virtual ms. @default 100 */
  readonly intervalMs?: number;
  /** Virtual time to run, ms. */
  readonly virtualMs: number;
  /** The simulation: seed, network (default: uniform 1–5 ms), trace. */
  readonly simulation: SimulationOptions;
}

/** What one {@link randomGossip} run measured. */
export interface RandomGossipRun {
  /** Wall seconds to create the simulation, its nodes and their actors. */
  readonly bootSec: number;
  /** Wall seconds of `sim.runFor(virtualMs)`. */
  readonly wallSec: number;
  /** This process's CPU seconds during the run (GC threads included). */
  readonly cpuSec: number;
  /** Seconds of GC pauses during the run. */
  readonly gcSec: number;
  /** Wall seconds of `sim.close()` (stops the nodes, flushes the trace file). */
  readonly closeSec: number;
  /** Clock events run: timers, network hops, deliveries. */
  readonly events: number;
  /** Messages put on the network. */
  readonly sent: number;
  /** Rumors received (the rest were still in flight at the end). */
  readonly delivered: number;
  /** Trace events recorded (0 with tracing off). */
  readonly traceEvents: number;
}

/**
 * A random-gossip-like load in a simulation: `nodes` nodes, each running one
 * {@link gossiper}; runs `virtualMs` of virtual time. Throws when a rumor was
 * lost or an actor failed (the default network loses nothing).
 *
 * @example
 * const r = await randomGossip({ nodes: 1000, virtualMs: 60_000, simulation: { seed: 1, trace: false } });
 * console.log(`${60 / r.wallSec}x faster than real time`);
 */
export const randomGossip = async (options: RandomGossipOptions): Promise<RandomGossipRun> => {
  const bootWatch = stopwatch();
  const sim = createSimulation(options.simulation);
  const names = Array.from({ length: options.nodes }, (_, i) => `g${i}`);
  let delivered = 0;
  const Gossiper = gossiper(names, options.intervalMs ?? 100, () => {
    delivered++;
  });
  for (const name of names) sim.node(name, { boot: (node) => node.spawn(Gossiper, 'gossiper') });
  const bootMs = bootWatch();

  gcMeter().start();
  const cpu0 = process.cpuUsage();
  const runWatch = stopwatch();
  const events = sim.runFor(options.virtualMs);
  const wallMs = runWatch();
  const cpu = process.cpuUsage(cpu0);
  const gcMs = await gcMeter().stop();

  const traceEvents = sim.system.tracer.count;
  const closeWatch = stopwatch();
  await sim.close();
  const closeMs = closeWatch();
  const { sent, delivered: landed } = sim.network.stats;
  if (delivered !== landed) throw new Error(`gossip: ${delivered} rumors received, network delivered ${landed}`);
  if (sim.system.failures !== 0 || sim.system.deadLetters !== 0) {
    throw new Error(`gossip: ${sim.system.failures} failures, ${sim.system.deadLetters} dead letters`);
  }
  return {
    bootSec: bootMs / 1000,
    wallSec: wallMs / 1000,
    cpuSec: (cpu.user + cpu.system) / 1e6,
    gcSec: gcMs / 1000,
    closeSec: closeMs / 1000,
    events,
    sent,
    delivered,
    traceEvents,
  };
};
