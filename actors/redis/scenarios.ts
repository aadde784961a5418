import { defineBehavior, type Ref } from '../../lib/actor/index.js';
import { defineScenario, type Scenario, type Simulation } from '../../lib/sim/index.js';
import * as t from 'io-ts';
import { clusterClient, type ClusterClientMsg } from './ClusterClient.js';
import { createRedisCluster, type RedisCluster } from './createRedisCluster.js';
import { keyHashSlot } from './hashSlot.js';
import type { RedisNodeMsg } from './protocol.js';
import type { RedisNodeView } from './RedisNodeView.js';
import { checkAckedWrites, checkAllSlotsServed, checkNoSplitBrain } from './redisInvariants.js';
import { resharder } from './Resharder.js';
import type { Reply } from './Reply.js';
import { createWriteLog, redisWorkload, type WriteLog } from './workload.js';

/** A cluster with a client and a write workload on an `app` node. */
export interface RedisWorld {
  readonly cluster: RedisCluster;
  readonly log: WriteLog;
  readonly client: Ref<ClusterClientMsg>;
}

/** Options of {@link bootRedisWorld}. */
export interface RedisWorldOptions {
  servers?: number;
  nodeTimeoutMs?: number;
  /** Time between writes. @default 20 */
  writeIntervalMs?: number;
  /** Keys the workload writes. @default 1000 */
  keys?: number | ReadonlyArray<string>;
  /** WAIT for this many replicas after each write. @default 1 */
  waitReplicas?: number;
}

/**
 * Build a Redis cluster (ring layout) with a cluster client and a write
 * workload on a separate `app` node.
 *
 * @example
 * const world = bootRedisWorld(sim, { servers: 3, nodeTimeoutMs: 1000 });
 */
export const bootRedisWorld = (sim: Simulation, options: RedisWorldOptions = {}): RedisWorld => {
  const cluster = createRedisCluster(sim, { servers: options.servers ?? 3, nodeTimeoutMs: options.nodeTimeoutMs ?? 1000 });
  const log = createWriteLog();
  const client = sim.spawn(clusterClient({ seeds: cluster.nodes.map((n) => n.addr), directory: cluster.directory }), 'client', { node: 'app' });
  sim.spawn(redisWorkload({ client, log, intervalMs: options.writeIntervalMs ?? 20, keys: options.keys, waitReplicas: options.waitReplicas ?? 1 }), 'workload', { node: 'app' });
  return { cluster, log, client };
};

/**
 * The time within which all slots must be served again after a master's
 * server crashed: PFAIL (≤ 1.5×node_timeout), FAIL, election delay
 * (≤ 1 s for rank 0), votes, plus margin.
 */
export const failoverBoundMs = (nodeTimeoutMs: number): number => 2 * nodeTimeoutMs + 2500;

const noSplitBrain = (sim: Simulation, world: { cluster: RedisCluster }) => ({
  name: 'never two masters of a slot in one configEpoch among nodes reaching a majority',
  check: () => checkNoSplitBrain(sim, world.cluster),
  everyMs: 50,
});

/** A server crashes, its master's replica (on the next server) takes over; the server returns and its old master rejoins as a replica. */
export const redisFailoverScenario = defineScenario({
  name: 'redis-failover',
  description: 'a server (a master and a replica) crashes; the replica elsewhere is promoted; the old master rejoins as a replica',
  durationMs: 40_000,
  setup: (sim) => ({ ...bootRedisWorld(sim), crashAt: 10_000, restartAt: 25_000, server: 's2' }),
  nemesis: (_sim, w) => [
    { atMs: w.crashAt, fault: { type: 'crash', node: w.server } },
    { atMs: w.restartAt, fault: { type: 'restart', node: w.server } },
  ],
  invariants: (sim, w) => [
    noSplitBrain(sim, w),
    {
      name: 'all slots served, except during the failover bound after the crash',
      check: () => {
        const now = sim.now();
        if (now < 3000 || (now >= w.crashAt && now < w.crashAt + failoverBoundMs(w.cluster.nodeTimeoutMs)) || now >= w.restartAt) return undefined;
        return checkAllSlotsServed(w.cluster);
      },
      everyMs: 250,
    },
  ],
  check: (_sim, w) => {
    const problems = [...checkAckedWrites(w.cluster, w.log)];
    const served = checkAllSlotsServed(w.cluster);
    if (served !== undefined) problems.push(served);
    const old = w.cluster.nodesOn(w.server).find((n) => n.initialRole === 'master')!;
    if (w.cluster.view(old.addr)?.role() !== 'replica') problems.push(`old master ${old.addr} did not rejoin as a replica`);
    if (w.log.acked.size === 0) problems.push('no write was acknowledged');
    return problems;
  },
});

/** One server is cut off from all others; its master stops taking writes, the majority promotes its replica; after the heal it rejoins as a replica. */
export const redisMinorityPartitionScenario = defineScenario({
  name: 'redis-minority-partition',
  description: "a server is isolated; its master refuses writes after node_timeout, the majority fails it over, it rejoins as a replica",
  durationMs: 35_000,
  setup: (sim) => ({ ...bootRedisWorld(sim), isolateAt: 10_000, healAt: 20_000, server: 's1' }),
  nemesis: (_sim, w) => [
    { atMs: w.isolateAt, fault: { type: 'isolate', node: w.server } },
    { atMs: w.healAt, fault: { type: 'heal' } },
  ],
  invariants: (sim, w) => {
    const master = w.cluster.nodesOn(w.server).find((n) => n.initialRole === 'master')!;
    const nt = w.cluster.nodeTimeoutMs;
    return [
      noSplitBrain(sim, w),
      {
        name: 'the isolated master refuses writes from 1.5×node_timeout after the cut',
        check: () => {
          const now = sim.now();
          if (now < w.isolateAt + 1.5 * nt + 300 || now >= w.healAt) return undefined;
          return w.cluster.view(master.addr)?.acceptsWrites() === true ? `${master.addr} still accepts writes ${Math.round(now - w.isolateAt)} ms after the cut` : undefined;
        },
        everyMs: 20,
      },
    ];
  },
  check: (_sim, w) => {
    const problems = [...checkAckedWrites(w.cluster, w.log)];
    const served = checkAllSlotsServed(w.cluster);
    if (served !== undefined) problems.push(served);
    const old = w.cluster.nodesOn(w.server).find((n) => n.initialRole === 'master')!;
    if (w.cluster.view(old.addr)?.role() !== 'replica') problems.push(`isolated master ${old.addr} did not rejoin as a replica`);
    return problems;
  },
});

/** Keys whose slot is in [from, to], named `prefix:i`. */
export const keysInSlots = (from: number, to: number, count: number, prefix = 'hot'): string[] => {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const k = `${prefix}:${i}`;
    const s = keyHashSlot(k);
    if (s >= from && s <= to) out.push(k);
  }
  return out;
};

/** Slots 0–299 move from the first master to the second while a workload writes keys in them (ASK/ASKING, MIGRATE, SETSLOT). */
export const redisReshardingScenario = defineScenario({
  name: 'redis-resharding',
  description: 'slots 0-299 move between masters under a write load on keys in those slots',
  durationMs: 30_000,
  setup: (sim) => {
    const world = bootRedisWorld(sim, { keys: keysInSlots(0, 299, 200), writeIntervalMs: 10 });
    const result: { moved: number; error: string | undefined; done: boolean } = { moved: 0, error: undefined, done: false };
    const [a, b] = world.cluster.nodes.filter((n) => n.initialRole === 'master');
    const slots = Array.from({ length: 300 }, (_, i) => i);
    sim.clock.schedule(() => {
      sim.spawn(
        resharder({
          directory: world.cluster.directory,
          source: a.addr,
          target: b.addr,
          slots,
          masters: world.cluster.nodes.filter((n) => n.initialRole === 'master').map((n) => n.addr),
          onDone: (r) => Object.assign(result, r, { done: true }),
        }),
        'reshard',
        { node: 'admin' },
      );
    }, 5_000);
    return { ...world, result, source: a, target: b };
  },
  invariants: (sim, w) => [noSplitBrain(sim, w)],
  check: (_sim, w) => {
    const problems = [...checkAckedWrites(w.cluster, w.log)];
    if (!w.result.done) problems.push(`resharding did not finish (${w.result.moved} slots moved)`);
    if (w.result.error !== undefined) problems.push(`resharding failed: ${w.result.error}`);
    const served = checkAllSlotsServed(w.cluster);
    if (served !== undefined) problems.push(served);
    for (const v of w.cluster.liveViews()) {
      if (v.slotOwner(0) !== w.target.id || v.slotOwner(299) !== w.target.id) problems.push(`${v.addr} does not see slots 0-299 on ${w.target.addr}`);
    }
    if ((w.log.errors.get('ERR') ?? 0) > 0) problems.push(`client errors: ${[...w.log.errors].join(', ')}`);
    return problems;
  },
});

const Sink = defineBehavior({ name: 'sink', protocol: t.unknown, init: () => undefined, receive: (s) => s });

/** Run `step` every `everyMs` of virtual time until it returns false. */
const every = (sim: Simulation, everyMs: number, step: () => boolean): void => {
  sim.clock.schedule(function () {
    if (step()) this.schedule(undefined, everyMs);
  }, everyMs);
};

/**
 * Rolling restart, one server after the other: CLUSTER FAILOVER on the
 * replica of each master the server hosts (so it hosts only replicas), crash
 * and restart it, wait until its nodes resynchronised, next server.
 */
export const redisRollingRestartScenario = defineScenario({
  name: 'redis-rolling-restart',
  description: 'each server in turn: manual failover of its masters, restart, resync; writes keep flowing',
  durationMs: 90_000,
  setup: (sim) => {
    const world = bootRedisWorld(sim);
    const cluster = world.cluster;
    const sink = sim.spawn(Sink, 'operator', { node: 'admin' }) as Ref<Reply>;
    const progress = { done: 0, problems: [] as string[] };
    let index = 0;
    let phase: 'settle' | 'failover' | 'down' | 'rejoin' = 'settle';
    let since = 5_000;
    const mastersOn = (server: string): RedisNodeView[] =>
      cluster
        .nodesOn(server)
        .map((n) => cluster.view(n.addr))
        .filter((v): v is RedisNodeView => v !== undefined && v.role() === 'master' && v.ownedSlots().length > 0);
    every(sim, 100, () => {
      const now = sim.now();
      if (index >= cluster.servers.length) return false;
      const server = cluster.servers[index];
      if (now - since > 30_000) {
        progress.problems.push(`server ${server} stuck in phase ${phase}`);
        return false;
      }
      if (phase === 'settle') {
        if (now < since || checkAllSlotsServed(cluster) !== undefined) return true;
        for (const m of mastersOn(server)) {
          const replica = cluster.liveViews().find((v) => v.masterId() === m.id());
          if (replica !== undefined) sim.tell(cluster.node(replica.addr).ref as Ref<RedisNodeMsg>, { type: 'command', argv: ['CLUSTER', 'FAILOVER'], replyTo: sink });
        }
        phase = 'failover';
        since = now;
      } else if (phase === 'failover') {
        if (mastersOn(server).length > 0) {
          if (now - since > 6_000) phase = 'settle';
          return true;
        }
        sim.crash(server);
        phase = 'down';
        since = now;
      } else if (phase === 'down') {
        if (now - since < 1_000) return true;
        sim.restart(server);
        phase = 'rejoin';
        since = now;
      } else {
        const views = cluster.nodesOn(server).map((n) => cluster.view(n.addr));
        const synced = views.every((v) => v !== undefined && v.role() === 'replica' && v.replicationOffset() > 0);
        if (!synced || checkAllSlotsServed(cluster) !== undefined) return true;
        progress.done++;
        index++;
        phase = 'settle';
        since = now + 2_000;
      }
      return true;
    });
    return { ...world, progress };
  },
  invariants: (sim, w) => [noSplitBrain(sim, w)],
  check: (_sim, w) => {
    const problems = [...w.progress.problems, ...checkAckedWrites(w.cluster, w.log)];
    if (w.progress.done !== w.cluster.servers.length) problems.push(`only ${w.progress.done} of ${w.cluster.servers.length} servers restarted`);
    const served = checkAllSlotsServed(w.cluster);
    if (served !== undefined) problems.push(served);
    return problems;
  },
});

/** Random crashes (one server down at a time), partitions and loss bursts, then a quiet period after which every slot must be served again. */
export const redisChaosScenario = defineScenario({
  name: 'redis-chaos',
  description: 'crashes, partitions and loss bursts on a 3-server cluster; no split brain; all slots served after the storm',
  durationMs: 45_000,
  setup: (sim) => bootRedisWorld(sim, { writeIntervalMs: 100 }),
  nemesis: (_sim, w) => ({
    nodes: w.cluster.servers,
    startMs: 3_000,
    durationMs: 25_000,
    crashesPerMin: 4,
    meanDowntimeMs: 4_000,
    partitionsPerMin: 4,
    meanPartitionMs: 3_000,
    lossBurstsPerMin: 3,
    lossBurstProbability: 0.3,
    maxDown: 1,
  }),
  invariants: (sim, w) => [noSplitBrain(sim, w)],
  check: (_sim, w) => {
    const served = checkAllSlotsServed(w.cluster);
    return served === undefined ? [] : [`after the storm: ${served}`];
  },
});

/** Every Redis scenario, by name (for the CLI and specs). */
export const redisScenarios: ReadonlyArray<Scenario<any>> = [
  redisFailoverScenario,
  redisMinorityPartitionScenario,
  redisReshardingScenario,
  redisRollingRestartScenario,
  redisChaosScenario,
];
