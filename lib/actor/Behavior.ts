import type * as t from 'io-ts';
import type { SupervisionOptions } from '../supervision/index.js';
import type { ActorContext } from './ActorContext.js';
import type { Signal } from './Signal.js';

/** What `receive` may return: the next state, now or later. */
export type Next<S> = S | Promise<S>;

/**
 * The definition an actor is spawned from: its protocol (an io-ts codec, the
 * type of its mailbox), how its state starts, and how it handles a message.
 *
 * - `receive` runs for one message at a time, in mailbox order. A thrown error
 *   or rejected promise is a failure: the actor's supervisor decides (restart,
 *   stop, escalate). Returning a promise keeps the actor busy until it settles.
 * - `init` runs at spawn and again at every restart (spawn children here).
 * - `onSignal` gets lifecycle signals (Terminated of watched actors,
 *   replica-group changes); without it they are ignored.
 * - `onStop` runs when the actor stops (not when its node crashes).
 * - `supervision` says how this actor supervises its own children.
 */
export interface Behavior<M, S> {
  /** A name for traces and errors, e.g. `counter`. */
  readonly name: string;
  /** The codec of the mailbox; everything from outside the type system is decoded with it. */
  readonly protocol: t.Decoder<unknown, M>;
  readonly init: (ctx: ActorContext<M>) => S;
  readonly receive: (state: S, message: M, ctx: ActorContext<M>) => Next<S>;
  readonly onSignal?: (state: S, signal: Signal, ctx: ActorContext<M>) => Next<S>;
  readonly onStop?: (state: S, ctx: ActorContext<M>) => void;
  readonly supervision?: SupervisionOptions;
}

/** A behaviour of any protocol and state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBehavior = Behavior<any, any>;

/** The message type of a behaviour. */
export type ProtocolOf<B> = B extends Behavior<infer M, unknown> ? M : never;

/**
 * Define a behaviour. The message type comes from the protocol codec.
 *
 * @example
 * const CounterMsg = t.union([
 *   t.type({ type: t.literal('inc') }),
 *   t.type({ type: t.literal('get'), replyTo: refCodec<number>() }),
 * ]);
 * const Counter = defineBehavior({
 *   name: 'counter',
 *   protocol: CounterMsg,
 *   init: () => 0,
 *   receive: (n, msg, ctx) => {
 *     if (msg.type === 'inc') return n + 1;
 *     ctx.tell(msg.replyTo, n);
 *     return n;
 *   },
 * });
 */
export const defineBehavior = <M, S>(behavior: Behavior<M, S>): Behavior<M, S> => behavior;
