import { NodeFlags } from './busProtocol.js';
import { FAIL_REPORT_VALIDITY_MULT, sendFail, sendPing } from './clusterBus.js';
import type { ClusterNode } from './ClusterState.js';
import { handleManualFailover, handleReplicaFailover, manualFailoverCheckTimeout } from './failover.js';
import { SLOTS } from './hashSlot.js';
import type { RedisServer } from './RedisServer.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

// A module-level copy: hot loops read it as a local binding.
const SLOT_COUNT: number = SLOTS;

/** A restarted master waits this long before it serves again (Redis's CLUSTER_WRITABLE_DELAY). */
export const WRITABLE_DELAY_MS = 2000;
const MIN_REJOIN_DELAY_MS = 500;
const MAX_REJOIN_DELAY_MS = 5000;
const SKIP_CRON = Flags.MYSELF | Flags.NOADDR | Flags.HANDSHAKE;

/**
 * Flag `node` FAIL when I see it PFAIL and a majority of masters (me
 * included, if I am one) reported it PFAIL or FAIL within 2×node_timeout;
 * then tell everyone (Redis's markNodeAsFailingIfNeeded).
 */
export const markNodeAsFailingIfNeeded = (server: RedisServer, node: ClusterNode): void => {
  const cs = server.cluster;
  if (!node.timedOut || node.failed) return;
  const now = server.now();
  let failures = cs.failureReports(node, now, server.opts.nodeTimeoutMs * FAIL_REPORT_VALIDITY_MULT);
  if (cs.myself.isMaster) failures++;
  const quorum = Math.floor(cs.size / 2) + 1;
  if (failures < quorum) return;
  node.setFlags((node.flags & ~Flags.PFAIL) | Flags.FAIL);
  node.failTime = now;
  server.milestone('fail', { observer: cs.myself.id, node: node.id, addr: node.addr, reports: failures, quorum });
  sendFail(server, node);
  cs.stateDirty = true;
  cs.configDirty = true;
};

/**
 * A FAIL node answers again: replicas and slot-less masters are cleared at
 * once; a master still serving slots only after 2×node_timeout, when nobody
 * failed it over (Redis's clearNodeFailureIfNeeded).
 */
export const clearNodeFailureIfNeeded = (server: RedisServer, node: ClusterNode): void => {
  const cs = server.cluster;
  const now = server.now();
  if (node.isReplica || node.numSlots === 0 || now - node.failTime > server.opts.nodeTimeoutMs * 2) {
    node.setFlags(node.flags & ~Flags.FAIL);
    cs.stateDirty = true;
    cs.configDirty = true;
  }
};

/**
 * Recompute the cluster state (Redis's clusterUpdateState): `fail` when a
 * slot is unassigned or its owner FAIL (with full coverage required) or when
 * I cannot reach a majority of the masters serving slots; a master back
 * from a restart or a minority partition waits before it turns `ok`.
 */
export const updateClusterState = (server: RedisServer): void => {
  const cs = server.cluster;
  const now = server.now();
  cs.stateDirty = false;
  if (cs.firstUpdateTime < 0) cs.firstUpdateTime = now;
  const me = cs.myself;
  if (me.isMaster && cs.state === 'fail' && now - cs.firstUpdateTime < WRITABLE_DELAY_MS) return;
  let next: 'ok' | 'fail' = 'ok';
  if (server.opts.requireFullCoverage) {
    const slots = cs.slots;
    for (let s = 0; s < SLOT_COUNT; s++) {
      const o = slots[s];
      if (o === undefined || (o.flags & Flags.FAIL) !== 0) {
        next = 'fail';
        break;
      }
    }
  }
  let size = 0;
  let reachable = 0;
  for (const n of cs.list) {
    if (n.isMaster && n.numSlots > 0) {
      size++;
      if ((n.flags & (Flags.FAIL | Flags.PFAIL)) === 0) reachable++;
    }
  }
  cs.size = size;
  if (reachable < Math.floor(size / 2) + 1) {
    next = 'fail';
    cs.amongMinorityTime = now;
  }
  if (next !== cs.state) {
    const rejoin = Math.min(MAX_REJOIN_DELAY_MS, Math.max(MIN_REJOIN_DELAY_MS, server.opts.nodeTimeoutMs));
    if (next === 'ok' && me.isMaster && now - cs.amongMinorityTime < rejoin) return;
    cs.state = next;
    server.milestone('cluster-state', { node: me.id, state: next });
  }
};

/** When the cron must next look at a node (see clusterCron for what it does then). */
const nextDue = (n: ClusterNode, timeout: number, handshakeTimeout: number): number => {
  if ((n.flags & Flags.HANDSHAKE) !== 0) return n.ctime + handshakeTimeout;
  const half = timeout / 2;
  if (n.pingSent === 0) return n.pongReceived + half;
  let due = Math.max(n.ctimeLink + timeout, n.pingSent + half, n.dataReceived + half);
  if ((n.flags & (Flags.PFAIL | Flags.FAIL)) === 0) due = Math.min(due, Math.max(n.pingSent, n.dataReceived) + timeout);
  return due;
};

/** The cron's work on one node (Redis's per-node loop body in clusterCron). */
const cronNode = (server: RedisServer, n: ClusterNode, now: number, timeout: number, handshakeTimeout: number): void => {
  const cs = server.cluster;
  if ((n.flags & Flags.HANDSHAKE) !== 0) {
    if (now - n.ctime > handshakeTimeout) cs.deleteNode(n);
    return;
  }
  if ((n.flags & SKIP_CRON) !== 0) return;
  const half = timeout / 2;
  const pingDelay = now - n.pingSent;
  const dataDelay = now - n.dataReceived;
  if (now - n.ctimeLink > timeout && n.pingSent !== 0 && pingDelay > half && dataDelay > half) {
    // No traffic for a while: drop the link and reconnect; a new link pings at once.
    n.ctimeLink = now;
    sendPing(server, n);
  }
  if (n.pingSent === 0 && now - n.pongReceived > half) {
    sendPing(server, n);
    return;
  }
  if (n.pingSent === 0) return;
  const delay = pingDelay < dataDelay ? pingDelay : dataDelay;
  if (delay > timeout && (n.flags & (Flags.PFAIL | Flags.FAIL)) === 0) {
    n.setFlags(n.flags | Flags.PFAIL);
    cs.stateDirty = true;
    server.milestone('pfail', { observer: cs.myself.id, node: n.id, addr: n.addr });
    if (cs.myself.isMaster && cs.size === 1) markNodeAsFailingIfNeeded(server, n);
  }
};

/**
 * The cluster cron, every 100 ms (Redis's clusterCron): once a second ping
 * the node with the oldest PONG among 5 random ones; ping every node whose
 * PONG is older than node_timeout/2; re-create dead-looking links; flag PFAIL
 * after node_timeout without an answer; drive replication, manual and
 * automatic failover; recompute the cluster state.
 *
 * Redis walks every node at every cron; here each node sits in a queue by
 * the time its next check can change anything, so a cron touches only the
 * nodes that are due (same decisions, same cron ticks, O(due) instead of
 * O(N)).
 */
export const clusterCron = (server: RedisServer): void => {
  const cs = server.cluster;
  const now = server.now();
  const timeout = server.opts.nodeTimeoutMs;
  const iteration = ++server.iteration;
  const list = cs.list;
  const handshakeTimeout = Math.max(1000, timeout);

  if (iteration % 10 === 0 && list.length > 1) {
    let best: ClusterNode | undefined;
    for (let j = 0; j < 5; j++) {
      const n = list[Math.floor(server.ctx.random.next() * list.length)];
      if (n.pingSent !== 0 || (n.flags & (Flags.MYSELF | Flags.HANDSHAKE)) !== 0) continue;
      if (best === undefined || n.pongReceived < best.pongReceived) best = n;
    }
    if (best !== undefined) sendPing(server, best);
  }

  for (let n = cs.due.pop(now); n !== undefined; n = cs.due.pop(now)) {
    cronNode(server, n, now, timeout, handshakeTimeout);
    if (n.owner === cs) cs.wake(n, Math.max(nextDue(n, timeout, handshakeTimeout), now + 1));
  }
  if (cs.mfEnd !== 0 && cs.myself.isMaster && cs.mfReplica !== undefined) sendPing(server, cs.mfReplica);

  server.repl.cron(now);
  server.keyspace.activeExpireCycle(now);
  manualFailoverCheckTimeout(server);
  if (cs.myself.isReplica) {
    handleManualFailover(server);
    handleReplicaFailover(server);
  }
  if (cs.stateDirty || cs.state === 'fail') updateClusterState(server);
};
