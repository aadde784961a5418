import type { Either } from 'fp-ts/Either';
import type { Observable, Subscription } from 'rxjs';
import type { Clock } from '../time/index.js';
import type { Random } from '../random/index.js';
import type { ChildRestart } from '../supervision/index.js';
import type { AskError } from './AskError.js';
import type { AnyRef, Ref } from './Ref.js';
import type { Behavior } from './Behavior.js';
import type { Timers } from './Timers.js';

/** Options of a spawn. */
export interface SpawnOptions {
  /** When the parent's supervision restarts this child. @default 'transient' */
  restart?: ChildRestart;
  /** replica-group parents: this child's role. @default 'replica' */
  role?: 'primary' | 'replica';
}

/**
 * What a behaviour sees of the runtime while it handles a message. One
 * context per actor incarnation; `sender` changes per message.
 */
export interface ActorContext<M> {
  /** This actor. */
  readonly self: Ref<M>;
  /** Its name (last path segment). */
  readonly name: string;
  /** Its path on its node, e.g. `/shop/cart-1`. */
  readonly path: string;
  /** Its node. */
  readonly node: string;
  /** Its parent (undefined for top-level actors of a node). */
  readonly parent: AnyRef | undefined;
  /** Sender of the message being handled (undefined for outside code, timers, signals). */
  readonly sender: AnyRef | undefined;
  /** replica-group members: this member's current role (undefined outside a replica group). */
  readonly role: 'primary' | 'replica' | undefined;
  /** Restart count of this incarnation (0 until its first restart). */
  readonly generation: number;
  /** The troupe clock (an RxJS scheduler): pass it to RxJS time operators. */
  readonly clock: Clock;
  /** Current time on the troupe clock (ms). */
  now(): number;
  /** This actor's seeded random stream (forked from its node's). */
  readonly random: Random;
  /** Keyed single and periodic timers delivering messages to this actor. */
  readonly timers: Timers<M>;
  /** The node's simulated disk: survives a node crash and restart; memory does not. */
  readonly disk: Map<string, unknown>;

  /** Send a message (fire and forget). */
  tell<T>(to: Ref<T>, message: T): void;
  /**
   * Ask `to` and get the reply (or an AskError) back as a message to self,
   * built by `adapt`, in mailbox order.
   */
  ask<Req, Res>(
    to: Ref<Req>,
    makeRequest: (replyTo: Ref<Res>) => NoInfer<Req>,
    timeoutMs: number,
    adapt: (result: Either<AskError, Res>) => M,
  ): void;
  /** Spawn a child. Names are unique among live siblings. */
  spawn<C, S>(behavior: Behavior<C, S>, name: string, options?: SpawnOptions): Ref<C>;
  /** Stop a child (its children first). */
  stop(child: AnyRef): void;
  /** Stop this actor after the current message. */
  stopSelf(): void;
  /** Get a Terminated signal (in `onSignal`) when `target` terminates. */
  watch(target: AnyRef): void;
  /** Get `message` instead of a Terminated signal when `target` terminates. */
  watchWith(target: AnyRef, message: M): void;
  /** Stop watching `target`. */
  unwatch(target: AnyRef): void;
  /** Live children in start order. */
  children(): AnyRef[];
  /** A live child by name. */
  child(name: string): AnyRef | undefined;
  /** replica-group members: report the replication offset the supervisor ranks replicas by. */
  reportOffset(offset: number): void;
  /**
   * Feed an RxJS stream into this actor's mailbox: each value becomes the
   * message `toMessage` builds (and completion `onComplete`'s, if given). The
   * subscription belongs to the actor: it is cancelled when the actor stops,
   * restarts or its node crashes. Give time-based operators `ctx.clock`.
   *
   * @example
   * ctx.subscribe(interval(200, ctx.clock), () => ({ type: 'round' }));
   */
  subscribe<T>(source: Observable<T>, toMessage: (value: T) => M, onComplete?: () => M): Subscription;
  /** Record a domain milestone in the trace (e.g. `promoted`, `pod-bound`). */
  milestone(name: string, data?: Record<string, unknown>): void;
}
