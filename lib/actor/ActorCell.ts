import type { Subscription } from 'rxjs';
import type { Random } from '../random/index.js';
import {
  RestartBudget,
  backoffDelay,
  backoffResetAfter,
  choosePrimary,
  restartSet,
  shouldRestart,
  type ChildRestart,
  type ResolvedSupervision,
} from '../supervision/index.js';
import type { SpawnOptions } from './ActorContext.js';
import type { AnyBehavior, Behavior } from './Behavior.js';
import { CellContext } from './CellContext.js';
import { CellTimers } from './CellTimers.js';
import type { Mailbox } from './Dispatcher.js';
import { Envelope, EnvelopeKind, type MailboxOwner, type TimerTick } from './Envelope.js';
import type { AnyRef, Ref } from './Ref.js';
import { sameRef } from './Ref.js';
import type { Signal, TerminationReason } from './Signal.js';
import { describeError } from './messageType.js';
import type { ActorSystem } from './ActorSystem.js';
import type { ActorNode } from './ActorNode.js';

/** Lifecycle of a cell. */
export const enum CellStatus {
  Running = 0,
  /** Failed or waiting for a restart: messages are stashed. */
  Suspended = 1,
  Stopped = 2,
}

/** Thrown into a supervisor when a child exhausted its restart budget. */
export class EscalatedFailure extends Error {
  constructor(readonly child: string, readonly reason: string) {
    super(`child ${child} exceeded its restart budget (last failure: ${reason})`);
    this.name = 'EscalatedFailure';
  }
}

/** Someone to tell when a cell terminates. */
export interface Watcher {
  readonly cell: AnyCell | undefined;
  /** watchWith: a user message instead of the Terminated signal. */
  readonly custom: boolean;
  readonly message: unknown;
  /** Internal watchers (asks) get a callback instead. */
  readonly callback: ((reason: TerminationReason) => void) | undefined;
}

/**
 * One incarnation of an actor: its state, mailbox processing, children,
 * timers and supervision of its children. A supervisor restart reuses the
 * cell (same ref, same mailbox, new generation); a new spawn makes a new cell.
 */
export class ActorCell<M, S> implements MailboxOwner {
  readonly ref: Ref<M>;
  readonly ctx: CellContext<M>;
  private timersOrUndefined: CellTimers<M> | undefined;
  private randomOrUndefined: Random | undefined;
  /** What its random stream forks from the node's by (see ActorNode.randomLabelFor). */
  private readonly randomLabel: string;
  readonly mailbox: Mailbox;
  readonly children: AnyCell[] = [];
  /** Live children by name (created on first spawn: most actors have none). */
  private childMap: Map<string, AnyCell> | undefined;
  /** Death watchers and pending asks, in registration order (a Set: an ask's end removes it in O(1)). */
  watchers = new Set<Watcher>();
  /** RxJS subscriptions the actor owns (ctx.subscribe); cancelled with its timers. */
  subscriptions: Set<Subscription> | undefined;
  /** Paths of its asks still waiting for a reply (cancelled when it terminates); created on first ask. */
  pendingAsks: Set<string> | undefined;
  state!: S;
  status: CellStatus = CellStatus.Running;
  generation = 0;
  lamport = 0;
  /** Id of the message being handled (the cause of what it sends). */
  currentMsgId = 0;
  role: 'primary' | 'replica' | undefined;
  offset = 0;
  /** Start order among its siblings (for rest-for-one and tie-breaks). */
  order = 0;
  terminationReason: TerminationReason | undefined;
  private stash: Envelope[] = [];
  private drainPosted = false;
  private busy = false;
  private stopRequested = false;
  private readonly supervision: ResolvedSupervision;
  private budget: RestartBudget | undefined;
  private restartAttempt = 0;
  private lastRestartAt = Number.NEGATIVE_INFINITY;
  private childOrder = 0;
  /** init completed for this generation (the stop hook needs a state). */
  private initialized = false;

  constructor(
    readonly system: ActorSystem,
    readonly host: ActorNode,
    readonly parent: AnyCell | undefined,
    readonly behavior: Behavior<M, S>,
    readonly name: string,
    path: string,
    incarnation: number,
    readonly id: number,
    readonly restartType: ChildRestart,
    readonly isGuardian: boolean,
  ) {
    const ref = { node: host.name, path, incarnation } as Ref<M>;
    Object.defineProperty(ref, 'cell', { value: this, enumerable: false });
    this.ref = ref;
    this.supervision = system.resolveSupervision(behavior.supervision);
    this.ctx = new CellContext<M>(this);
    this.mailbox = system.dispatcher.attach(this, host.name, id);
    this.randomLabel = host.randomLabelFor(path);
  }

  /** This actor's keyed timers (created on first use). */
  get timers(): CellTimers<M> {
    return (this.timersOrUndefined ??= new CellTimers<M>(this));
  }

  /** This actor's random stream, forked from its node's by path and spawn count (created on first use). */
  get random(): Random {
    return (this.randomOrUndefined ??= this.host.random.fork(this.randomLabel));
  }

  /** The live child with this name, if any. */
  childNamed(name: string): AnyCell | undefined {
    return this.childMap?.get(name);
  }

  /** Run init (at spawn). A failing init is a failure like any other. */
  start(): void {
    this.runInit();
  }

  get alive(): boolean {
    return this.status !== CellStatus.Stopped;
  }

  liveChildren(): AnyCell[] {
    return this.children.filter((c) => c.status !== CellStatus.Stopped);
  }

  // ---------------------------------------------------------------- mailbox

  process(env: Envelope): void | Promise<void> {
    const kind = env.kind;
    if (kind === EnvelopeKind.Poison) {
      this.mailbox.close();
      return;
    }
    if (this.status === CellStatus.Stopped) {
      if (kind !== EnvelopeKind.Drain) this.system.undeliverable(env, this, this.terminationReason === 'node-down' ? 'node-down' : 'dead-letter');
      return;
    }
    if (kind === EnvelopeKind.Drain) {
      this.drainPosted = false;
      if (this.busy || this.status !== CellStatus.Running) return;
      const next = this.stash.shift();
      if (next === undefined) return;
      const r = this.handle(next);
      this.scheduleDrain();
      return r;
    }
    if (this.busy || this.status !== CellStatus.Running || this.stash.length > 0) {
      this.stash.push(env);
      this.scheduleDrain();
      return;
    }
    return this.handle(env);
  }

  /** Post one Drain token when the stash has work and the cell can take it. */
  private scheduleDrain(): void {
    if (this.drainPosted || this.stash.length === 0 || this.busy || this.status !== CellStatus.Running) return;
    this.drainPosted = true;
    this.mailbox.post(new Envelope(EnvelopeKind.Drain, undefined, undefined, 0, 0, 0));
  }

  private handle(env: Envelope): void | Promise<void> {
    let message = env.message;
    if (env.kind === EnvelopeKind.Timer) {
      const tick = env.message as TimerTick;
      const live = this.timersOrUndefined?.take(tick.key, tick.gen);
      if (live === undefined) {
        this.system.staleTimer(this, env);
        return;
      }
      message = live.message;
    }
    this.lamport = (env.lamport > this.lamport ? env.lamport : this.lamport) + 1;
    this.system.delivered(this, env, message);
    this.currentMsgId = env.id;
    this.ctx.sender = env.sender;
    const generation = this.generation;
    let next: S | Promise<S>;
    try {
      if (env.kind === EnvelopeKind.Signal) {
        const onSignal = this.behavior.onSignal;
        if (onSignal === undefined) return this.afterMessage();
        next = onSignal(this.state, message as Signal, this.ctx);
      } else {
        next = this.behavior.receive(this.state, message as M, this.ctx);
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    if (next instanceof Promise) {
      this.busy = true;
      return next.then(
        (s) => {
          this.busy = false;
          if (this.status === CellStatus.Stopped || this.generation !== generation) return;
          this.state = s;
          this.afterMessage();
          this.scheduleDrain();
        },
        (err) => {
          this.busy = false;
          if (this.status === CellStatus.Stopped || this.generation !== generation) return;
          this.fail(err);
        },
      );
    }
    this.state = next;
    this.afterMessage();
  }

  private afterMessage(): void {
    this.currentMsgId = 0;
    this.ctx.sender = undefined;
    if (this.stopRequested) {
      this.stopRequested = false;
      this.stopFromSelf();
    }
  }

  timerFired(key: string, gen: number): void {
    if (this.status === CellStatus.Stopped) return;
    const env = new Envelope(EnvelopeKind.Timer, { key, gen } satisfies TimerTick, undefined, this.system.nextMessageId(), 0, 0);
    this.system.timerFired(this, env);
    this.mailbox.post(env);
  }

  // ---------------------------------------------------------------- children

  spawnChild<C, T>(behavior: Behavior<C, T>, name: string, options?: SpawnOptions): ActorCell<C, T> {
    if (this.status === CellStatus.Stopped) throw new Error(`cannot spawn '${name}': ${this.ref.path} is stopped`);
    const child = this.system.createCell(this.host, this, behavior, name, options);
    child.order = ++this.childOrder;
    if (this.supervision.strategy === 'replica-group') {
      const hasPrimary = this.children.some((c) => c.alive && c.role === 'primary');
      child.role = options?.role ?? (hasPrimary ? 'replica' : 'primary');
    }
    this.children.push(child as AnyCell);
    (this.childMap ??= new Map()).set(name, child as AnyCell);
    child.start();
    return child;
  }

  stopChild(ref: AnyRef): void {
    const child = this.childMap?.get(ref.path.slice(ref.path.lastIndexOf('/') + 1));
    if (child === undefined || !sameRef(child.ref, ref)) return;
    child.terminate('stopped', false);
  }

  private removeChild(child: AnyCell): void {
    // Children stop last-first (teardown), so search from the end: O(1) per stop there.
    const i = this.children.lastIndexOf(child);
    if (i >= 0) this.children.splice(i, 1);
    if (this.childMap?.get(child.name) === child) this.childMap.delete(child.name);
  }

  // ---------------------------------------------------------------- stopping

  /** stopSelf: after the current message (at once when idle). */
  requestStop(): void {
    if (this.status === CellStatus.Stopped) return;
    if (this.currentMsgId !== 0 || this.busy) this.stopRequested = true;
    else this.stopFromSelf();
  }

  private stopFromSelf(): void {
    const parent = this.parent;
    if (parent !== undefined && this.restartType === 'permanent') {
      parent.childTerminatedOnItsOwn(this);
      return;
    }
    this.terminate('stopped', false);
  }

  /**
   * Stop for good: children first (reverse start order), timers, stop hook
   * (not on node crash), then watchers and parent are told.
   */
  terminate(reason: TerminationReason, nodeDown: boolean): void {
    if (this.status === CellStatus.Stopped) return;
    this.teardown(!nodeDown, reason, nodeDown);
    this.status = CellStatus.Stopped;
    this.terminationReason = reason;
    const pending = this.stash;
    this.stash = [];
    for (const env of pending) this.system.undeliverable(env, this, nodeDown ? 'node-down' : 'dead-letter');
    this.system.cellStopped(this, reason);
    if (nodeDown) this.mailbox.close();
    else this.mailbox.post(new Envelope(EnvelopeKind.Poison, undefined, undefined, 0, 0, 0));
    const parent = this.parent;
    if (parent !== undefined) {
      parent.removeChild(this);
      if (!nodeDown) parent.childTerminated(this);
    }
  }

  /** Stop children (reverse start order), cancel timers, run the stop hook. */
  private teardown(runHook: boolean, reason: TerminationReason, nodeDown: boolean): void {
    for (let i = this.children.length - 1; i >= 0; i--) {
      const child = this.children[i];
      if (child !== undefined) child.terminate(reason === 'node-down' ? 'node-down' : 'stopped', nodeDown);
    }
    this.children.length = 0;
    this.childMap?.clear();
    this.timersOrUndefined?.cancelAll();
    if (this.subscriptions !== undefined) {
      const subs = this.subscriptions;
      this.subscriptions = undefined;
      for (const sub of subs) sub.unsubscribe();
    }
    const hadState = this.initialized;
    this.initialized = false;
    if (runHook && hadState && this.behavior.onStop !== undefined) {
      try {
        this.behavior.onStop(this.state, this.ctx);
      } catch (err) {
        this.system.hookFailed(this, err);
      }
    }
  }

  // ---------------------------------------------------------------- failure and restart

  /** receive/init threw: suspend and let the supervisor decide. */
  fail(err: unknown): void {
    if (this.status === CellStatus.Stopped) return;
    this.status = CellStatus.Suspended;
    this.currentMsgId = 0;
    this.stopRequested = false;
    this.system.crashed(this, err);
    const parent = this.parent;
    if (parent === undefined) {
      this.terminate('failed', false);
      return;
    }
    parent.childFailed(this, err);
  }

  private childFailed(child: AnyCell, err: unknown): void {
    if (!shouldRestart(child.restartType, true)) {
      child.terminate('failed', false);
      return;
    }
    if (this.supervision.strategy === 'replica-group' && child.role === 'primary' && this.promoteReplacing(child)) {
      this.restartOrEscalate(child, describeError(err), 'replica');
      return;
    }
    this.restartOrEscalate(child, describeError(err), undefined);
  }

  /** A permanent child stopped itself: restart it as if it had failed, without the failure. */
  private childTerminatedOnItsOwn(child: AnyCell): void {
    child.status = CellStatus.Suspended;
    this.restartOrEscalate(child, 'stopped itself (permanent child)', undefined);
  }

  /** A child terminated for good: replica-group promotes a replica if it was the primary. */
  private childTerminated(child: AnyCell): void {
    if (this.supervision.strategy === 'replica-group' && child.role === 'primary' && this.status !== CellStatus.Stopped) {
      this.promoteReplacing(child);
    }
  }

  private restartOrEscalate(child: AnyCell, reason: string, newRole: 'replica' | undefined): void {
    const now = this.system.clock.now();
    this.budget ??= new RestartBudget(this.supervision.maxRestarts, this.supervision.withinMs);
    if (!this.budget.tryRestart(now)) {
      if (this.isGuardian) {
        child.terminate('failed', false);
        return;
      }
      for (let i = this.children.length - 1; i >= 0; i--) this.children[i]?.terminate('failed', false);
      this.fail(new EscalatedFailure(child.ref.path, reason));
      return;
    }
    if (newRole === 'replica' && this.supervision.demotedPrimary === 'stop') {
      child.terminate('failed', false);
      return;
    }
    const live = this.liveChildren();
    const targets = restartSet(this.supervision.strategy, live, child);
    for (let i = targets.length - 1; i >= 0; i--) targets[i].suspendForRestart();
    if (newRole !== undefined) child.role = newRole;
    const delay = child.nextBackoff(now, this.supervision);
    const restartAll = (): void => {
      for (const t of targets) if (t.status === CellStatus.Suspended) t.restart();
    };
    if (delay > 0) this.system.clock.schedule(restartAll, delay);
    else restartAll();
  }

  private nextBackoff(now: number, supervision: ResolvedSupervision): number {
    const backoff = supervision.backoff;
    if (backoff === undefined) return 0;
    if (now - this.lastRestartAt >= backoffResetAfter(backoff)) this.restartAttempt = 0;
    const delay = backoffDelay(backoff, this.restartAttempt, this.host.random);
    this.restartAttempt++;
    this.lastRestartAt = now + delay;
    return delay;
  }

  /** Tear down (children, timers, stop hook) and wait for restart; messages stash meanwhile. */
  private suspendForRestart(): void {
    this.status = CellStatus.Suspended;
    this.teardown(true, 'stopped', false);
  }

  private restart(): void {
    this.generation++;
    this.status = CellStatus.Running;
    this.system.restarted(this);
    this.runInit();
  }

  private runInit(): void {
    const generation = this.generation;
    try {
      this.state = this.behavior.init(this.ctx);
      this.initialized = true;
    } catch (err) {
      this.fail(err);
      return;
    }
    if (this.generation !== generation || this.status !== CellStatus.Running) return;
    if (this.role === 'replica' && this.parent !== undefined) {
      const primary = this.parent.children.find((c) => c.alive && c.role === 'primary');
      if (primary !== undefined && this.generation > 0) this.system.signal(this.parent, this, { type: 'demoted', primary: primary.ref });
    }
    this.scheduleDrain();
  }

  /**
   * replica-group: promote the most up-to-date live replica in place of
   * `old`. Returns false when there is no replica to promote.
   */
  private promoteReplacing(old: AnyCell): boolean {
    const candidates = this.children
      .filter((c) => c !== old && c.status === CellStatus.Running && c.role === 'replica')
      .map((c) => ({ ref: c, offset: c.offset, order: c.order }));
    const chosen = choosePrimary(candidates);
    if (chosen === undefined) return false;
    const winner = chosen.ref;
    winner.role = 'primary';
    old.role = 'replica';
    this.system.promoted(this, winner, old, chosen.offset);
    this.system.signal(this, winner, { type: 'promoted', previous: old.ref, offset: chosen.offset });
    const changed: Signal = { type: 'primary-changed', primary: winner.ref, previous: old.ref, offset: chosen.offset };
    for (const c of this.children) if (c !== winner && c !== old && c.alive) this.system.signal(this, c, changed);
    this.system.signal(this, this, changed);
    return true;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCell = ActorCell<any, any>;
export type { AnyBehavior };
