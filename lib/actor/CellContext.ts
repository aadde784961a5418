import type { Either } from 'fp-ts/Either';
import type { Observable, Subscription } from 'rxjs';
import type { Clock } from '../time/index.js';
import type { Random } from '../random/index.js';
import type { ActorContext, SpawnOptions } from './ActorContext.js';
import type { AskError } from './AskError.js';
import type { Behavior } from './Behavior.js';
import type { AnyRef, Ref } from './Ref.js';
import type { Timers } from './Timers.js';
import type { AnyCell } from './ActorCell.js';

/** The context object of one actor cell (created once per cell, not per message). */
export class CellContext<M> implements ActorContext<M> {
  sender: AnyRef | undefined = undefined;

  constructor(private readonly cell: AnyCell) {}

  get self(): Ref<M> {
    return this.cell.ref;
  }
  get name(): string {
    return this.cell.name;
  }
  get path(): string {
    return this.cell.ref.path;
  }
  get node(): string {
    return this.cell.ref.node;
  }
  get parent(): AnyRef | undefined {
    const p = this.cell.parent;
    return p === undefined || p.isGuardian ? undefined : p.ref;
  }
  get role(): 'primary' | 'replica' | undefined {
    return this.cell.role;
  }
  get generation(): number {
    return this.cell.generation;
  }
  get clock(): Clock {
    return this.cell.host.clock;
  }
  now(): number {
    return this.cell.host.clock.now();
  }
  get random(): Random {
    return this.cell.random;
  }
  get timers(): Timers<M> {
    return this.cell.timers;
  }
  get disk(): Map<string, unknown> {
    return this.cell.host.disk;
  }

  tell<T>(to: Ref<T>, message: T): void {
    this.cell.system.send(this.cell, to, message);
  }

  ask<Req, Res>(
    to: Ref<Req>,
    makeRequest: (replyTo: Ref<Res>) => NoInfer<Req>,
    timeoutMs: number,
    adapt: (result: Either<AskError, Res>) => M,
  ): void {
    const cell = this.cell;
    cell.system.askFrom(cell, to, makeRequest, timeoutMs, (result: Either<AskError, Res>, replyId: number) => {
      // The outcome comes back as a message from the actor to itself, caused by the reply (or the timeout).
      cell.system.send(cell, cell.ref, adapt(result), replyId);
    });
  }

  spawn<C, S>(behavior: Behavior<C, S>, name: string, options?: SpawnOptions): Ref<C> {
    return this.cell.spawnChild(behavior, name, options).ref;
  }

  stop(child: AnyRef): void {
    this.cell.stopChild(child);
  }

  stopSelf(): void {
    this.cell.requestStop();
  }

  watch(target: AnyRef): void {
    this.cell.system.watch(this.cell, target, undefined, false);
  }

  watchWith(target: AnyRef, message: M): void {
    this.cell.system.watch(this.cell, target, message, true);
  }

  unwatch(target: AnyRef): void {
    this.cell.system.unwatch(this.cell, target);
  }

  children(): AnyRef[] {
    return this.cell.liveChildren().map((c) => c.ref);
  }

  child(name: string): AnyRef | undefined {
    const c = this.cell.childNamed(name);
    return c === undefined ? undefined : c.ref;
  }

  reportOffset(offset: number): void {
    this.cell.offset = offset;
  }

  subscribe<T>(source: Observable<T>, toMessage: (value: T) => M, onComplete?: () => M): Subscription {
    const cell = this.cell;
    const subs = (cell.subscriptions ??= new Set());
    // A stream may complete or fail during subscribe() itself: `sub` is not assigned yet then.
    let sub: Subscription | undefined;
    sub = source.subscribe({
      next: (value) => {
        if (cell.alive) cell.system.send(cell, cell.ref, toMessage(value));
      },
      complete: () => {
        if (sub !== undefined) subs.delete(sub);
        if (onComplete !== undefined && cell.alive) cell.system.send(cell, cell.ref, onComplete());
      },
      error: (err: unknown) => {
        if (sub !== undefined) subs.delete(sub);
        // A failing stream is a failure of the actor that owns it.
        if (cell.alive) cell.fail(err);
      },
    });
    if (!sub.closed) subs.add(sub);
    return sub;
  }

  milestone(name: string, data?: Record<string, unknown>): void {
    this.cell.system.milestone(this.cell, name, data);
  }
}
