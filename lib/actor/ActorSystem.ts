import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';

import { Subject } from 'rxjs';
import { createRandom, type Random } from '../random/index.js';
import { resolveSupervision, type ResolvedSupervision, type SupervisionOptions } from '../supervision/index.js';
import type { Clock } from '../time/index.js';
import { createTracer, type DropReason, type Tracer } from '../trace/index.js';
import { ActorCell, CellStatus, type AnyCell } from './ActorCell.js';
import type { SpawnOptions } from './ActorContext.js';
import { ActorNode, type NodeOptions } from './ActorNode.js';
import { askDeadTarget, askTimeout, type AskError } from './AskError.js';
import type { Behavior } from './Behavior.js';
import { directTransport, type Dispatcher, type Transport } from './Dispatcher.js';
import { Envelope, EnvelopeKind, type TimerTick } from './Envelope.js';
import { createNactDispatcher } from './NactDispatcher.js';
import type { AnyRef, Ref } from './Ref.js';
import { formatRef } from './Ref.js';
import { terminated, type Signal, type TerminationReason } from './Signal.js';
import { describeError, messageType } from './messageType.js';
import { reportDecodeErrors } from './reportDecodeErrors.js';

/** Options of an actor system. */
export interface ActorSystemOptions {
  /** Name, for logs. @default 'troupe' */
  name?: string;
  /** What runs mailboxes. @default a nact dispatcher on the real clock */
  dispatcher?: Dispatcher;
  /** Seed of every random choice. @default 1 */
  seed?: number;
  /** Where trace events go. @default tracing off */
  tracer?: Tracer;
  /** How messages between nodes travel. @default delivered at once */
  transport?: Transport;
  /** Decode every message with the target's codec, not only those from outside the type system. @default false */
  decodeAll?: boolean;
  /** Supervision of top-level actors by each node's guardian. @default one-for-one, 3 restarts in 5 s */
  supervision?: SupervisionOptions;
  /** Name of the node `system.spawn` uses when none is given. @default 'local' */
  defaultNode?: string;
}

/** A message that reached no live actor, or failed decoding (reason `dead-letter` or `invalid`). */
export interface DeadLetter {
  readonly message: unknown;
  readonly to: AnyRef;
  readonly sender: AnyRef | undefined;
  readonly reason: DropReason;
  /** The decoder's report for invalid messages. */
  readonly detail: string | undefined;
}

const ASK_PREFIX = '/$ask/';
const VALID_NAME = /^[A-Za-z0-9_.+\-:@=,()!*'~]+$/;

/** The `cell` shortcut a live ref carries (not enumerable, not serialized). */
interface LiveRef {
  readonly cell?: AnyCell;
}

interface AskWaiter {
  finish(result: E.Either<AskError, unknown>, replyId?: number): void;
  /** Forget the ask without a result (its asker died). */
  cancel(): void;
}

/**
 * An actor system: nodes hosting actor trees, a dispatcher running their
 * mailboxes, a clock, a seeded random stream, a transport between nodes, and
 * the trace.
 *
 * @example
 * const system = createActorSystem();
 * const counter = system.spawn(Counter, 'counter');
 * system.tell(counter, { type: 'inc' });
 * const n = await system.ask(counter, (replyTo: Ref<number>) => ({ type: 'get', replyTo }), 1000)();
 */
export class ActorSystem {
  readonly name: string;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly random: Random;
  readonly tracer: Tracer;
  transport: Transport;
  /** Every dead letter and undeliverable message, as it happens. */
  readonly deadLetters$ = new Subject<DeadLetter>();
  private deadLetterCount = 0;
  private dropCount = 0;
  private failureCount = 0;
  private readonly decodeAll: boolean;
  private readonly guardianSupervision: SupervisionOptions | undefined;
  private readonly defaultNodeName: string;
  private readonly nodes = new Map<string, ActorNode>();
  /** Live cells by node, then path (two lookups, no key string built per send). */
  private readonly registry = new Map<string, Map<string, AnyCell>>();
  private readonly waiters = new Map<string, AskWaiter>();
  private readonly supervisionCache = new WeakMap<SupervisionOptions, ResolvedSupervision>();
  private msgSeq = 0;
  private incarnationSeq = 0;
  private cellSeq = 0;
  private askSeq = 0;
  private closed = false;

  constructor(options: ActorSystemOptions = {}) {
    this.name = options.name ?? 'troupe';
    this.dispatcher = options.dispatcher ?? createNactDispatcher();
    this.clock = this.dispatcher.clock;
    this.random = createRandom(options.seed ?? 1);
    this.tracer = options.tracer ?? createTracer();
    this.transport = options.transport ?? directTransport;
    this.decodeAll = options.decodeAll ?? false;
    this.guardianSupervision = options.supervision;
    this.defaultNodeName = options.defaultNode ?? 'local';
  }

  // ---------------------------------------------------------------- nodes and spawning

  /**
   * The node with this name, created (and booted) on first use. Options only
   * apply at creation: asking for an existing node with a `boot` throws
   * (the boot would silently never run) — spawn into it instead.
   */
  node(name: string, options: NodeOptions = {}): ActorNode {
    let node = this.nodes.get(name);
    if (node !== undefined && options.boot !== undefined) {
      throw new Error(`node '${name}' already exists, so this boot would never run: spawn into it with system.node('${name}').spawn(…), or give the boot when the node is first created`);
    }
    if (node === undefined) {
      if (name === '' || name.includes('/')) throw new Error(`invalid node name '${name}'`);
      node = new ActorNode(this, name, { supervision: this.guardianSupervision, ...options });
      this.nodes.set(name, node);
      node.start();
    }
    return node;
  }

  /** The node with this name if it was created (does not create it). */
  findNode(name: string): ActorNode | undefined {
    return this.nodes.get(name);
  }

  /** Every node created so far. */
  allNodes(): ActorNode[] {
    return [...this.nodes.values()];
  }

  /** Spawn a top-level actor (on `options.node`, default the system's default node). */
  spawn<M, S>(behavior: Behavior<M, S>, name: string, options: SpawnOptions & { node?: string } = {}): Ref<M> {
    return this.node(options.node ?? this.defaultNodeName).spawn(behavior, name, options);
  }

  /** Stop an actor (any depth), children first. */
  stop(ref: AnyRef): void {
    const cell = this.lookup(ref);
    if (cell === undefined) return;
    cell.terminate('stopped', false);
  }

  /** The live actor at a path on a node (actor selection), if any. */
  find(node: string, path: string): AnyRef | undefined {
    const cell = this.registry.get(node)?.get(path);
    return cell === undefined || cell.status === CellStatus.Stopped ? undefined : cell.ref;
  }

  /**
   * Make an actor fail as if its receive threw (fault injection: "kill one
   * actor"); its supervisor decides what happens. Returns false if it is not alive.
   */
  injectFailure(ref: AnyRef, reason = 'killed by fault injection'): boolean {
    const cell = this.lookup(ref);
    if (cell === undefined) return false;
    this.fault(ref.node, 'kill-actor', `${ref.path}: ${reason}`, { actor: ref.path });
    cell.fail(new Error(reason));
    return true;
  }

  /** Whether the actor a ref addresses is alive. */
  isAlive(ref: AnyRef): boolean {
    return this.lookup(ref) !== undefined;
  }

  /** @internal */
  createCell<M, S>(host: ActorNode, parent: AnyCell, behavior: Behavior<M, S>, name: string, options: SpawnOptions | undefined): ActorCell<M, S> {
    if (!VALID_NAME.test(name)) {
      throw new Error(`invalid actor name '${name}': use letters, digits and _ . + - : @ = , ( ) ! * ' ~ (no '/', no '$')`);
    }
    const existing = parent.childNamed(name);
    if (existing !== undefined && existing.alive) throw new Error(`an actor named '${name}' already exists under ${parent.ref.path}`);
    const path = parent.isGuardian ? `/${name}` : `${parent.ref.path}/${name}`;
    const cell = new ActorCell<M, S>(this, host, parent, behavior, name, path, ++this.incarnationSeq, ++this.cellSeq, options?.restart ?? 'transient', false);
    let onNode = this.registry.get(host.name);
    if (onNode === undefined) this.registry.set(host.name, (onNode = new Map()));
    onNode.set(path, cell);
    this.traceLifecycle(cell, 'spawn', behavior.name);
    return cell;
  }

  /** @internal */
  createGuardian(host: ActorNode, behavior: Behavior<unknown, undefined>): AnyCell {
    const cell = new ActorCell(this, host, undefined, behavior, '', '/', ++this.incarnationSeq, ++this.cellSeq, 'permanent', true);
    cell.start();
    return cell;
  }

  /** @internal */
  resolveSupervision(options: SupervisionOptions | undefined): ResolvedSupervision {
    if (options === undefined) return resolveSupervision(undefined);
    let resolved = this.supervisionCache.get(options);
    if (resolved === undefined) {
      resolved = resolveSupervision(options);
      this.supervisionCache.set(options, resolved);
    }
    return resolved;
  }

  // ---------------------------------------------------------------- messaging

  /** Send a typed message from outside any actor. */
  tell<M>(to: Ref<M>, message: M): void {
    this.send(undefined, to, message);
  }

  /**
   * Send a message that comes from outside the type system (the wire, JSON):
   * it is decoded with the target's codec first; a message that fails becomes
   * a dead letter with the decoder's report (and the Left carries it).
   */
  tellUnknown(to: AnyRef, message: unknown): E.Either<string, void> {
    const cell = this.lookup(to);
    if (cell === undefined) {
      this.send(undefined, to, message);
      return E.left(`no live actor at ${formatRef(to)}`);
    }
    const decoded = cell.behavior.protocol.decode(message);
    if (E.isLeft(decoded)) {
      const report = reportDecodeErrors(decoded.left);
      this.rejectInvalid(undefined, to, message, report);
      return E.left(report);
    }
    this.send(undefined, to, decoded.right);
    return E.right(undefined);
  }

  /**
   * Ask and wait for one reply, on the troupe clock. The request is sent when
   * the task runs.
   *
   * @example
   * const r = await system.ask(counter, (replyTo: Ref<number>) => ({ type: 'get', replyTo }), 500)();
   * if (E.isRight(r)) console.log(r.right);
   */
  ask<Req, Res>(to: Ref<Req>, makeRequest: (replyTo: Ref<Res>) => NoInfer<Req>, timeoutMs: number): TaskEither<AskError, Res> {
    return () => new Promise((resolve) => this.askFrom(undefined, to, makeRequest, timeoutMs, resolve));
  }

  /** @internal */
  askFrom<Req, Res>(
    from: AnyCell | undefined,
    to: Ref<Req>,
    makeRequest: (replyTo: Ref<Res>) => NoInfer<Req>,
    timeoutMs: number,
    onResult: (result: E.Either<AskError, Res>, replyId: number) => void,
  ): void {
    const path = `${ASK_PREFIX}${++this.askSeq}`;
    const replyTo = { node: from === undefined ? '' : from.host.name, path, incarnation: 0 } as Ref<Res>;
    const target = this.lookup(to);
    if (target === undefined) {
      onResult(E.left(askDeadTarget(to)), 0);
      return;
    }
    let done = false;
    const watcher = {
      cell: undefined,
      custom: false,
      message: undefined,
      callback: () => finish(E.left(askDeadTarget(to))),
    };
    const timer = this.clock.schedule(() => finish(E.left(askTimeout(to, timeoutMs))), Math.max(0, timeoutMs));
    const cleanup = (): boolean => {
      if (done) return false;
      done = true;
      this.waiters.delete(path);
      timer.unsubscribe();
      target.watchers.delete(watcher);
      from?.pendingAsks?.delete(path);
      return true;
    };
    const finish = (result: E.Either<AskError, unknown>, replyId = 0): void => {
      if (cleanup()) onResult(result as E.Either<AskError, Res>, replyId);
    };
    target.watchers.add(watcher);
    this.waiters.set(path, { finish, cancel: cleanup });
    if (from !== undefined) (from.pendingAsks ??= new Set()).add(path);
    this.send(from, to, makeRequest(replyTo));
  }

  /** @internal The send path of every user message (`cause` overrides the sender's current message). */
  send(from: AnyCell | undefined, to: AnyRef, message: unknown, cause?: number): void {
    if (this.decodeAll && !to.path.startsWith(ASK_PREFIX)) {
      const cell = this.lookup(to);
      if (cell !== undefined) {
        const decoded = cell.behavior.protocol.decode(message);
        if (E.isLeft(decoded)) {
          this.rejectInvalid(from, to, message, reportDecodeErrors(decoded.left));
          return;
        }
      }
    }
    const env = new Envelope(
      EnvelopeKind.User,
      message,
      from?.ref,
      ++this.msgSeq,
      cause ?? (from === undefined ? 0 : from.currentMsgId),
      from === undefined ? 0 : ++from.lamport,
    );
    env.to = to;
    const fromNode = from === undefined ? '' : from.host.name;
    if (this.tracer.enabled) this.traceSend(from, fromNode, to, env);
    if (fromNode === to.node) this.arrive(env);
    else this.transport.send(env, fromNode, to.node, this.arrive);
  }

  /** Where a message lands once it crossed the transport (or at once on the same node). */
  private readonly arrive = (env: Envelope): void => {
    const to = env.to!;
    if (to.path.startsWith(ASK_PREFIX)) {
      const waiter = this.waiters.get(to.path);
      if (waiter === undefined) this.undeliverable(env, undefined, to.node !== '' && this.nodes.get(to.node)?.isUp === false ? 'node-down' : 'dead-letter');
      else {
        if (this.tracer.enabled) this.traceDeliverToAsk(env);
        waiter.finish(E.right(env.message), env.id);
      }
      return;
    }
    const cell = this.lookup(to);
    if (cell === undefined) {
      const host = this.nodes.get(to.node);
      this.undeliverable(env, undefined, host !== undefined && !host.isUp ? 'node-down' : 'dead-letter');
      return;
    }
    cell.mailbox.post(env);
  };

  /** @internal Lifecycle signals go straight to the target's mailbox. */
  signal(from: AnyCell, to: AnyCell, signal: Signal): void {
    if (!to.alive) return;
    const env = new Envelope(EnvelopeKind.Signal, signal, from.ref, ++this.msgSeq, from.currentMsgId, ++from.lamport);
    env.to = to.ref;
    if (this.tracer.enabled) this.traceSend(from, from.host.name, to.ref, env);
    to.mailbox.post(env);
  }

  /** @internal */
  nextMessageId(): number {
    return ++this.msgSeq;
  }

  /** The live cell a ref addresses, if any. */
  private lookup(ref: AnyRef): AnyCell | undefined {
    let cell = (ref as LiveRef).cell;
    if (cell === undefined || cell.system !== this) cell = this.registry.get(ref.node)?.get(ref.path);
    if (cell === undefined || cell.status === CellStatus.Stopped || (ref.incarnation !== 0 && cell.ref.incarnation !== ref.incarnation)) return undefined;
    return cell;
  }

  // ---------------------------------------------------------------- death watch

  /** @internal */
  watch(watcher: AnyCell, target: AnyRef, message: unknown, custom: boolean): void {
    const cell = this.lookup(target);
    if (cell === undefined) {
      this.notifyWatcher(undefined, target, { cell: watcher, custom, message, callback: undefined }, 'stopped');
      return;
    }
    for (const w of cell.watchers) if (w.cell === watcher) return;
    cell.watchers.add({ cell: watcher, custom, message, callback: undefined });
  }

  /** @internal */
  unwatch(watcher: AnyCell, target: AnyRef): void {
    const cell = this.lookup(target);
    if (cell !== undefined) for (const w of cell.watchers) if (w.cell === watcher) cell.watchers.delete(w);
  }

  private notifyWatcher(from: AnyCell | undefined, target: AnyRef, w: { cell: AnyCell | undefined; custom: boolean; message: unknown; callback: ((r: TerminationReason) => void) | undefined }, reason: TerminationReason): void {
    if (w.callback !== undefined) {
      w.callback(reason);
      return;
    }
    const watcher = w.cell;
    if (watcher === undefined || !watcher.alive) return;
    const env = new Envelope(
      w.custom ? EnvelopeKind.User : EnvelopeKind.Signal,
      w.custom ? w.message : terminated(target, reason),
      target,
      ++this.msgSeq,
      0,
      from === undefined ? 0 : ++from.lamport,
    );
    env.to = watcher.ref;
    if (this.tracer.enabled) this.traceSend(from, from === undefined ? '' : from.host.name, watcher.ref, env);
    watcher.mailbox.post(env);
  }

  /** @internal A cell stopped for good: unregister, trace, tell watchers. */
  cellStopped(cell: AnyCell, reason: TerminationReason): void {
    if (cell.pendingAsks !== undefined) for (const path of [...cell.pendingAsks]) this.waiters.get(path)?.cancel();
    const onNode = this.registry.get(cell.host.name);
    if (onNode?.get(cell.ref.path) === cell) onNode.delete(cell.ref.path);
    this.traceLifecycle(cell, 'stop', undefined, reason);
    const watchers = cell.watchers;
    cell.watchers = new Set();
    for (const w of watchers) this.notifyWatcher(cell, cell.ref, w, reason);
  }

  // ---------------------------------------------------------------- dead letters

  /** Messages that reached no live actor (or failed decoding) so far. */
  get deadLetters(): number {
    return this.deadLetterCount;
  }

  /** Messages dropped on the way (loss, partition, node down) so far. */
  get drops(): number {
    return this.dropCount;
  }

  /** @internal */
  undeliverable(env: Envelope, cell: AnyCell | undefined, reason: DropReason): void {
    if (reason === 'dead-letter') this.deadLetterCount++;
    else this.dropCount++;
    const to = env.to ?? cell?.ref;
    if (to === undefined) return;
    if (this.tracer.enabled) {
      this.tracer.record({
        t: this.clock.now(),
        kind: reason === 'dead-letter' ? 'dead-letter' : 'drop',
        node: to.node,
        actor: to.path,
        lamport: cell?.lamport ?? 0,
        msg: env.id,
        type: messageType(env.message),
        reason,
      });
    }
    if (reason === 'dead-letter' && this.deadLetters$.observed) {
      this.deadLetters$.next({ message: env.message, to, sender: env.sender, reason, detail: undefined });
    }
  }

  /** Report a message dropped by the transport (loss, partition…). */
  dropped(env: Envelope, reason: DropReason): void {
    this.undeliverable(env, undefined, reason);
  }

  private rejectInvalid(from: AnyCell | undefined, to: AnyRef, message: unknown, report: string): void {
    this.deadLetterCount++;
    if (this.tracer.enabled) {
      this.tracer.record({
        t: this.clock.now(),
        kind: 'dead-letter',
        node: to.node,
        actor: to.path,
        lamport: 0,
        msg: ++this.msgSeq,
        cause: from?.currentMsgId ?? 0,
        type: messageType(message),
        reason: 'invalid',
        detail: report,
      });
    }
    if (this.deadLetters$.observed) this.deadLetters$.next({ message, to, sender: from?.ref, reason: 'invalid', detail: report });
  }

  // ---------------------------------------------------------------- trace hooks

  /** @internal */
  delivered(cell: AnyCell, env: Envelope, message: unknown): void {
    if (!this.tracer.enabled || env.kind === EnvelopeKind.Timer) return;
    const sender = env.sender;
    this.tracer.deliver(
      this.clock.now(),
      cell.host.name,
      cell.ref.path,
      cell.lamport,
      env.id,
      messageType(message),
      sender === undefined ? '' : sender.path,
      sender === undefined ? '' : sender.node,
    );
  }

  /** @internal */
  timerFired(cell: AnyCell, env: Envelope): void {
    if (!this.tracer.enabled) return;
    this.tracer.record({
      t: this.clock.now(),
      kind: 'timer',
      node: cell.host.name,
      actor: cell.ref.path,
      lamport: cell.lamport,
      msg: env.id,
      detail: (env.message as TimerTick).key,
    });
  }

  /** @internal */
  staleTimer(cell: AnyCell, env: Envelope): void {
    if (!this.tracer.enabled) return;
    this.tracer.record({
      t: this.clock.now(),
      kind: 'drop',
      node: cell.host.name,
      actor: cell.ref.path,
      lamport: cell.lamport,
      msg: env.id,
      reason: 'stale',
      detail: `timer ${(env.message as TimerTick).key} was cancelled or replaced`,
    });
  }

  /** Number of actor failures (throws, rejections, injected kills) so far. */
  get failures(): number {
    return this.failureCount;
  }

  /** @internal */
  crashed(cell: AnyCell, err: unknown): void {
    this.failureCount++;
    this.traceLifecycle(cell, 'crash', cell.behavior.name, undefined, describeError(err));
  }

  /** @internal */
  restarted(cell: AnyCell): void {
    this.traceLifecycle(cell, 'restart', cell.behavior.name, undefined, `generation ${cell.generation}`);
  }

  /** @internal */
  hookFailed(cell: AnyCell, err: unknown): void {
    this.traceLifecycle(cell, 'crash', cell.behavior.name, 'stop-hook', describeError(err));
  }

  /** @internal */
  promoted(supervisor: AnyCell, winner: AnyCell, old: AnyCell, offset: number): void {
    this.milestone(supervisor, 'promoted', { primary: winner.ref.path, previous: old.ref.path, offset });
  }

  /** @internal Record a domain milestone of an actor. */
  milestone(cell: AnyCell, name: string, data?: Record<string, unknown>): void {
    if (!this.tracer.enabled) return;
    this.tracer.record({
      t: this.clock.now(),
      kind: 'milestone',
      node: cell.host.name,
      actor: cell.ref.path,
      lamport: cell.lamport,
      cause: cell.currentMsgId,
      type: name,
      ...(data === undefined ? {} : { data }),
    });
  }

  /** Record an injected fault (node crash, partition…). */
  fault(node: string, name: string, detail: string, data?: Record<string, unknown>): void {
    if (!this.tracer.enabled) return;
    this.tracer.record({
      t: this.clock.now(),
      kind: 'fault',
      node,
      actor: '',
      lamport: 0,
      type: name,
      detail,
      ...(data === undefined ? {} : { data }),
    });
  }

  private traceSend(from: AnyCell | undefined, fromNode: string, to: AnyRef, env: Envelope): void {
    this.tracer.send(
      this.clock.now(),
      fromNode,
      from === undefined ? '' : from.ref.path,
      env.lamport,
      env.id,
      env.cause,
      messageType(env.message),
      to.path,
      to.node,
      env.message,
    );
  }

  private traceDeliverToAsk(env: Envelope): void {
    const to = env.to!;
    const sender = env.sender;
    this.tracer.deliver(
      this.clock.now(),
      to.node,
      to.path,
      env.lamport + 1,
      env.id,
      messageType(env.message),
      sender === undefined ? '' : sender.path,
      sender === undefined ? '' : sender.node,
    );
  }

  private traceLifecycle(cell: AnyCell, kind: 'spawn' | 'stop' | 'crash' | 'restart', type?: string, reason?: string, detail?: string): void {
    if (!this.tracer.enabled) return;
    this.tracer.record({
      t: this.clock.now(),
      kind,
      node: cell.host.name,
      actor: cell.ref.path,
      lamport: cell.lamport,
      ...(cell.currentMsgId !== 0 && kind === 'crash' ? { msg: cell.currentMsgId } : {}),
      ...(type === undefined ? {} : { type }),
      ...(reason === undefined ? {} : { reason }),
      ...(detail === undefined ? {} : { detail }),
    });
  }

  // ---------------------------------------------------------------- shutdown

  /** Stop every node gracefully (stop hooks run), release the dispatcher, close the trace. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const node of this.nodes.values()) node.shutdown();
    for (const waiter of [...this.waiters.values()]) waiter.finish(E.left({ _tag: 'AskDeadTarget', target: { node: '', path: '', incarnation: 0 } }));
    this.dispatcher.shutdown();
    await this.tracer.close();
  }
}


/**
 * Create an actor system.
 *
 * @example
 * const system = createActorSystem({ seed: 42 });
 */
export const createActorSystem = (options: ActorSystemOptions = {}): ActorSystem => new ActorSystem(options);
