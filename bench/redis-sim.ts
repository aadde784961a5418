/**
 * Redis Cluster model benchmark.
 *
 *   npm run bench:redis-sim
 *
 * 1. Failover timeline: a 3-server cluster (ring layout: 3 masters, 3
 *    replicas) loses a server; over 20 seeds per node_timeout (1000 and
 *    5000 ms) we time, from the crash, the first PFAIL flagged by another
 *    master, FAIL, the replica's election delay, its promotion and the moment
 *    every survivor is in cluster state ok with every slot served, and compare
 *    the medians with a real Redis 7.0 cluster measured on this machine
 *    (/work/shared/reference/redis-wire.md).
 * 2. Idle bus traffic of that cluster (messages sent per node per second),
 *    against the real one.
 * 3. Scale: a 100-server (200-node) cluster for 10 virtual minutes: wall
 *    time, speed-up over real time, bus messages per node per second.
 *
 * Writes bench/results/redis-sim.json. Never asserts: read the table.
 */
import { fileURLToPath } from 'node:url';
import { createSimulation, type Simulation } from '../lib/sim/index.js';
import { stopwatch } from '../lib/time/index.js';
import type { TraceEvent } from '../lib/trace/index.js';
import { checkAllSlotsServed, createRedisCluster, type RedisCluster } from '../actors/redis/index.js';
import { machineInfo } from './lib/machine.js';
import { writeResults } from './lib/results.js';
import { summarize, type Summary } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const SEEDS = Number(process.env.REDIS_BENCH_SEEDS ?? 20);
const RESULTS_FILE = fileURLToPath(new URL('./results/redis-sim.json', import.meta.url));

/** Medians of the real 6-node Redis 7.0.15 cluster (redis-wire.md, 5 trials, SIGKILL of a master). */
const REAL = {
  1000: { pfail: 1391, fail: 1601, electionDelay: 726, promoted: 2407, allOk: 2456, busPerNodePerSec: 20 },
  5000: { pfail: 6619, fail: 7361, electionDelay: 893, promoted: 8366, allOk: 8411, busPerNodePerSec: 3.5 },
} as const;

type Phase = 'pfail' | 'fail' | 'electionDelay' | 'electionStarted' | 'promoted' | 'allOk';
const PHASES: ReadonlyArray<[Phase, string]> = [
  ['pfail', 'another master flags it PFAIL'],
  ['fail', 'FAIL'],
  ['electionDelay', "replica's election delay"],
  ['electionStarted', 'election starts (auth request)'],
  ['promoted', 'replica promoted (ROLE master)'],
  ['allOk', 'cluster_state ok + all slots served on all survivors'],
];

/** Keep only milestones and faults (cheap enough for a 6-node run). */
const milestoneSink = (into: TraceEvent[]) => ({
  write: (e: TraceEvent) => {
    if (e.kind === 'milestone') into.push(e);
  },
});

const busMessages = (cluster: RedisCluster): number =>
  cluster.liveViews().reduce((sum, v) => sum + Object.values(v.busMessagesSent()).reduce((a, b) => a + b, 0), 0);

interface Timeline {
  readonly seed: number;
  readonly phases: Partial<Record<Phase, number>>;
  readonly idleBusPerNodePerSec: number;
}

/** One failover run: warm up, measure idle bus traffic, crash s2, time each phase. */
const failoverRun = (seed: number, nodeTimeoutMs: number): Timeline => {
  const events: TraceEvent[] = [];
  const sim: Simulation = createSimulation({ seed, trace: { recent: 0, sinks: [milestoneSink(events)] } });
  const cluster = createRedisCluster(sim, { servers: 3, nodeTimeoutMs });
  const warmMs = Math.max(5_000, 3 * nodeTimeoutMs);
  sim.runFor(warmMs);
  const before = busMessages(cluster);
  const idleMs = 10_000;
  sim.runFor(idleMs);
  const idleBusPerNodePerSec = (busMessages(cluster) - before) / cluster.nodes.length / (idleMs / 1000);
  const victim = cluster.nodesOn('s2').find((n) => n.initialRole === 'master')!;
  const crashAt = sim.now();
  sim.crash('s2');
  let allOkAt: number | undefined;
  sim.runUntil(() => {
    const promoted = events.some((e) => e.type === 'promoted' && e.data?.previous === victim.id);
    if (promoted && checkAllSlotsServed(cluster) === undefined) {
      allOkAt = sim.now();
      return true;
    }
    return false;
  }, 60_000);
  const after = (pred: (e: TraceEvent) => boolean): number | undefined => {
    const e = events.find((x) => x.t >= crashAt && pred(x));
    return e === undefined ? undefined : e.t - crashAt;
  };
  const masters = new Set(cluster.nodes.filter((n) => n.initialRole === 'master').map((n) => n.id));
  const scheduled = events.find((e) => e.t >= crashAt && e.type === 'election-scheduled' && e.data?.master === victim.id);
  return {
    seed,
    phases: {
      pfail: after((e) => e.type === 'pfail' && e.data?.node === victim.id && masters.has(String(e.data?.observer))),
      fail: after((e) => e.type === 'fail' && e.data?.node === victim.id),
      electionDelay: scheduled === undefined ? undefined : Number(scheduled.data?.delayMs),
      electionStarted: after((e) => e.type === 'election-started' && e.data?.master === victim.id),
      promoted: after((e) => e.type === 'promoted' && e.data?.previous === victim.id),
      allOk: allOkAt === undefined ? undefined : allOkAt - crashAt,
    },
    idleBusPerNodePerSec,
  };
};

interface ScaleResult {
  readonly servers: number;
  readonly nodes: number;
  readonly nodeTimeoutMs: number;
  readonly virtualSec: number;
  readonly wallSec: number;
  /** CPU time of this process during the run (less sensitive to the shared machine than wall time). */
  readonly cpuSec: number;
  readonly speedup: number;
  readonly busPerNodePerSec: number;
  readonly events: number;
  readonly allSlotsServed: boolean;
}

/** A big idle cluster for `virtualSec` of virtual time, without tracing. */
const scaleRun = (servers: number, nodeTimeoutMs: number, virtualSec: number): ScaleResult => {
  const elapsed = stopwatch();
  const cpu0 = process.cpuUsage();
  const sim = createSimulation({ seed: 1, trace: false });
  const cluster = createRedisCluster(sim, { servers, nodeTimeoutMs });
  const events = sim.runFor(virtualSec * 1000);
  const wallSec = elapsed() / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  const served = checkAllSlotsServed(cluster) === undefined;
  return {
    servers,
    nodes: cluster.nodes.length,
    nodeTimeoutMs,
    virtualSec,
    wallSec,
    cpuSec,
    speedup: virtualSec / wallSec,
    busPerNodePerSec: busMessages(cluster) / cluster.nodes.length / virtualSec,
    events,
    allSlotsServed: served,
  };
};

const ms = (v: number | undefined): string => (v === undefined ? '-' : formatNumber(v, 4));
const triple = (s: Summary | undefined): string => (s === undefined ? '-' : `${ms(s.min)} / ${ms(s.median)} / ${ms(s.max)}`);

const main = (): void => {
  const machine = machineInfo();
  console.log(`Redis Cluster model — ${SEEDS} seeds per node_timeout; ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAvg.join(' ')} (shared machine)\n`);
  const timelines: Record<string, { runs: Timeline[]; summary: Partial<Record<Phase, Summary>>; idleBus: Summary }> = {};
  for (const nt of [1000, 5000] as const) {
    const runs = Array.from({ length: SEEDS }, (_, i) => failoverRun(i + 1, nt));
    const summary: Partial<Record<Phase, Summary>> = {};
    for (const [phase] of PHASES) {
      const values = runs.map((r) => r.phases[phase]).filter((v): v is number => v !== undefined);
      if (values.length > 0) summary[phase] = summarize(values);
    }
    timelines[nt] = { runs, summary, idleBus: summarize(runs.map((r) => r.idleBusPerNodePerSec)) };
    const missing = runs.filter((r) => r.phases.allOk === undefined).map((r) => r.seed);
    if (missing.length > 0) console.log(`node_timeout ${nt}: no recovery within 60 s for seeds ${missing.join(', ')}`);
  }
  const realOf = (nt: 1000 | 5000, phase: Phase): number | undefined => (phase in REAL[nt] ? (REAL[nt] as Record<string, number>)[phase] : undefined);
  const rows = PHASES.map(([phase, label]) => {
    const cells = [label];
    for (const nt of [1000, 5000] as const) {
      const s = timelines[nt].summary[phase];
      const real = realOf(nt, phase);
      cells.push(triple(s), ms(real), s === undefined || real === undefined ? '-' : `${s.median >= real ? '+' : ''}${formatNumber((100 * (s.median - real)) / real, 2)}%`);
    }
    return cells;
  });
  console.log(
    formatTable(
      [
        { header: 'ms after the crash (model min / median / max)' },
        { header: 'nt=1000 model', align: 'right' },
        { header: 'real median', align: 'right' },
        { header: 'Δ', align: 'right' },
        { header: 'nt=5000 model', align: 'right' },
        { header: 'real median', align: 'right' },
        { header: 'Δ', align: 'right' },
      ],
      rows,
    ),
  );
  console.log('');
  console.log(
    formatTable(
      [{ header: 'idle bus, 6 nodes' }, { header: 'model msgs/node/s (median)', align: 'right' }, { header: 'real', align: 'right' }],
      ([1000, 5000] as const).map((nt) => [`node_timeout ${nt}`, formatNumber(timelines[nt].idleBus.median), `~${REAL[nt].busPerNodePerSec}`]),
    ),
  );
  console.log('');
  const loadBefore = machineInfo().loadAvg;
  const scale = [scaleRun(100, 15_000, 600)];
  console.log(
    formatTable(
      [
        { header: 'scale run' },
        { header: 'virtual s', align: 'right' },
        { header: 'wall s', align: 'right' },
        { header: 'cpu s', align: 'right' },
        { header: '× real time', align: 'right' },
        { header: 'bus msgs/node/s', align: 'right' },
        { header: 'events', align: 'right' },
        { header: 'all slots ok', align: 'right' },
      ],
      scale.map((r) => [
        `${r.servers} servers / ${r.nodes} nodes, node_timeout ${r.nodeTimeoutMs}`,
        formatNumber(r.virtualSec),
        formatNumber(r.wallSec),
        formatNumber(r.cpuSec),
        formatNumber(r.speedup),
        formatNumber(r.busPerNodePerSec),
        formatNumber(r.events),
        String(r.allSlotsServed),
      ]),
    ),
  );
  console.log(`(load average before the scale run: ${loadBefore.join(' ')} on ${machine.cores} cores; wall time counts other processes' share)`);
  writeResults(RESULTS_FILE, {
    benchmark: 'redis-sim',
    note: 'measured on a shared machine (other engineers running builds and specs): wall times are noisy; virtual-time results are exact per seed',
    machine,
    seeds: SEEDS,
    real: REAL,
    failover: Object.fromEntries(
      Object.entries(timelines).map(([nt, t]) => [nt, { summary: t.summary, idleBusPerNodePerSec: t.idleBus, runs: t.runs }]),
    ),
    scale,
  });
  console.log(`\nwrote ${RESULTS_FILE}`);
};

main();
