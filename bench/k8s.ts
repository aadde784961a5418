/**
 * Kubernetes benchmarks (issue 7).
 *
 *   npm run bench:k8s
 *
 * (a) Scheduler throughput, scheduler_perf SchedulingBasic-like: 5,000 nodes
 *     (4 CPU, 32 Gi, 110 pods), then 10,000 / 50,000 pods created at once
 *     through the API server; pods/s of wall time from the first creation to
 *     the last binding. Store + API server + scheduler run as actors in the
 *     simulation with tracing off (no controllers or kubelets, as in
 *     scheduler_perf). Anchor: upstream CI minimums 680 / 810 pods/s; target ≥ 2,000.
 * (b) kwok-like scale: 5,000 kubelets in kwok mode (no container actors) with
 *     Lease heartbeats every 10 s, the whole control plane, 100 Deployments ×
 *     1,000 replicas = 100,000 running pods, 10 virtual minutes: wall time
 *     (target ≥ 10× faster than real time) and peak heap (target < 4 GB).
 *     A scale run stops at a wall budget (K8S_BENCH_BUDGET_S, default 600 s)
 *     and reports the virtual time it covered; a 1,000-node / 20,000-pod run
 *     (kwok's node count) is reported alongside.
 *
 * Each case runs in its own process. The machine is shared with other
 * engineers: wall times are noisy; CPU time of the process is reported too.
 *
 * Profiling: `npx tsx bench/k8s.ts --case scale-probe` runs one case here
 * (also `scale-100000-probe`: the full cluster for one virtual minute, and
 * `scale-idle-probe`: 5,000 idle kubelets). With K8S_BENCH_PROFILE=10:20:/tmp/r.cpuprofile
 * a scale run records a CPU profile of virtual seconds 10–20 (the rollout),
 * or an allocation profile for a `.heapprofile` file; K8S_BENCH_PROGRESS=1
 * prints wall time and heap every 10 virtual seconds.
 */
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import * as t from 'io-ts';
import { defineBehavior, type Ref } from '../lib/actor/index.js';
import { createSimulation } from '../lib/sim/index.js';
import { stopwatch } from '../lib/time/index.js';
import {
  apiServerBehavior,
  bootCluster,
  deploymentManifest,
  schedulerBehavior,
  storeBehavior,
  type ApiReply,
  type ApiRequest,
  type CacheEvent,
  type Pod,
} from '../actors/kubernetes/index.js';
import { machineInfo } from './lib/machine.js';
import { writeResults } from './lib/results.js';
import { formatNumber, formatTable } from './lib/table.js';

const RESULTS_FILE = fileURLToPath(new URL('./results/k8s.json', import.meta.url));
const NODES = 5_000;
/** Wall-clock budget of a scale run: it stops there and reports how much virtual time it covered. */
const SCALE_BUDGET_MS = Number(process.env.K8S_BENCH_BUDGET_S ?? 600) * 1000;
/**
 * K8S_BENCH_PROFILE=<from>:<to>:<file>[,…]: a scale run records a CPU profile
 * of the virtual seconds [from, to) into <file> (open it in Chrome DevTools).
 */
const PROFILES = (process.env.K8S_BENCH_PROFILE ?? '').split(',').filter((w) => w !== '').map((w) => w.split(':'));

/**
 * A profiler for a window of a run (node:inspector, in this process): CPU,
 * or allocations (sampling, garbage included) when the file ends in `.heapprofile`.
 */
const windowProfiler = () => {
  const session = new Session();
  session.connect();
  return {
    start: (file: string): void => {
      if (file.endsWith('.heapprofile')) {
        session.post('HeapProfiler.enable');
        session.post('HeapProfiler.startSampling', { samplingInterval: 32_768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
        return;
      }
      session.post('Profiler.enable');
      session.post('Profiler.start');
    },
    stop: (file: string): void => {
      if (file.endsWith('.heapprofile')) {
        session.post('HeapProfiler.stopSampling', (err, r) => {
          if (err === null) writeFileSync(file, JSON.stringify(r.profile));
        });
        return;
      }
      session.post('Profiler.stop', (err, r) => {
        if (err === null) writeFileSync(file, JSON.stringify(r.profile));
      });
    },
  };
};
/** K8S_BENCH_PROGRESS=1: a scale run prints wall time and heap every 10 virtual seconds (stderr). */
const PROGRESS = process.env.K8S_BENCH_PROGRESS === '1';

const sinkBehavior = (errors: { n: number }) =>
  defineBehavior({
    name: 'bench-sink',
    protocol: t.unknown,
    init: () => 0,
    receive: (s, m) => {
      if ((m as ApiReply).type === 'api-error') errors.n++;
      return s;
    },
  });

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface ThroughputResult {
  case: string;
  nodes: number;
  pods: number;
  bound: number;
  wallMs: number;
  cpuS: number;
  podsPerSec: number;
  podsPerCpuSec: number;
  virtualMs: number;
  heapMB: number;
}

/** (a) Scheduler throughput. */
const throughput = (pods: number): ThroughputResult => {
  const sim = createSimulation({ seed: 1, trace: false });
  const errors = { n: 0 };
  const store = sim.spawn(storeBehavior(), 'store', { node: 'master' });
  const api: Ref<ApiRequest> = sim.spawn(apiServerBehavior({ store }), 'apiserver', { node: 'master' });
  const sink = sim.spawn(sinkBehavior(errors), 'sink', { node: 'client' }) as unknown as Ref<ApiReply>;
  sim.tell(api, { type: 'create', resource: 'namespaces', body: { metadata: { name: 'default' } }, replyTo: sink });
  for (let i = 0; i < NODES; i++) {
    sim.tell(api, {
      type: 'create',
      resource: 'nodes',
      body: {
        metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
        status: { capacity: { cpu: '4', memory: '32Gi', pods: '110' }, allocatable: { cpu: '4', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
      },
      replyTo: sink,
    });
  }
  sim.run(10_000);
  let bound = 0;
  sim.spawn(schedulerBehavior({ api, reportUnschedulable: false, hooks: { onBound: () => bound++ } }), 'scheduler', { node: 'master' });
  sim.run(10_000);
  const cpu0 = cpuSeconds();
  const elapsed = stopwatch();
  const t0 = sim.now();
  for (let i = 0; i < pods; i++) {
    sim.tell(api, {
      type: 'create',
      resource: 'pods',
      namespace: 'default',
      body: { metadata: { name: `pod-${i}` }, spec: { containers: [{ name: 'pause', image: 'pause', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] } },
      replyTo: sink,
    });
  }
  sim.runUntil(() => bound >= pods, 3_600_000);
  const wallMs = elapsed();
  const cpuS = cpuSeconds() - cpu0;
  if (errors.n > 0) throw new Error(`${errors.n} API errors`);
  return {
    case: `scheduler ${NODES} nodes, ${pods} pods`,
    nodes: NODES,
    pods,
    bound,
    wallMs,
    cpuS,
    podsPerSec: pods / (wallMs / 1000),
    podsPerCpuSec: pods / cpuS,
    virtualMs: sim.now() - t0,
    heapMB: process.memoryUsage().heapUsed / 1e6,
  };
};

interface ScaleResult {
  case: string;
  nodes: number;
  podsRunning: number;
  /** Virtual time actually simulated (less than asked when the wall budget ran out). */
  virtualMs: number;
  completed: boolean;
  wallMs: number;
  cpuS: number;
  speedup: number;
  /** Virtual time per CPU second of the process (less sensitive to other load on the machine than `speedup`). */
  speedupPerCpuS: number;
  peakHeapMB: number;
  allRunningAtVirtualMs: number | undefined;
  leaseRenewals: number;
}

/** (b) kwok-like scale run. */
const scale = (nodes: number, deployments: number, replicas: number, virtualMs: number, budgetMs = SCALE_BUDGET_MS): ScaleResult => {
  const sim = createSimulation({ seed: 1, trace: false });
  const running = new Map<string, boolean>();
  let runningCount = 0;
  let renewals = 0;
  const onChange = (ev: CacheEvent): void => {
    if (ev.resource === 'leases') {
      if (ev.type === 'MODIFIED') renewals++;
      return;
    }
    if (ev.resource !== 'pods') return;
    const key = `${ev.object.metadata.namespace}/${ev.object.metadata.name}`;
    const now = ev.type !== 'DELETED' && (ev.object as Pod).status?.phase === 'Running';
    const was = running.get(key) === true;
    if (now !== was) runningCount += now ? 1 : -1;
    if (ev.type === 'DELETED') running.delete(key);
    else running.set(key, now);
  };
  const cluster = bootCluster(sim, {
    workers: nodes,
    kubeProxy: false,
    kubelet: { runContainers: false, syncMs: 10_000, capacity: { cpu: '32', memory: '256Gi', pods: '110' } },
    apiserver: { hooks: { onChange } },
  });
  const errors = { n: 0 };
  const sink = sim.spawn(sinkBehavior(errors), 'sink', { node: 'client' }) as unknown as Ref<ApiReply>;
  const cpu0 = cpuSeconds();
  const elapsed = stopwatch();
  let peak = 0;
  let allAt: number | undefined;
  const total = deployments * replicas;
  let reached = 0;
  const profiler = PROFILES.length === 0 ? undefined : windowProfiler();
  for (let now = 0; now < virtualMs; now += 1_000) {
    if (elapsed() > budgetMs) break;
    for (const [from, to, file] of PROFILES) {
      if (now === Number(from) * 1000) profiler!.start(file);
      if (now === Number(to) * 1000) profiler!.stop(file);
    }
    if (now === 10_000) {
      for (let d = 0; d < deployments; d++) {
        sim.tell(cluster.api, { type: 'create', resource: 'deployments', namespace: 'default', body: deploymentManifest(`app-${d}`, replicas, 'pause', { cpu: '10m', memory: '16Mi' }), replyTo: sink });
      }
    }
    sim.runFor(1_000);
    reached = sim.now();
    if (allAt === undefined && runningCount >= total) allAt = sim.now();
    if (now % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (PROGRESS && (now + 1_000) % 10_000 === 0) console.error(`virtual ${(now + 1_000) / 1000} s: wall ${(elapsed() / 1000).toFixed(1)} s, running ${runningCount}, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const wallMs = elapsed();
  return {
    case: `kwok-like ${nodes} nodes, ${total} pods, ${virtualMs / 60_000} virtual min`,
    nodes,
    podsRunning: runningCount,
    virtualMs: reached,
    completed: reached >= virtualMs,
    wallMs,
    cpuS: cpuSeconds() - cpu0,
    speedup: reached / wallMs,
    speedupPerCpuS: reached / 1000 / (cpuSeconds() - cpu0),
    peakHeapMB: peak / 1e6,
    allRunningAtVirtualMs: allAt,
    leaseRenewals: renewals,
  };
};

const CASES: Record<string, () => unknown> = {
  'throughput-10000': () => throughput(10_000),
  'throughput-50000': () => throughput(50_000),
  'scale-100000': () => scale(NODES, 100, 1_000, 600_000),
  'scale-1000': () => scale(1_000, 20, 1_000, 600_000),
  'scale-probe': () => scale(1_000, 20, 1_000, 40_000),
  // For profiling: the full-size cluster for one virtual minute (rollout plus steady state).
  'scale-100000-probe': () => scale(NODES, 100, 1_000, 60_000),
  // For profiling the steady state: 5,000 idle kubelets (Leases, bookmarks, housekeeping) and the control plane.
  'scale-idle-probe': () => scale(NODES, 0, 0, 60_000),
};

/**
 * Node flags of every case: room for the 100,000-pod heap, and a 64 MB young
 * generation (V8's default is 16 MB): a simulation allocates short-lived
 * messages fast, and a larger nursery means fewer scavenges copying the
 * survivors (≈ 15% of the scale run's wall time here). Recommended for large
 * simulations in general; K8S_BENCH_NODE_FLAGS overrides them.
 */
export const NODE_FLAGS: ReadonlyArray<string> = process.env.K8S_BENCH_NODE_FLAGS?.split(' ').filter((f) => f !== '') ?? ['--max-old-space-size=6144', '--max-semi-space-size=64'];

const runCase = (name: string): unknown => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...NODE_FLAGS, fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`case ${name} failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line);
};

const main = (): void => {
  const i = process.argv.indexOf('--case');
  if (i >= 0) {
    console.log(JSON.stringify(CASES[process.argv[i + 1]]()));
    return;
  }
  const machine = machineInfo();
  const a = ['throughput-10000', 'throughput-50000'].map((c) => runCase(c) as ThroughputResult);
  const b = [runCase('scale-100000') as ScaleResult, runCase('scale-1000') as ScaleResult];
  console.log('(a) scheduler throughput (creation → bound), store + API server + scheduler as actors, trace off');
  console.log(
    formatTable(
      [{ header: 'case' }, { header: 'wall s', align: 'right' }, { header: 'pods/s (wall)', align: 'right' }, { header: 'pods/CPU-s', align: 'right' }, { header: 'upstream CI min', align: 'right' }, { header: 'target', align: 'right' }, { header: 'heap MB', align: 'right' }],
      a.map((r, k) => [r.case, formatNumber(r.wallMs / 1000), formatNumber(r.podsPerSec), formatNumber(r.podsPerCpuSec), k === 0 ? '680' : '810', '2,000', formatNumber(r.heapMB)]),
    ),
  );
  console.log('\n(b) kwok-like scale (kubelets without container actors, Lease heartbeats every 10 s, full control plane)');
  console.log(
    formatTable(
      [{ header: 'case' }, { header: 'virtual s done', align: 'right' }, { header: 'pods running', align: 'right' }, { header: 'all running at (virtual s)', align: 'right' }, { header: 'wall s', align: 'right' }, { header: '× real time', align: 'right' }, { header: 'CPU s', align: 'right' }, { header: 'virtual s / CPU s', align: 'right' }, { header: 'peak heap MB', align: 'right' }, { header: 'lease renewals', align: 'right' }],
      b.map((r) => [r.case, `${formatNumber(r.virtualMs / 1000)}${r.completed ? '' : ' (budget)'}`, formatNumber(r.podsRunning), r.allRunningAtVirtualMs === undefined ? 'never' : formatNumber(r.allRunningAtVirtualMs / 1000), formatNumber(r.wallMs / 1000), formatNumber(r.speedup), formatNumber(r.cpuS), formatNumber(r.speedupPerCpuS), formatNumber(r.peakHeapMB), formatNumber(r.leaseRenewals)]),
    ),
  );
  console.log(`\nmachine: ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAvg.join(' ')}; node flags: ${NODE_FLAGS.join(' ')}`);
  writeResults(RESULTS_FILE, {
    bench: 'k8s',
    note: 'Wall-clock numbers vary with the machine\'s load; CPU seconds of the benchmark process are given alongside.',
    nodeFlags: NODE_FLAGS,
    machine,
    throughput: a,
    anchors: { schedulerPerfCiMinimumPodsPerSec: { '10000': 680, '50000': 810 }, targetPodsPerSec: 2000, kwok: '1,000 nodes and 100,000 pods (kwok stated scale)', scaleTargets: { speedup: 10, heapMB: 4096 } },
    scale: b,
  });
};

main();
