import type { Simulation } from '../../lib/sim/index.js';
import type { RedisCluster } from './createRedisCluster.js';
import { SLOTS, keyHashSlot } from './hashSlot.js';
import type { RedisNodeView } from './RedisNodeView.js';
import { containsSlots, countSlots, formatSlotRanges } from './SlotRanges.js';
import type { WriteLog } from './workload.js';

// A module-level copy: hot loops read it as a local binding.
const SLOT_COUNT: number = SLOTS;

/** Whether the servers hosting two nodes can exchange messages now (both up, no partition either way). */
const linked = (sim: Simulation, cluster: RedisCluster, a: string, b: string): boolean => {
  const sa = cluster.node(a).server;
  const sb = cluster.node(b).server;
  if (sa === sb) return true;
  return !sim.network.isBlocked(sa, sb) && !sim.network.isBlocked(sb, sa);
};

/** Masters that serve slots in their own view, on servers that are up. */
const liveMasters = (cluster: RedisCluster): RedisNodeView[] =>
  cluster.liveViews().filter((v) => v.role() === 'master' && v.ownedSlots().length > 0);

/**
 * Whether a node can reach a majority of the masters serving slots (itself
 * included when it is one), given the simulated network right now.
 */
export const canReachMajority = (sim: Simulation, cluster: RedisCluster, v: RedisNodeView, masters = liveMasters(cluster)): boolean => {
  const all = Math.max(masters.length, 1);
  let reach = 0;
  for (const m of masters) if (m === v || linked(sim, cluster, v.addr, m.addr)) reach++;
  return reach > all / 2;
};

/**
 * Safety: never two masters that accept writes serving the same slot with the
 * same configEpoch, among nodes that can reach a majority of masters.
 * Returns a description of the first violation, or undefined.
 */
export const checkNoSplitBrain = (sim: Simulation, cluster: RedisCluster): string | undefined => {
  const masters = liveMasters(cluster);
  const claims: Array<{ a: number; b: number; epoch: number; addr: string }> = [];
  for (const m of masters) {
    if (!m.acceptsWrites() || !canReachMajority(sim, cluster, m, masters)) continue;
    for (const [a, b] of m.ownedSlots()) claims.push({ a, b, epoch: m.configEpoch(), addr: m.addr });
  }
  claims.sort((x, y) => x.a - y.a);
  for (let i = 0; i < claims.length; i++) {
    for (let j = i + 1; j < claims.length && claims[j].a <= claims[i].b; j++) {
      if (claims[j].epoch === claims[i].epoch) {
        return `slots ${Math.max(claims[i].a, claims[j].a)}.. served by ${claims[i].addr} and ${claims[j].addr}, both configEpoch ${claims[i].epoch}`;
      }
    }
  }
  return undefined;
};

/**
 * Liveness: every slot is served — every live node is in state ok and sees,
 * for every slot, a live master that serves the slot in its own view.
 * Returns the first problem, or undefined.
 */
export const checkAllSlotsServed = (cluster: RedisCluster): string | undefined => {
  const views = cluster.liveViews();
  const byId = new Map(views.map((v) => [v.id(), v]));
  for (const v of views) {
    if (v.clusterState() !== 'ok') return `${v.addr} is in cluster state ${v.clusterState()}`;
    let covered = 0;
    for (const { id, slots } of v.slotMap()) {
      covered += countSlots(slots);
      const owner = byId.get(id);
      if (owner === undefined) return `${v.addr} sees slots ${formatSlotRanges(slots).join(' ')} served by ${id}, which is down`;
      const own = owner.role() === 'master' ? owner.ownedSlots() : [];
      if (!containsSlots(own, slots)) return `${v.addr} sees slots ${formatSlotRanges(slots).join(' ')} served by ${owner.addr}, which serves ${formatSlotRanges(own).join(' ') || 'nothing'}`;
    }
    if (covered !== SLOT_COUNT) return `${v.addr} sees ${SLOT_COUNT - covered} slots unassigned`;
  }
  return undefined;
};

/**
 * Durability: every write acknowledged by WAIT (≥ 1 replica) is still there:
 * the master now serving its key holds that sequence number or a later one.
 * Returns one message per lost key (at most `limit`).
 */
export const checkAckedWrites = (cluster: RedisCluster, log: WriteLog, limit = 5): string[] => {
  const masters = cluster.liveViews().filter((v) => v.role() === 'master');
  const problems: string[] = [];
  let lost = 0;
  for (const [key, seq] of log.acked) {
    const slot = keyHashSlot(key);
    const holder = masters.find((m) => m.ownedSlots().some(([a, b]) => slot >= a && slot <= b));
    const value = holder?.peek(key);
    if (value === undefined || Number(value) < seq) {
      lost++;
      if (problems.length < limit) problems.push(`acknowledged write lost: ${key}=${seq} (now ${value ?? 'missing'} on ${holder?.addr ?? 'no master'})`);
    }
  }
  if (lost > limit) problems.push(`… ${lost} acknowledged writes lost in all`);
  return problems;
};
