import * as t from 'io-ts';
import { refCodec, type Ref } from '../../lib/actor/index.js';
import { Digest } from './Digest.js';
import { entryCodec, type Entry } from './Entry.js';

/** A reply of a gossip node to `get` and `snapshot`. */
export type GossipReply<V = unknown> =
  | { readonly type: 'entry'; readonly node: string; readonly key: string; readonly entry: Entry<V> | null }
  | {
      readonly type: 'snapshot';
      readonly node: string;
      /** Every entry held, in key order. */
      readonly entries: ReadonlyArray<Entry<V>>;
      /** Keys still being pushed, in key order. */
      readonly spreading: ReadonlyArray<string>;
      /** Peers in the node's view. */
      readonly peers: number;
    };

/**
 * The mailbox of a gossip node, a tagged union on `type`:
 * - `put`: write a value locally (a new version, origin = this node) and spread it;
 * - `push`: entries from peer `from` (`repair`: sent by anti-entropy, not a rumor);
 * - `digest` / `digest-reply`: the two halves of a push-pull anti-entropy exchange;
 * - `round` / `anti-entropy`: the node's own timers;
 * - `member-up` / `member-down`: a membership change (from a failure detector, an
 *   operator, or a leaving peer); `leave`: this node leaves the cluster;
 * - `get` / `snapshot`: read what the node holds (replies: {@link GossipReply}).
 */
export type GossipMsg<V = unknown> =
  | { readonly type: 'put'; readonly key: string; readonly value: V }
  | { readonly type: 'push'; readonly from: string; readonly entries: ReadonlyArray<Entry<V>>; readonly repair: boolean }
  | { readonly type: 'digest'; readonly from: string; readonly digest: Digest }
  | { readonly type: 'digest-reply'; readonly from: string; readonly entries: ReadonlyArray<Entry<V>>; readonly want: ReadonlyArray<string> }
  | { readonly type: 'round' }
  | { readonly type: 'anti-entropy' }
  | { readonly type: 'member-up'; readonly node: string }
  | { readonly type: 'member-down'; readonly node: string }
  | { readonly type: 'leave' }
  | { readonly type: 'get'; readonly key: string; readonly replyTo: Ref<GossipReply<V>> }
  | { readonly type: 'snapshot'; readonly replyTo: Ref<GossipReply<V>> };

/**
 * The io-ts codec of {@link GossipMsg} for values decoded by `value`
 * (everything from outside the type system is checked with it).
 *
 * @example
 * const MemberMsg = gossipProtocol(t.keyof({ up: null, down: null }));
 */
export const gossipProtocol = <V>(value: t.Type<V, unknown, unknown>): t.Decoder<unknown, GossipMsg<V>> => {
  const entry = entryCodec(value);
  return t.union([
    t.type({ type: t.literal('put'), key: t.string, value }),
    t.type({ type: t.literal('push'), from: t.string, entries: t.array(entry), repair: t.boolean }),
    t.type({ type: t.literal('digest'), from: t.string, digest: Digest }),
    t.type({ type: t.literal('digest-reply'), from: t.string, entries: t.array(entry), want: t.array(t.string) }),
    t.type({ type: t.literal('round') }),
    t.type({ type: t.literal('anti-entropy') }),
    t.type({ type: t.literal('member-up'), node: t.string }),
    t.type({ type: t.literal('member-down'), node: t.string }),
    t.type({ type: t.literal('leave') }),
    t.type({ type: t.literal('get'), key: t.string, replyTo: refCodec<GossipReply<V>>() }),
    t.type({ type: t.literal('snapshot'), replyTo: refCodec<GossipReply<V>>() }),
  ]) as t.Decoder<unknown, GossipMsg<V>>;
};

/** The codec of {@link GossipMsg} with values of any type. */
export const GossipMsg = gossipProtocol(t.unknown);
