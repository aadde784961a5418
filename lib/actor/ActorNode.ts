import * as t from 'io-ts';
import type { Random } from '../random/index.js';
import { SkewedClock, type Clock, type ClockSkew } from '../time/index.js';
import type { SupervisionOptions } from '../supervision/index.js';
import type { SpawnOptions } from './ActorContext.js';
import type { Behavior } from './Behavior.js';
import type { AnyCell } from './ActorCell.js';
import type { AnyRef, Ref } from './Ref.js';
import type { ActorSystem } from './ActorSystem.js';

/** Options of a node. */
export interface NodeOptions {
  /** Runs when the node starts and again after each restart: spawn its actors here. */
  boot?: (node: ActorNode) => void;
  /** How the node's guardian supervises its top-level actors. @default one-for-one, 3 restarts in 5 s */
  supervision?: SupervisionOptions;
}

/**
 * A (simulated or real) machine hosting a tree of actors. Crashing it kills
 * every actor on it without stop hooks and loses their mailboxes; restarting
 * it runs its boot function again. Only its `disk` survives.
 *
 * @example
 * const n1 = system.node('n1', { boot: (n) => n.spawn(Server, 'server') });
 * n1.crash();
 * n1.restart(); // boot runs again
 */
export class ActorNode {
  /** What actors persisted; survives crash and restart. */
  readonly disk = new Map<string, unknown>();
  /** This node's seeded random stream. */
  readonly random: Random;
  /** Actors spawned at each path on this node so far (survives crash and restart, like the disk): one number per path ever used here. */
  private readonly spawnsAt = new Map<string, number>();
  private guardianCell: AnyCell | undefined;
  private up = false;
  private skewed: SkewedClock | undefined;
  private crashes = 0;

  constructor(
    readonly system: ActorSystem,
    readonly name: string,
    private readonly options: NodeOptions,
  ) {
    this.random = system.random.fork(`node:${name}`);
  }

  /**
   * The label the random stream of the next actor spawned at `path` forks
   * from the node's: the path, and how many actors that path has held
   * before — an actor spawned again after a crash (or a stop) draws new
   * numbers, as a restarted process does, instead of repeating its
   * predecessor's. The first actor at a path forks by the path alone.
   * @internal
   */
  randomLabelFor(path: string): string {
    const n = (this.spawnsAt.get(path) ?? 0) + 1;
    this.spawnsAt.set(path, n);
    return n === 1 ? path : `${path}#${n}`;
  }

  /** The node's clock: the system clock, or a skewed view of it (see {@link setClockSkew}). */
  get clock(): Clock {
    return this.skewed ?? this.system.clock;
  }

  /** Give the node a clock error (offset and drift); `{}` removes it. */
  setClockSkew(skew: ClockSkew): void {
    this.system.fault(this.name, 'clock-skew', `node ${this.name} clock skew ${skew.offsetMs ?? 0} ms, drift ${skew.drift ?? 0}`, { ...skew });
    if (this.skewed === undefined) this.skewed = new SkewedClock(this.system.clock, skew);
    else this.skewed.setSkew(skew);
  }

  /** How many times this node crashed (messages it sent before a crash die with it). */
  get epoch(): number {
    return this.crashes;
  }

  /** Whether the node is running. */
  get isUp(): boolean {
    return this.up;
  }

  /** Start the node (guardian, then boot). Called by the system on creation. */
  start(): void {
    if (this.up) return;
    this.up = true;
    this.guardianCell = this.system.createGuardian(this, guardianBehavior(this.options.supervision));
    this.options.boot?.(this);
  }

  /** The guardian cell (root of this node's tree). */
  get guardian(): AnyCell {
    if (this.guardianCell === undefined || !this.up) throw new Error(`node ${this.name} is down`);
    return this.guardianCell;
  }

  /** Spawn a top-level actor on this node. */
  spawn<M, S>(behavior: Behavior<M, S>, name: string, options?: SpawnOptions): Ref<M> {
    return this.guardian.spawnChild(behavior, name, options).ref;
  }

  /** Stop a top-level actor of this node. */
  stop(ref: AnyRef): void {
    if (this.up) this.guardian.stopChild(ref);
  }

  /** Top-level actors, in start order. */
  actors(): AnyRef[] {
    return this.up ? this.guardian.liveChildren().map((c) => c.ref) : [];
  }

  /**
   * Crash: every actor dies at once, without stop hooks; their mailboxes and
   * timers are gone; watchers get Terminated with reason `node-down`.
   */
  crash(): void {
    if (!this.up) return;
    this.system.fault(this.name, 'node-crash', `node ${this.name} crashed`);
    this.up = false;
    this.crashes++;
    this.guardianCell?.terminate('node-down', true);
    this.guardianCell = undefined;
  }

  /** Start again after a crash: a new guardian, then boot. Memory is empty; disk is kept. */
  restart(): void {
    if (this.up) return;
    this.system.fault(this.name, 'node-restart', `node ${this.name} restarted`);
    this.start();
  }

  /** Stop gracefully: every actor stops (stop hooks run), children first. */
  shutdown(): void {
    if (!this.up) return;
    this.up = false;
    this.guardianCell?.terminate('stopped', false);
    this.guardianCell = undefined;
  }
}

const guardianBehavior = (supervision: SupervisionOptions | undefined): Behavior<unknown, undefined> => ({
  name: 'guardian',
  protocol: t.never,
  init: () => undefined,
  receive: (s) => s,
  supervision,
});
