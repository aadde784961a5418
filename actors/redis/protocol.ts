import type { Either } from 'fp-ts/Either';
import * as t from 'io-ts';
import { decodeStructural, refCodec } from '../../lib/actor/index.js';
import { ClusterBusMessage } from './busProtocol.js';
import { ReplMessage } from './replProtocol.js';
import { Reply } from './Reply.js';

/**
 * A client command: `argv` as a RESP array would carry it, the reply goes to
 * `replyTo`. `conn` names the client connection, whose state (READONLY,
 * ASKING, the offset WAIT waits for) the node keeps; without it the command
 * runs on a fresh connection. `asking` / `readonly` carry that state in the
 * message itself (what a client does when it cannot rely on ordering between
 * an ASKING and the command).
 *
 * @example
 * sim.tell(node, { type: 'command', argv: ['SET', 'foo', 'bar'], replyTo: probe.ref, conn: 'c1' });
 */
export const RedisCommand = t.intersection([
  t.type({ type: t.literal('command'), argv: t.readonlyArray(t.string), replyTo: refCodec<Reply>() }),
  t.partial({
    conn: t.string,
    /** Run as if ASKING was sent just before on this connection (one-off). */
    asking: t.boolean,
    /** Run as if the connection sent READONLY. */
    readonly: t.boolean,
  }),
]);
/** A client command. */
export type RedisCommand = t.TypeOf<typeof RedisCommand>;

/**
 * Several client commands at once, run in order as if sent one by one (the
 * RESP front door batches what it read in one event-loop turn, as Redis
 * serves every readable client in one turn).
 */
export const RedisCommands = t.type({ type: t.literal('commands'), commands: t.readonlyArray(RedisCommand) });
/** Several client commands at once. */
export type RedisCommands = t.TypeOf<typeof RedisCommands>;

/** The client closed connection `conn`: forget its state. */
export const CloseConnection = t.type({ type: t.literal('close-connection'), conn: t.string });
export type CloseConnection = t.TypeOf<typeof CloseConnection>;

/** Internal: the 100 ms cluster cron. */
export const Cron = t.type({ type: t.literal('cron') });
/**
 * Internal: send the replicas the writes handled so far (posted by the node
 * to itself with the first write of a spell, so it runs after the messages
 * already waiting — one stream message per replica for all of them, as
 * Redis writes its replicas' buffers once per event-loop iteration).
 */
export const ReplFlush = t.type({ type: t.literal('repl-flush') });
/** Internal: a WAIT reached its timeout. */
export const WaitTimeout = t.type({ type: t.literal('wait-timeout'), id: t.number });
/** Internal: the target of a MIGRATE answered (or did not: `reply` null). */
export const MigrateDone = t.type({ type: t.literal('migrate-done'), id: t.number, reply: t.union([Reply, t.null]) });

/** Internal: the process at the other end of a replication link died (its TCP connection was reset). */
export const ReplLinkDown = t.type({ type: t.literal('repl-link-down'), peer: t.string });

/** Everything a Redis node actor accepts: client commands, the cluster bus, replication, its own timers. */
export const RedisNodeMsg = t.union([RedisCommand, RedisCommands, CloseConnection, ClusterBusMessage, ReplMessage, Cron, ReplFlush, WaitTimeout, MigrateDone, ReplLinkDown]);
/** Everything a Redis node actor accepts. */
export type RedisNodeMsg = t.TypeOf<typeof RedisNodeMsg>;

/** The `type` literal of a message codec (through intersections and readonly), if it has one. */
const tagOf = (codec: t.Mixed): string | undefined => {
  if (codec instanceof t.IntersectionType) {
    for (const c of codec.types as t.Mixed[]) {
      const tag = tagOf(c);
      if (tag !== undefined) return tag;
    }
    return undefined;
  }
  if (codec instanceof t.ReadonlyType) return tagOf(codec.type as t.Mixed);
  if (codec instanceof t.InterfaceType) {
    const prop = (codec.props as Record<string, t.Mixed>).type;
    return prop instanceof t.LiteralType && typeof prop.value === 'string' ? prop.value : undefined;
  }
  return undefined;
};

/** Leaf codecs of a (nested) union by their `type` literal. */
const codecsByTag = (codec: t.Mixed, into = new Map<string, t.Mixed>()): Map<string, t.Mixed> => {
  if (codec instanceof t.UnionType) for (const c of codec.types as t.Mixed[]) codecsByTag(c, into);
  else {
    const tag = tagOf(codec);
    if (tag !== undefined) into.set(tag, codec);
  }
  return into;
};

const NODE_MSG_CODECS = codecsByTag(RedisNodeMsg);

/**
 * Decode a message for a node from outside the type system (a frame off the
 * bus): the member codec named by its `type` tag validates it — one codec
 * instead of trying the whole union in order — and anything without a known
 * tag goes through the union, for its error report.
 *
 * @example
 * decodeRedisNodeMsg(JSON.parse(frame)); // Right({ type: 'repl-ack', … }) or Left(errors)
 */
export const decodeRedisNodeMsg = (u: unknown): Either<t.Errors, RedisNodeMsg> => {
  const tag = typeof u === 'object' && u !== null ? (u as { type?: unknown }).type : undefined;
  const codec = typeof tag === 'string' ? NODE_MSG_CODECS.get(tag) : undefined;
  // Every member codec is structural (a spec checks it), so its type guard answers without decode's
  // per-field allocations — the replication stream arrives this way at every write.
  return (codec === undefined ? RedisNodeMsg.decode(u) : decodeStructural(codec, u)) as Either<t.Errors, RedisNodeMsg>;
};
