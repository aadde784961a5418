import * as t from 'io-ts';
import { refCodec } from '../../lib/actor/index.js';

/** One agent in the master's registry (what survives a master fail-over). */
export const RegistryEntry = t.type({
  agentId: t.string,
  hostname: t.string,
  state: t.keyof({ admitted: null, unreachable: null, removed: null }),
  /** Leader epoch and sequence of the write: the highest wins when replicas are merged. */
  epoch: t.number,
  seq: t.number,
});
export type RegistryEntry = t.TypeOf<typeof RegistryEntry>;

/** A replica's answer to `acquire`. */
export const LeaseReply = t.type({
  type: t.literal('lease-reply'),
  replica: t.string,
  attempt: t.number,
  granted: t.boolean,
  epoch: t.number,
  registry: t.array(RegistryEntry),
});
export type LeaseReply = t.TypeOf<typeof LeaseReply>;

/** A replica's answer to `write`. */
export const WriteAck = t.type({ type: t.literal('write-ack'), replica: t.string, writeId: t.number, ok: t.boolean });
export type WriteAck = t.TypeOf<typeof WriteAck>;

/** A replica's answer to `who-leads` (the holder only while its lease is live). */
export const LeaderIs = t.type({
  type: t.literal('leader-is'),
  replica: t.string,
  leader: t.union([refCodec(), t.null]),
  epoch: t.number,
});
export type LeaderIs = t.TypeOf<typeof LeaderIs>;

/**
 * Protocol of a lease-store replica (the stand-in for ZooKeeper): a leader
 * lease with a fencing epoch, and the master's registry of agents.
 */
export const LeaseMsg = t.union([
  /** Take the lease (a new epoch above the replica's) or, with `renew`, extend it at the holder's epoch. */
  t.type({ type: t.literal('acquire'), candidate: refCodec(), epoch: t.number, renew: t.boolean, attempt: t.number, ttlMs: t.number, replyTo: refCodec<LeaseReply>() }),
  t.type({ type: t.literal('release'), candidate: refCodec() }),
  t.type({ type: t.literal('write'), epoch: t.number, writeId: t.number, entries: t.array(RegistryEntry), replyTo: refCodec<WriteAck>() }),
  t.type({ type: t.literal('who-leads'), replyTo: refCodec<LeaderIs>() }),
]);
export type LeaseMsg = t.TypeOf<typeof LeaseMsg>;
