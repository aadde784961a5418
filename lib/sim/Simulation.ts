import {
  createActorSystem,
  type ActorNode,
  type ActorSystem,
  type AnyRef,
  type Behavior,
  type NodeOptions,
  type Ref,
  type SpawnOptions,
} from '../actor/index.js';
import { createSimNetwork, type SimNetwork, type SimNetworkOptions } from '../network/index.js';
import { createRandom, type Random } from '../random/index.js';
import type { SupervisionOptions } from '../supervision/index.js';
import { createVirtualClock, type ClockSkew, type VirtualClock } from '../time/index.js';
import { createJsonlFileSink, createMemoryTrace, createTracer, type MemoryTrace, type TraceSink } from '../trace/index.js';
import { InvariantViolation, type Invariant } from './InvariantViolation.js';
import { applyFault, type Fault, type NemesisStep } from './Nemesis.js';
import { SimDispatcher } from './SimDispatcher.js';

/** How a simulation records its trace. */
export interface SimulationTraceOptions {
  /** Keep every event in memory (`sim.trace`). @default false */
  memory?: boolean;
  /** Stream every event to this JSON Lines file. */
  file?: string;
  /** More sinks. */
  sinks?: TraceSink[];
  /** Record message payloads. @default false */
  payloads?: boolean;
  /** Events kept for invariant-violation reports (a ring buffer; 0 = none). @default 50 */
  recent?: number;
}

/** Options of a simulation. */
export interface SimulationOptions {
  /** The seed of every random choice in the run. */
  seed: number;
  /** The network between nodes. @default uniform 1–5 ms latency, no loss */
  network?: SimNetworkOptions;
  /** Tracing; `false` turns it off entirely (fastest). @default only the recent-events ring */
  trace?: SimulationTraceOptions | false;
  /** Decode every message with its target's codec (catches ill-typed casts). @default false */
  decodeAll?: boolean;
  /** How each node's guardian supervises its top-level actors. */
  supervision?: SupervisionOptions;
}

/**
 * A deterministic simulation: one virtual clock carrying every timer and
 * message delivery, a simulated network, nodes you can crash and partition,
 * invariants checked as it runs, and a trace. Same seed, same code: same
 * trace, byte for byte.
 *
 * @example
 * const sim = createSimulation({ seed: 42, trace: { memory: true } });
 * const a = sim.spawn(Pinger, 'a', { node: 'n1' });
 * sim.invariant('no dead letters', () => sim.system.deadLetters === 0);
 * sim.at(1000, { type: 'partition', groups: [['n1'], ['n2']] });
 * sim.runFor(10_000);
 */
export class Simulation {
  readonly seed: number;
  readonly clock: VirtualClock;
  readonly network: SimNetwork;
  readonly system: ActorSystem;
  /** The simulation's own random stream (for nemesis generation, scenario choices). */
  readonly random: Random;
  /** Every event, when `trace.memory` is on. */
  readonly trace: MemoryTrace | undefined;
  private readonly recent: MemoryTrace | undefined;
  private readonly everyEvent: Invariant[] = [];
  private failure: InvariantViolation | undefined;
  private stepsRun = 0;

  constructor(options: SimulationOptions) {
    if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
    this.seed = options.seed;
    const root = createRandom(options.seed);
    this.random = root.fork('simulation');
    this.clock = createVirtualClock();
    const dispatcher = new SimDispatcher(this.clock);
    this.network = createSimNetwork(this.clock, root.fork('network'), options.network);
    const traceOptions = options.trace === false ? undefined : (options.trace ?? {});
    const sinks: TraceSink[] = [];
    if (traceOptions !== undefined) {
      const recent = traceOptions.recent ?? 50;
      if (recent > 0) sinks.push((this.recent = createMemoryTrace({ limit: recent })));
      if (traceOptions.memory) sinks.push((this.trace = createMemoryTrace()));
      if (traceOptions.file !== undefined) sinks.push(createJsonlFileSink(traceOptions.file));
      sinks.push(...(traceOptions.sinks ?? []));
    }
    this.system = createActorSystem({
      name: `simulation-${options.seed}`,
      dispatcher,
      seed: options.seed,
      tracer: createTracer({ sinks, payloads: traceOptions?.payloads ?? false }),
      transport: this.network,
      decodeAll: options.decodeAll ?? false,
      supervision: options.supervision,
    });
    this.network.attach(this.system);
  }

  /** Current virtual time (ms since the start). */
  now(): number {
    return this.clock.now();
  }

  /** Number of events (deliveries, timers, network hops) run so far. */
  get steps(): number {
    return this.stepsRun;
  }

  // ---------------------------------------------------------------- building the cluster

  /** A node (created and booted on first use). */
  node(name: string, options?: NodeOptions): ActorNode {
    return this.system.node(name, options);
  }

  /** Spawn a top-level actor on a node. */
  spawn<M, S>(behavior: Behavior<M, S>, name: string, options: SpawnOptions & { node?: string } = {}): Ref<M> {
    return this.system.spawn(behavior, name, options);
  }

  /** Send a message from outside the cluster. */
  tell<M>(to: Ref<M>, message: M): void {
    this.system.tell(to, message);
  }

  // ---------------------------------------------------------------- faults

  /** Schedule a fault at virtual time `atMs` (or at once when it has passed). */
  at(atMs: number, fault: Fault): void {
    this.clock.schedule(() => this.inject(fault), Math.max(0, atMs - this.clock.now()));
  }

  /** Schedule every step of a nemesis. */
  nemesis(steps: ReadonlyArray<NemesisStep>): void {
    for (const step of steps) this.at(step.atMs, step.fault);
  }

  /** Inject a fault now. */
  inject(fault: Fault): void {
    applyFault(this, fault);
  }

  /** Crash a node: its actors die without stop hooks, in-flight messages from it are lost. */
  crash(node: string): void {
    this.inject({ type: 'crash', node });
  }

  /** Restart a crashed node (its boot runs again; only its disk survived). */
  restart(node: string): void {
    this.inject({ type: 'restart', node });
  }

  /** Partition nodes into groups that cannot reach each other. */
  partition(groups: string[][]): void {
    this.inject({ type: 'partition', groups });
  }

  /** Remove every partition. */
  heal(): void {
    this.inject({ type: 'heal' });
  }

  /** Give a node a clock error. */
  skew(node: string, skew: ClockSkew): void {
    this.inject({ type: 'skew', node, ...skew });
  }

  /** Make one actor fail as if it threw. */
  kill(ref: AnyRef): void {
    this.inject({ type: 'kill', node: ref.node, path: ref.path });
  }

  // ---------------------------------------------------------------- invariants

  /** Check `invariant` after every event, or every `everyMs` of virtual time. */
  invariant(name: string, check: Invariant['check'], options: { everyMs?: number } = {}): void {
    const inv: Invariant = { name, check, everyMs: options.everyMs };
    if (options.everyMs === undefined) {
      this.everyEvent.push(inv);
      return;
    }
    if (!(options.everyMs > 0)) throw new RangeError(`everyMs must be > 0, got ${options.everyMs}`);
    const sim = this;
    this.clock.schedule(function () {
      sim.checkOne(inv);
      this.schedule(undefined, options.everyMs);
    }, options.everyMs);
  }

  /** The violation that stopped the run, if any. */
  get violation(): InvariantViolation | undefined {
    return this.failure;
  }

  private checkOne(inv: Invariant): void {
    if (this.failure !== undefined) return;
    let result: boolean | string | undefined | void;
    try {
      result = inv.check();
    } catch (err) {
      result = `check threw: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (result === true || result === undefined) return;
    const detail = result === false ? 'returned false' : String(result);
    this.failure = new InvariantViolation(inv.name, detail, this.seed, this.clock.now(), this.recent?.lastN(20) ?? []);
  }

  private checkAll(): void {
    const list = this.everyEvent;
    for (let i = 0; i < list.length; i++) this.checkOne(list[i]);
  }

  // ---------------------------------------------------------------- running

  /** Run one event (advancing time to it if nothing is due now). False when nothing is queued. */
  step(): boolean {
    this.throwIfViolated();
    if (!this.clock.step()) return false;
    this.stepsRun++;
    if (this.everyEvent.length > 0) this.checkAll();
    this.throwIfViolated();
    return true;
  }

  /**
   * Run until nothing is queued (quiescence) or `limitMs` of virtual time has
   * passed (periodic timers never run out). Returns the number of events run.
   */
  run(limitMs = 3_600_000): number {
    return this.runTo(this.clock.now() + limitMs, false);
  }

  /** Run exactly `ms` of virtual time: every event due by then, then time is moved to the end. */
  runFor(ms: number): number {
    return this.runTo(this.clock.now() + ms, true);
  }

  /**
   * Run until `predicate` holds (checked after every event) or `limitMs` of
   * virtual time passed. Returns whether it held.
   */
  runUntil(predicate: () => boolean, limitMs = 3_600_000): boolean {
    const end = this.clock.now() + limitMs;
    if (predicate()) return true;
    for (;;) {
      const next = this.clock.nextTime();
      if (next === undefined || next > end) break;
      this.step();
      if (predicate()) return true;
    }
    if (this.clock.now() < end && this.clock.nextTime() === undefined) return false;
    this.clock.advanceTo(end);
    return predicate();
  }

  private runTo(end: number, landOnEnd: boolean): number {
    let n = 0;
    const clock = this.clock;
    const checking = this.everyEvent.length > 0;
    this.throwIfViolated();
    for (;;) {
      const next = clock.nextTime();
      if (next === undefined || next > end) break;
      clock.step();
      n++;
      if (checking) this.checkAll();
      if (this.failure !== undefined) break;
    }
    this.stepsRun += n;
    this.throwIfViolated();
    if (landOnEnd) clock.advanceTo(end);
    // Also check once where the run ends: a quiet stretch has no events to check after.
    if (checking) this.checkAll();
    this.throwIfViolated();
    return n;
  }

  private throwIfViolated(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stop every node and flush trace files. */
  async close(): Promise<void> {
    await this.system.shutdown();
  }
}

/** Create a simulation. */
export const createSimulation = (options: SimulationOptions): Simulation => new Simulation(options);
