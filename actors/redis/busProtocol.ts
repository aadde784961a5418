import * as t from 'io-ts';
import { SlotRanges } from './SlotRanges.js';

/**
 * Node flags as the cluster bus carries them (a bit set, the same bits as
 * Redis's `CLUSTER_NODE_*`).
 */
export const NodeFlags = {
  MASTER: 1,
  REPLICA: 2,
  PFAIL: 4,
  FAIL: 8,
  MYSELF: 16,
  HANDSHAKE: 32,
  NOADDR: 64,
  MEET: 128,
  MIGRATE_TO: 256,
  NOFAILOVER: 512,
} as const;

/**
 * What every cluster bus message says about its sender (Redis's
 * `clusterMsg` header): its id and address, its epochs, flags, master
 * (replicas), replication offset, the slots it (or its master) serves, and
 * its view of the cluster state.
 */
export const BusHeader = t.type({
  /** Sender's 40-hex node id. */
  sender: t.string,
  /** Sender's client address `host:port` (the bus port is port + 10000). */
  addr: t.string,
  currentEpoch: t.number,
  /** The sender's configEpoch, or its master's when it is a replica. */
  configEpoch: t.number,
  flags: t.number,
  /** Replicas: their master's id; masters: null. */
  master: t.union([t.string, t.null]),
  /** Replication offset. */
  offset: t.number,
  /** Slots the sender serves (replicas: their master's). */
  slots: SlotRanges,
  state: t.union([t.literal('ok'), t.literal('fail')]),
  /** A master paused for a manual failover (Redis's CLUSTERMSG_FLAG0_PAUSED). */
  paused: t.boolean,
});
/** What every cluster bus message says about its sender. */
export type BusHeader = t.TypeOf<typeof BusHeader>;

/** One gossip section: what the sender knows about another node (times in whole seconds, as Redis sends them). */
export const GossipEntry = t.type({
  id: t.string,
  addr: t.string,
  flags: t.number,
  pingSentSec: t.number,
  pongReceivedSec: t.number,
});
/** One gossip section. */
export type GossipEntry = t.TypeOf<typeof GossipEntry>;

/** PING: the sender's view plus gossip about ⌊N/10⌋ (at least 3) random nodes and every PFAIL node. */
export const BusPing = t.type({ type: t.literal('bus-ping'), header: BusHeader, gossip: t.readonlyArray(GossipEntry) });
export type BusPing = t.TypeOf<typeof BusPing>;

/** MEET: a PING that makes the receiver add the sender to its nodes (CLUSTER MEET). */
export const BusMeet = t.type({ type: t.literal('bus-meet'), header: BusHeader, gossip: t.readonlyArray(GossipEntry) });
export type BusMeet = t.TypeOf<typeof BusMeet>;

/** PONG: the answer to PING/MEET (`reply: true`), or a broadcast of a new configuration (`reply: false`). */
export const BusPong = t.type({ type: t.literal('bus-pong'), header: BusHeader, gossip: t.readonlyArray(GossipEntry), reply: t.boolean });
export type BusPong = t.TypeOf<typeof BusPong>;

/** FAIL: `about` reached FAIL (a majority of masters reported it); every receiver flags it FAIL. */
export const BusFail = t.type({ type: t.literal('bus-fail'), header: BusHeader, about: t.string });
export type BusFail = t.TypeOf<typeof BusFail>;

/** UPDATE: the receiver claims slots that `about` serves with a newer configEpoch. */
export const BusUpdate = t.type({ type: t.literal('bus-update'), header: BusHeader, about: t.string, configEpoch: t.number, slots: SlotRanges });
export type BusUpdate = t.TypeOf<typeof BusUpdate>;

/** FAILOVER_AUTH_REQUEST: a replica asks the masters for their vote (`forceAck`: manual failover). */
export const BusAuthRequest = t.type({ type: t.literal('bus-auth-request'), header: BusHeader, forceAck: t.boolean });
export type BusAuthRequest = t.TypeOf<typeof BusAuthRequest>;

/** FAILOVER_AUTH_ACK: a master's vote. */
export const BusAuthAck = t.type({ type: t.literal('bus-auth-ack'), header: BusHeader });
export type BusAuthAck = t.TypeOf<typeof BusAuthAck>;

/** MFSTART: a replica asks its master to pause writes for a manual failover. */
export const BusMfStart = t.type({ type: t.literal('bus-mfstart'), header: BusHeader });
export type BusMfStart = t.TypeOf<typeof BusMfStart>;

/**
 * The cluster bus protocol (node ↔ node, Redis's port+10000 traffic). Plain
 * data, so the RESP/TCP front door can carry it between processes.
 */
export const ClusterBusMessage = t.union([BusPing, BusMeet, BusPong, BusFail, BusUpdate, BusAuthRequest, BusAuthAck, BusMfStart]);
/** The cluster bus protocol. */
export type ClusterBusMessage = t.TypeOf<typeof ClusterBusMessage>;

/** Type tags of the cluster bus protocol, for statistics. */
export const BUS_TYPES = ['bus-ping', 'bus-meet', 'bus-pong', 'bus-fail', 'bus-update', 'bus-auth-request', 'bus-auth-ack', 'bus-mfstart'] as const;
