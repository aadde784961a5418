import type { LeaseReply, WriteAck } from '../LeaseProtocol.js';
import { newerEntry } from '../LeaseReplica.js';
import { allocateSoon, majority, sendWrite, type MasterContext } from './common.js';
import type { MasterState } from './MasterState.js';

/**
 * Leader election on the lease store. Every `leaseRenewMs` a master asks
 * every replica for the lease (a standby proposes an epoch above any it has
 * seen; the leader renews with its own). A majority of grants makes it leader
 * until `attemptStart + leaseTtlMs` — counted from before it asked, so its
 * belief always ends before any replica's lease does.
 */
export const leaseTick = (s: MasterState, ctx: MasterContext, reset: () => void): void => {
  if (s.role === 'leader' && ctx.now() >= s.leaseUntil) stepDown(s, ctx, reset);
  const renew = s.config.leaseRenewMs;
  // A standby that won only a minority gives its grants back and sits this round out, so candidates
  // never keep one replica each (the random delay below lets one of them take a majority next).
  if (s.role === 'standby' && s.grants.size > 0) {
    for (const r of s.replicas) if (s.grants.has(r.node)) ctx.tell(r, { type: 'release', candidate: ctx.self });
    s.grants.clear();
    s.attempt++;
    ctx.timers.startSingleTimer('lease-tick', { type: 'lease-tick' }, ctx.random.int(Math.ceil(renew / 2), renew * 2));
    return;
  }
  s.attempt++;
  s.attemptStart = ctx.now();
  s.grants.clear();
  s.grantedRegistry = new Map();
  s.proposedEpoch = s.role === 'leader' ? s.epoch : s.maxEpochSeen + 1;
  for (const r of s.replicas) {
    ctx.tell(r, { type: 'acquire', candidate: ctx.self, epoch: s.proposedEpoch, renew: s.role === 'leader', attempt: s.attempt, ttlMs: s.config.leaseTtlMs, replyTo: ctx.self });
  }
  // The leader renews on a fixed period; standbys retry after a random delay, so two of them never keep
  // splitting the replicas between them (as randomized election timeouts do in Raft).
  ctx.timers.startSingleTimer('lease-tick', { type: 'lease-tick' }, s.role === 'leader' ? renew : ctx.random.int(Math.ceil(renew / 2), renew * 2));
  // Registry writes that have not reached a majority are resent with the lease traffic.
  if (s.role === 'leader') for (const [id, w] of s.pendingWrites) if (ctx.now() - w.sentAt >= s.config.leaseRenewMs) sendWrite(s, ctx, id);
};

/** A replica answered `acquire`. */
export const onLeaseReply = (s: MasterState, ctx: MasterContext, msg: LeaseReply, becomeLeader: () => void): void => {
  if (msg.epoch > s.maxEpochSeen) s.maxEpochSeen = msg.epoch;
  if (msg.attempt !== s.attempt || !msg.granted || msg.epoch !== s.proposedEpoch) return;
  s.grants.add(msg.replica);
  for (const e of msg.registry) if (newerEntry(e, s.grantedRegistry.get(e.agentId))) s.grantedRegistry.set(e.agentId, e);
  if (s.grants.size !== majority(s)) return;
  const until = s.attemptStart + s.config.leaseTtlMs;
  if (s.role === 'leader') {
    s.leaseUntil = until;
    return;
  }
  if (ctx.now() >= until) return;
  s.role = 'leader';
  s.epoch = s.proposedEpoch;
  s.leaseUntil = until;
  ctx.timers.startSingleTimer('lease-tick', { type: 'lease-tick' }, s.config.leaseRenewMs);
  becomeLeader();
};

/** Install leader state after winning the lease: the registry, timers, recovery of agents. */
export const startLeading = (s: MasterState, ctx: MasterContext): void => {
  for (const [id, e] of s.grantedRegistry) {
    s.registry.set(id, e);
    if (e.state === 'admitted') s.recovering.add(id);
  }
  const c = s.config;
  ctx.timers.startPeriodicTimer('allocate', { type: 'allocate' }, c.allocationIntervalMs);
  ctx.timers.startPeriodicTimer('ping-agents', { type: 'ping-agents' }, c.agentPingTimeoutMs, 0);
  ctx.timers.startPeriodicTimer('heartbeat', { type: 'heartbeat' }, c.heartbeatIntervalMs);
  if (s.recovering.size > 0) ctx.timers.startSingleTimer('reregister-timeout', { type: 'reregister-timeout' }, c.agentReregisterTimeoutMs);
  ctx.milestone('leader-elected', { epoch: s.epoch, recovering: s.recovering.size });
  allocateSoon(ctx);
};

/** The lease ran out: forget everything (as a Mesos master aborts) and stand by. */
export const stepDown = (s: MasterState, ctx: MasterContext, reset: () => void): void => {
  ctx.milestone('leader-lost', { epoch: s.epoch });
  for (const key of ['allocate', 'allocate-soon', 'ping-agents', 'heartbeat', 'reregister-timeout']) ctx.timers.cancel(key);
  for (const o of s.offers.keys()) ctx.timers.cancel(`offer-${o}`);
  for (const f of s.frameworks.keys()) ctx.timers.cancel(`failover-${f}`);
  for (const f of s.frameworks.values()) if (f.ref !== undefined) ctx.unwatch(f.ref);
  reset();
};

/** A replica acknowledged a registry write. */
export const onWriteAck = (s: MasterState, msg: WriteAck): void => {
  const w = s.pendingWrites.get(msg.writeId);
  if (w === undefined || !msg.ok) return;
  w.acks.add(msg.replica);
  if (w.acks.size < majority(s)) return;
  s.pendingWrites.delete(msg.writeId);
  for (const f of w.onDone) f();
};
