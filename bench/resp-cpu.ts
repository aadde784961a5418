/**
 * CPU per request of a master and its replica.
 *
 *   npm run bench:resp-cpu
 *
 * bench:resp's requests per second move by ±30% with the shared machine's
 * load, because redis-benchmark and every server compete for two cores.
 * What a server costs per request moves much less: this bench reads each
 * process's user and system CPU time (/proc/PID/stat) around a
 * redis-benchmark run (SET and GET, -c 50, -P 1, REQUESTS each) against a
 * master with one replica, in three implementations started side by side:
 *   - troupe: two `troupe redis-node` processes, the master owning all 16384
 *     slots (CLUSTER ADDSLOTSRANGE, MEET, REPLICATE);
 *   - redis-server 7: a master and a replica (REPLICAOF);
 *   - the Node floor (bench/lib/minimalRespNode.ts): split RESP, check the
 *     slot, Map, reply, send writes to the replica — no framework.
 * Trials rotate the order. Prints a table of medians (µs of CPU per request,
 * master and replica, user and system) and writes bench/results/resp-cpu.json.
 * Never asserts. Linux only (/proc).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stopwatch } from '../lib/time/index.js';
import { machineInfo } from './lib/machine.js';
import { command, hasBinary, redisBenchmark, startFloorNodes, startRedisServers, startTroupeNodes, waitFor, type Processes } from './lib/redisServers.js';
import { writeResults } from './lib/results.js';
import { median } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const REQUESTS = Number(process.env.RESP_CPU_REQUESTS ?? 400_000);
const TRIALS = Number(process.env.RESP_CPU_TRIALS ?? 3);
const RESULTS_FILE = fileURLToPath(new URL('./results/resp-cpu.json', import.meta.url));
const TESTS = ['SET', 'GET'] as const;

/** User and system CPU of a process so far, in ms (clock ticks of 10 ms). */
const cpuOf = (pid: number): { user: number; sys: number } => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10 };
};

interface Pair {
  readonly name: string;
  readonly procs: Processes;
  readonly master: number;
  readonly replica: number;
}

/** One run: requests/s and µs of CPU per request. */
interface Sample {
  readonly rps: number;
  readonly masterUser: number;
  readonly masterSys: number;
  readonly replicaUser: number;
  readonly replicaSys: number;
}

const pidOf = (procs: Processes, port: number): number => procs.children.get(port)!.pid!;

const troupePair = async (): Promise<Pair> => {
  const procs = await startTroupeNodes(2, 15_000);
  const [m, r] = procs.ports;
  await command(m, 'CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  await command(r, 'CLUSTER', 'MEET', '127.0.0.1', String(m));
  const id = (await command(m, 'CLUSTER', 'MYID'))!.split('\r\n')[1];
  await waitFor('troupe replica meets its master', async () => (await command(r, 'CLUSTER', 'NODES'))?.includes(id), 30_000, 50);
  await command(r, 'CLUSTER', 'REPLICATE', id);
  await waitFor('troupe replica in sync', async () => (await command(r, 'INFO', 'replication'))?.includes('master_link_status:up'), 30_000, 50);
  for (const p of procs.ports) await waitFor(`cluster_state:ok on ${p}`, async () => (await command(p, 'CLUSTER', 'INFO'))?.includes('cluster_state:ok'), 30_000, 50);
  return { name: 'troupe', procs, master: m, replica: r };
};

const redisPair = async (): Promise<Pair> => {
  const procs = await startRedisServers(2);
  const [m, r] = procs.ports;
  await command(r, 'REPLICAOF', '127.0.0.1', String(m));
  await waitFor('redis replica in sync', async () => (await command(r, 'INFO', 'replication'))?.includes('master_link_status:up'), 30_000, 50);
  return { name: 'redis-server', procs, master: m, replica: r };
};

const floorPair = async (): Promise<Pair> => {
  const procs = await startFloorNodes('pair');
  return { name: 'node floor', procs, master: procs.ports[0], replica: procs.ports[1] };
};

/** redis-benchmark's requests per second for one test. */
const benchmark = async (port: number, test: string, requests: number): Promise<number> =>
  (await redisBenchmark(['-p', String(port), '-t', test.toLowerCase(), '-n', String(requests), '-c', '50', '-P', '1', '-q']))[test] ?? 0;

const measure = async (pair: Pair, test: string): Promise<Sample> => {
  const m = pidOf(pair.procs, pair.master);
  const r = pidOf(pair.procs, pair.replica);
  const [m0, r0] = [cpuOf(m), cpuOf(r)];
  const rps = await benchmark(pair.master, test, REQUESTS);
  const [m1, r1] = [cpuOf(m), cpuOf(r)];
  const per = (ms: number): number => (ms * 1000) / REQUESTS;
  return { rps, masterUser: per(m1.user - m0.user), masterSys: per(m1.sys - m0.sys), replicaUser: per(r1.user - r0.user), replicaSys: per(r1.sys - r0.sys) };
};

const main = async (): Promise<void> => {
  if (!hasBinary('redis-benchmark') || !hasBinary('redis-server')) {
    console.error('bench:resp-cpu needs redis-server and redis-benchmark (apt-get install redis-server redis-tools)');
    process.exitCode = 1;
    return;
  }
  const wall = stopwatch();
  const machine = machineInfo();
  console.log(`bench:resp-cpu — master + replica, -c 50 -P 1, ${REQUESTS} requests per run, ${TRIALS} trials; ${machine.cores} cores, load ${machine.loadAvg.join(' ')}`);
  const pairs: Pair[] = [];
  const samples = new Map<string, Sample[]>();
  try {
    pairs.push(await troupePair(), await redisPair(), await floorPair());
    for (const p of pairs) for (const test of TESTS) await benchmark(p.master, test, 50_000); // warm-up
    for (let trial = 0; trial < TRIALS; trial++) {
      const order = [...pairs.slice(trial % pairs.length), ...pairs.slice(0, trial % pairs.length)];
      for (const test of TESTS) {
        for (const p of order) {
          const s = await measure(p, test);
          const k = `${p.name}|${test}`;
          samples.set(k, [...(samples.get(k) ?? []), s]);
          console.log(
            `  trial ${trial + 1} ${test} ${p.name.padEnd(12)} ${formatNumber(s.rps).padStart(8)} req/s  master ${s.masterUser.toFixed(2)} + ${s.masterSys.toFixed(2)} µs  replica ${s.replicaUser.toFixed(2)} + ${s.replicaSys.toFixed(2)} µs (user + sys)`,
          );
        }
      }
    }
  } finally {
    for (const p of pairs) await p.procs.stop();
  }
  const rows: string[][] = [];
  const results: Array<Record<string, unknown>> = [];
  const med = (xs: Sample[], f: (s: Sample) => number): number => median(xs.map(f));
  for (const test of TESTS) {
    const totalOf = (name: string): number => med(samples.get(`${name}|${test}`)!, (s) => s.masterUser + s.masterSys + s.replicaUser + s.replicaSys);
    for (const p of pairs) {
      const xs = samples.get(`${p.name}|${test}`)!;
      const row = {
        target: p.name,
        test,
        rps: med(xs, (s) => s.rps),
        masterUser: med(xs, (s) => s.masterUser),
        masterSys: med(xs, (s) => s.masterSys),
        replicaUser: med(xs, (s) => s.replicaUser),
        replicaSys: med(xs, (s) => s.replicaSys),
        total: totalOf(p.name),
        samples: xs,
      };
      results.push(row);
      rows.push([
        p.name,
        test,
        formatNumber(row.rps),
        row.masterUser.toFixed(2),
        row.masterSys.toFixed(2),
        row.replicaUser.toFixed(2),
        row.replicaSys.toFixed(2),
        row.total.toFixed(2),
        `${formatNumber(row.total / totalOf('redis-server'), 2)}×`,
        `${formatNumber(row.total / totalOf('node floor'), 2)}×`,
      ]);
    }
  }
  console.log(
    `\n${formatTable(
      [
        { header: 'server' },
        { header: 'test' },
        { header: 'req/s', align: 'right' },
        { header: 'master user µs', align: 'right' },
        { header: 'master sys µs', align: 'right' },
        { header: 'replica user µs', align: 'right' },
        { header: 'replica sys µs', align: 'right' },
        { header: 'total µs/req', align: 'right' },
        { header: 'vs redis', align: 'right' },
        { header: 'vs floor', align: 'right' },
      ],
      rows,
    )}`,
  );
  console.log(`\n(medians of ${TRIALS} trials; CPU time of each process over a run divided by its requests; the clock tick is 10 ms, so ±0.03 µs at ${REQUESTS} requests)`);
  writeResults(RESULTS_FILE, { bench: 'resp-cpu', machine, requests: REQUESTS, clients: 50, pipeline: 1, trials: TRIALS, results, wallSec: wall() / 1000 });
  console.log(`results: ${RESULTS_FILE}`);
};

await main();
