import * as t from 'io-ts';
import { refCodec } from '../../lib/actor/index.js';
import { DumpedEntry } from './Keyspace.js';
import { Reply } from './Reply.js';

/** Replica → master: continue my stream from `offset` of history `replid` ('?' and -1: I have nothing). */
export const ReplPsync = t.type({ type: t.literal('repl-psync'), replica: t.string, addr: t.string, replid: t.string, offset: t.number });
export type ReplPsync = t.TypeOf<typeof ReplPsync>;

/** Master → replica: a full copy of the data at `offset` of history `replid` (Redis's RDB transfer). */
export const ReplFullResync = t.type({ type: t.literal('repl-fullresync'), master: t.string, replid: t.string, offset: t.number, entries: t.readonlyArray(DumpedEntry) });
export type ReplFullResync = t.TypeOf<typeof ReplFullResync>;

/** Master → replica: partial resync accepted; the backlog from `offset` follows as stream messages. */
export const ReplContinue = t.type({ type: t.literal('repl-continue'), master: t.string, replid: t.string, offset: t.number });
export type ReplContinue = t.TypeOf<typeof ReplContinue>;

/** Master → replica: commands of the replication stream, starting at byte `offset`, ending before `end`. */
export const ReplStream = t.type({
  type: t.literal('repl-stream'),
  master: t.string,
  replid: t.string,
  offset: t.number,
  end: t.number,
  commands: t.readonlyArray(t.readonlyArray(t.string)),
});
export type ReplStream = t.TypeOf<typeof ReplStream>;

/** Replica → master: REPLCONF ACK (every second, and after GETACK). */
export const ReplAck = t.type({ type: t.literal('repl-ack'), replica: t.string, offset: t.number });
export type ReplAck = t.TypeOf<typeof ReplAck>;

/**
 * Master → replica: REPLCONF GETACK (WAIT wants fresh offsets). In Redis it
 * travels inside the replication stream, so it is answered after the writes
 * before it; `offset` (the master's stream offset when it was sent) lets a
 * replica that has not applied that much yet answer once it has.
 */
export const ReplGetAck = t.intersection([t.type({ type: t.literal('repl-getack'), master: t.string }), t.partial({ offset: t.number })]);
export type ReplGetAck = t.TypeOf<typeof ReplGetAck>;

/** MIGRATE's transfer: source → target (Redis's RESTORE-ASKING); the target answers with a Reply. */
export const MigrateRestore = t.type({
  type: t.literal('migrate-restore'),
  entries: t.readonlyArray(DumpedEntry),
  replace: t.boolean,
  replyTo: refCodec<Reply>(),
});
export type MigrateRestore = t.TypeOf<typeof MigrateRestore>;

/** Node ↔ node data traffic: replication and key migration. */
export const ReplMessage = t.union([ReplPsync, ReplFullResync, ReplContinue, ReplStream, ReplAck, ReplGetAck, MigrateRestore]);
/** Node ↔ node data traffic. */
export type ReplMessage = t.TypeOf<typeof ReplMessage>;
