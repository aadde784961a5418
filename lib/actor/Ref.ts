import * as t from 'io-ts';
import { markStructural } from './structuralDecode.js';

declare const MessageType: unique symbol;

/**
 * A typed address of one incarnation of an actor. `Ref<M>` accepts messages of
 * type `M`; it is contravariant in `M` (a ref that accepts any `Animal` can be
 * used where a `Ref<Dog>` is needed, never the other way round), and refs of
 * unrelated message types are not assignable to each other.
 *
 * A ref is plain data (node, path, incarnation), so it can travel inside
 * messages and over the wire. When the actor stops and a new one is spawned
 * under the same name, the new one has a new incarnation: old refs never
 * reach it.
 *
 * @example
 * const counter: Ref<CounterMsg> = system.spawn(Counter, 'counter');
 * system.tell(counter, { type: 'inc' });
 */
export interface Ref<in M> {
  /** The node the actor lives on. */
  readonly node: string;
  /** Its path on that node, e.g. `/shop/cart-1`. */
  readonly path: string;
  /** Which spawn of that path this ref addresses. */
  readonly incarnation: number;
  /** Phantom member carrying the message type; never present at run time. */
  readonly [MessageType]?: (message: M) => void;
}

/** A ref whose message type does not matter (for watch, stop, comparisons). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRef = Ref<any>;

/** The message type a ref accepts. */
export type MessageOf<R> = R extends Ref<infer M> ? M : never;

/** The serializable fields of a ref. */
export interface RefData {
  readonly node: string;
  readonly path: string;
  readonly incarnation: number;
}

/** `node:/path#incarnation`, e.g. `n1:/redis/master#4`. */
export const formatRef = (ref: RefData): string => `${ref.node}:${ref.path}#${ref.incarnation}`;

/** Whether two refs address the same incarnation of the same actor. */
export const sameRef = (a: RefData | undefined, b: RefData | undefined): boolean =>
  a !== undefined && b !== undefined && a.incarnation === b.incarnation && a.path === b.path && a.node === b.node;

const RefShape = t.type({ node: t.string, path: t.string, incarnation: t.number });

const isRefData = (u: unknown): u is RefData => RefShape.is(u);

/**
 * io-ts codec for a ref inside a message (e.g. a `replyTo` field). Decoding
 * checks the shape only; the message type is the caller's promise, checked
 * again when something is sent to it from outside the type system.
 *
 * @example
 * const Get = t.type({ type: t.literal('get'), replyTo: refCodec<Reply>() });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const refCodec = <M = any>(name = 'Ref'): t.Type<Ref<M>, RefData, unknown> =>
  markStructural(
    new t.Type<Ref<M>, RefData, unknown>(
      name,
      (u): u is Ref<M> => isRefData(u),
      (u, c) => (isRefData(u) ? t.success(u as Ref<M>) : t.failure(u, c, 'expected a ref {node, path, incarnation}')),
      (r) => ({ node: r.node, path: r.path, incarnation: r.incarnation }),
    ),
  );

/**
 * A ref by address rather than by incarnation (Akka's actor selection): it
 * reaches whichever actor lives at `path` on `node` when the message arrives,
 * including one restarted after a node crash. Use it for well-known
 * addresses (a server's name on each node); use spawned refs otherwise.
 *
 * @example
 * const peer = pathRef<PeerMsg>('n2', '/peer');
 */
export const pathRef = <M>(node: string, path: string): Ref<M> => ({ node, path, incarnation: 0 }) as Ref<M>;

/** Whether a ref is a path ref (any incarnation). */
export const isPathRef = (ref: RefData): boolean => ref.incarnation === 0;
