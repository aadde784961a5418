import { NodeFlags, type BusAuthRequest } from './busProtocol.js';
import { MANUAL_FAILOVER_TIMEOUT_MS, broadcastPong } from './clusterBus.js';
import type { ClusterNode } from './ClusterState.js';
import { updateClusterState } from './failureDetection.js';
import type { RedisServer } from './RedisServer.js';
import { OK, error, type Reply } from './Reply.js';
import { formatSlotRanges } from './SlotRanges.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

/**
 * A master votes for a replica (Redis's clusterSendFailoverAuthIfNeeded):
 * only masters serving slots vote, once per epoch, only for a replica whose
 * master is FAIL (or a manual failover's FORCEACK), not twice for replicas of
 * the same master within 2×node_timeout, and only if no claimed slot is
 * served with a newer configEpoch.
 */
export const sendFailoverAuthIfNeeded = (server: RedisServer, node: ClusterNode, request: BusAuthRequest): void => {
  const cs = server.cluster;
  const me = cs.myself;
  const now = server.now();
  const h = request.header;
  if (me.isReplica || me.numSlots === 0) return;
  if (h.currentEpoch < cs.currentEpoch) return;
  if (cs.lastVoteEpoch === cs.currentEpoch) return;
  const master = cs.masterOf(node);
  if (node.isMaster || master === undefined || (!master.failed && !request.forceAck)) return;
  if (now - master.votedTime < server.opts.nodeTimeoutMs * 2) return;
  for (const [a, b] of h.slots) {
    for (let s = a; s <= b; s++) {
      const owner = cs.slots[s];
      if (owner !== undefined && owner.configEpoch > h.configEpoch) return;
    }
  }
  cs.lastVoteEpoch = cs.currentEpoch;
  master.votedTime = now;
  cs.configDirty = true;
  server.saveConfigIfDirty();
  server.milestone('vote-granted', { voter: me.id, candidate: node.id, master: master.id, epoch: cs.currentEpoch });
  server.sendBus(node, { type: 'bus-auth-ack', header: server.header() });
};

/** How many replicas of my master claim more data than me (Redis's clusterGetSlaveRank). */
const replicaRank = (server: RedisServer): number => {
  const cs = server.cluster;
  const master = cs.masterOf(cs.myself);
  if (master === undefined) return 0;
  const mine = server.repl.offset;
  let rank = 0;
  for (const r of master.replicas) if (r !== cs.myself && (r.flags & Flags.NOFAILOVER) === 0 && r.replOffset > mine) rank++;
  return rank;
};

/**
 * The winner takes over (Redis's clusterFailoverReplaceYourMaster): it
 * becomes a master, claims every slot of its old master, and broadcasts a
 * PONG so every node learns the new configuration at once.
 */
export const failoverReplaceMaster = (server: RedisServer, reason: 'election' | 'manual' | 'takeover'): void => {
  const cs = server.cluster;
  const me = cs.myself;
  const old = cs.masterOf(me);
  if (me.isMaster || old === undefined) return;
  const slots = cs.rangesOf(old);
  cs.setNodeAsMaster(me);
  server.repl.becomeMaster();
  for (const [a, b] of slots) for (let s = a; s <= b; s++) cs.addSlot(me, s);
  server.milestone('promoted', { node: me.id, addr: me.addr, previous: old.id, configEpoch: me.configEpoch, currentEpoch: cs.currentEpoch, reason });
  server.milestone('slot-owner-changed', { node: me.id, previous: old.id, slots: formatSlotRanges(slots), configEpoch: me.configEpoch });
  updateClusterState(server);
  server.saveConfigIfDirty();
  broadcastPong(server);
  resetManualFailover(server);
};

/**
 * A replica whose master is FAIL (or asked for a manual failover) runs for
 * election (Redis's clusterHandleSlaveFailover): after 500 ms + random(0..500)
 * + rank×1000 it bumps currentEpoch, asks every master for a vote, and wins
 * with a majority of the masters within max(2×node_timeout, 2 s); a new
 * attempt may start after twice that.
 */
export const handleReplicaFailover = (server: RedisServer): void => {
  const cs = server.cluster;
  const me = cs.myself;
  const now = server.now();
  const timeout = server.opts.nodeTimeoutMs;
  const authAge = now - cs.failoverAuthTime;
  const quorum = Math.floor(cs.size / 2) + 1;
  const manual = cs.mfEnd !== 0 && cs.mfCanStart;
  const authTimeout = Math.max(timeout * 2, 2000);
  const authRetry = authTimeout * 2;
  const master = cs.masterOf(me);
  if (me.isMaster || master === undefined || (!master.failed && !manual) || master.numSlots === 0) return;
  let dataAge = server.repl.dataAgeMs(now);
  if (dataAge > timeout) dataAge -= timeout;
  if (server.opts.replicaValidityFactor > 0 && dataAge > server.opts.replPingReplicaPeriodMs + timeout * server.opts.replicaValidityFactor && !manual) return;
  if (authAge > authRetry) {
    cs.failoverAuthTime = now + 500 + server.ctx.random.int(0, 499);
    cs.failoverAuthCount = 0;
    cs.failoverAuthSent = false;
    cs.failoverAuthRank = replicaRank(server);
    cs.failoverAuthTime += cs.failoverAuthRank * 1000;
    if (cs.mfEnd !== 0) {
      cs.failoverAuthTime = now;
      cs.failoverAuthRank = 0;
    }
    server.milestone('election-scheduled', { node: me.id, master: master.id, delayMs: cs.failoverAuthTime - now, rank: cs.failoverAuthRank, offset: server.repl.offset });
    broadcastPong(server, true);
    if (cs.mfEnd !== 0) handleReplicaFailover(server);
    return;
  }
  if (!cs.failoverAuthSent && cs.mfEnd === 0) {
    const rank = replicaRank(server);
    if (rank > cs.failoverAuthRank) {
      cs.failoverAuthTime += (rank - cs.failoverAuthRank) * 1000;
      cs.failoverAuthRank = rank;
    }
  }
  if (now < cs.failoverAuthTime) return;
  if (authAge > authTimeout) return;
  if (!cs.failoverAuthSent) {
    cs.currentEpoch++;
    cs.failoverAuthEpoch = cs.currentEpoch;
    cs.failoverAuthSent = true;
    cs.configDirty = true;
    server.saveConfigIfDirty();
    server.milestone('election-started', { node: me.id, master: master.id, epoch: cs.currentEpoch, rank: cs.failoverAuthRank, manual });
    server.broadcastBus({ type: 'bus-auth-request', header: server.header(), forceAck: cs.mfEnd !== 0 });
    return;
  }
  if (cs.failoverAuthCount >= quorum) {
    if (me.configEpoch < cs.failoverAuthEpoch) me.configEpoch = cs.failoverAuthEpoch;
    failoverReplaceMaster(server, manual ? 'manual' : 'election');
  }
};

/** Forget any manual failover in progress; a paused master resumes writes. */
export const resetManualFailover = (server: RedisServer): void => {
  const cs = server.cluster;
  if (cs.mfEnd !== 0 && server.pauseWritesUntil > 0) server.pauseWritesUntil = 0;
  cs.mfEnd = 0;
  cs.mfCanStart = false;
  cs.mfReplica = undefined;
  cs.mfMasterOffset = -1;
};

/** Abort a manual failover that took longer than 5 s. */
export const manualFailoverCheckTimeout = (server: RedisServer): void => {
  const cs = server.cluster;
  if (cs.mfEnd !== 0 && cs.mfEnd < server.now()) {
    server.milestone('manual-failover-aborted', { node: cs.myself.id });
    resetManualFailover(server);
  }
};

/** Replica side of a manual failover: start once we processed everything the paused master sent. */
export const handleManualFailover = (server: RedisServer): void => {
  const cs = server.cluster;
  if (cs.mfEnd === 0 || cs.mfCanStart || cs.mfMasterOffset === -1) return;
  if (cs.mfMasterOffset === server.repl.offset) {
    cs.mfCanStart = true;
    handleReplicaFailover(server);
  }
};

/**
 * CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica: by default the master
 * pauses writes until the replica caught up, then the replica runs an
 * election its master's voters accept (FORCEACK); FORCE skips the master;
 * TAKEOVER skips the election (a new configEpoch without consensus).
 */
export const startManualFailover = (server: RedisServer, mode: 'default' | 'force' | 'takeover'): Reply => {
  const cs = server.cluster;
  const me = cs.myself;
  const master = cs.masterOf(me);
  if (me.isMaster) return error('ERR You should send CLUSTER FAILOVER to a replica');
  if (master === undefined) return error("ERR I'm a replica but my master is unknown to me");
  if (mode === 'default' && (master.failed || master.timedOut)) return error('ERR Master is down or failed, please use CLUSTER FAILOVER FORCE');
  resetManualFailover(server);
  cs.mfEnd = server.now() + MANUAL_FAILOVER_TIMEOUT_MS;
  server.milestone('manual-failover-started', { node: me.id, master: master.id, mode });
  if (mode === 'takeover') {
    cs.bumpConfigEpochWithoutConsensus();
    failoverReplaceMaster(server, 'takeover');
    return OK;
  }
  if (mode === 'force') {
    cs.mfCanStart = true;
    handleReplicaFailover(server);
    return OK;
  }
  server.sendBus(master, { type: 'bus-mfstart', header: server.header() });
  return OK;
};

