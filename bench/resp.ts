/**
 * RESP front door benchmark.
 *
 *   npm run bench:resp
 *
 * redis-benchmark SET/GET, -c 50, -P 1 and -P 16, REQUESTS requests each,
 * against:
 *   - one troupe node owning every slot (`troupe redis --servers 1 --replicas 0`,
 *     its own process) and a real redis-server 7 (standalone), and
 *   - with --cluster: a troupe cluster (3 servers × master + replica, one
 *     process) and a real 6-node Redis cluster (redis-cli --cluster create).
 * Each configuration is warmed up, then measured TRIALS times, the targets
 * interleaved so a busy moment on the shared machine hits both; the table
 * shows medians and troupe / redis. Targets (issue 6): ≥ 0.7× at -P 1,
 * ≥ 0.3× at -P 16. Writes bench/results/resp.json. Never asserts.
 */
import { fileURLToPath } from 'node:url';
import { stopwatch } from '../lib/time/index.js';
import { machineInfo } from './lib/machine.js';
import { createCluster, hasBinary, redisBenchmark, startRedisServers, startTroupeCluster, type Processes } from './lib/redisServers.js';
import { writeResults } from './lib/results.js';
import { summarize, type Summary } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const REQUESTS = Number(process.env.RESP_BENCH_REQUESTS ?? 200_000);
const TRIALS = Number(process.env.RESP_BENCH_TRIALS ?? 3);
const DISPATCHER = process.env.RESP_BENCH_DISPATCHER ?? 'nact-batched';
const RESULTS_FILE = fileURLToPath(new URL('./results/resp.json', import.meta.url));

interface Target {
  readonly name: string;
  readonly port: number;
  readonly cluster: boolean;
  readonly procs: Processes;
}

const main = async (): Promise<void> => {
  if (!hasBinary('redis-benchmark') || !hasBinary('redis-server') || !hasBinary('redis-cli')) {
    console.error('bench:resp needs redis-server, redis-cli and redis-benchmark (apt-get install redis-server redis-tools)');
    process.exitCode = 1;
    return;
  }
  const wall = stopwatch();
  const machine = machineInfo();
  console.log(`bench:resp — ${REQUESTS} requests, -c 50, ${TRIALS} trials, troupe dispatcher ${DISPATCHER}; ${machine.cores} cores (${machine.cpuModel}), load ${machine.loadAvg.join(' ')} (shared machine)`);
  const troupeOne = await startTroupeCluster(1, 0, 15_000, DISPATCHER);
  const redisOne = await startRedisServers(1);
  const troupeCluster = await startTroupeCluster(3, 1, 15_000, DISPATCHER);
  const redisCluster = await startRedisServers(6, 15_000);
  await createCluster(redisCluster.ports);
  const targets: Target[] = [
    { name: 'troupe node', port: troupeOne.ports[0], cluster: false, procs: troupeOne },
    { name: 'redis-server', port: redisOne.ports[0], cluster: false, procs: redisOne },
    { name: 'troupe cluster', port: troupeCluster.ports[0], cluster: true, procs: troupeCluster },
    { name: 'redis cluster', port: redisCluster.ports[0], cluster: true, procs: redisCluster },
  ];
  const samples = new Map<string, number[]>();
  const key = (t: Target, p: number, test: string): string => `${t.name}|${p}|${test}`;
  try {
    for (const t of targets) {
      // Warm up (JIT, connections, keys) before measuring.
      await redisBenchmark([...(t.cluster ? ['--cluster'] : []), '-p', String(t.port), '-t', 'set,get', '-n', String(Math.min(REQUESTS, 50_000)), '-c', '50', '-P', '16', '-q']);
    }
    for (let trial = 0; trial < TRIALS; trial++) {
      for (const p of [1, 16]) {
        for (const t of targets) {
          const r = await redisBenchmark([...(t.cluster ? ['--cluster'] : []), '-p', String(t.port), '-t', 'set,get', '-n', String(REQUESTS), '-c', '50', '-P', String(p), '-q']);
          for (const test of ['SET', 'GET']) {
            const list = samples.get(key(t, p, test)) ?? [];
            list.push(r[test] ?? 0);
            samples.set(key(t, p, test), list);
          }
          console.log(`  trial ${trial + 1} -P ${p} ${t.name.padEnd(14)} SET ${formatNumber(r.SET ?? 0)}  GET ${formatNumber(r.GET ?? 0)} req/s`);
        }
      }
    }
  } finally {
    for (const t of targets) await t.procs.stop();
  }
  const rows: string[][] = [];
  const results: Array<{ mode: string; pipeline: number; test: string; troupe: Summary; redis: Summary; ratio: number; target: number }> = [];
  for (const [troupe, redis, mode] of [
    [targets[0], targets[1], 'one node'],
    [targets[2], targets[3], 'cluster (--cluster)'],
  ] as const) {
    for (const p of [1, 16]) {
      for (const test of ['SET', 'GET']) {
        const a = summarize(samples.get(key(troupe, p, test))!);
        const b = summarize(samples.get(key(redis, p, test))!);
        const ratio = a.median / b.median;
        const target = p === 1 ? 0.7 : 0.3;
        results.push({ mode, pipeline: p, test, troupe: a, redis: b, ratio, target });
        rows.push([mode, `-P ${p}`, test, formatNumber(a.median), formatNumber(b.median), `${formatNumber(ratio, 2)}×`, `≥ ${target}× ${ratio >= target ? 'met' : 'NOT met'}`]);
      }
    }
  }
  console.log(
    `\n${formatTable(
      [{ header: 'mode' }, { header: 'pipeline' }, { header: 'test' }, { header: 'troupe req/s', align: 'right' }, { header: 'redis req/s', align: 'right' }, { header: 'troupe/redis', align: 'right' }, { header: 'target' }],
      rows,
    )}`,
  );
  console.log(`\n(medians of ${TRIALS} trials; shared 2-core machine: redis-benchmark, the servers and other engineers' jobs compete for the CPU)`);
  writeResults(RESULTS_FILE, {
    bench: 'resp',
    note: 'measured on a shared machine (other engineers running jobs); redis-benchmark runs on the same cores as the servers',
    machine,
    requests: REQUESTS,
    clients: 50,
    trials: TRIALS,
    dispatcher: DISPATCHER,
    results,
    wallSec: wall() / 1000,
  });
  console.log(`results: ${RESULTS_FILE}`);
};

await main();
