/**
 * Simulation benchmark: how fast the deterministic simulation runs actors,
 * with tracing off and on, against troupe on the nact dispatcher and raw nact
 * 7.6.2 in the same run; and a 1000-node random-gossip-like load in virtual
 * time.
 *
 *   npm run bench:sim
 *
 * 1. Ping-pong (1M messages between two actors) and fan-out (10k actors x 100
 *    messages from outside) in six flavours: raw nact, troupe on the nact
 *    dispatcher (`createActorSystem()`), and troupe in `createSimulation` with
 *    `trace: false`; with tracing into a no-op sink (diagnostic: the cost of
 *    building events, without encoding them); with tracing to a JSON Lines
 *    file without payloads (`trace: { file, recent: 0 }`); and with payloads.
 *    Trace files go to os.tmpdir() and are deleted after each run. ROUNDS
 *    rounds, each one process per flavour in alternating order, so that
 *    background load hits every flavour alike.
 * 2. Gossip-like load: 1000 nodes, one actor each; every 100 ms of virtual
 *    time (a periodic timer, random phase) each sends a small message to a
 *    random other node's actor (`pathRef(node, '/gossiper')`,
 *    `ctx.random`); default network (uniform 1–5 ms latency); 60 virtual
 *    seconds; tracing off, then (for information) to a file without payloads.
 *
 * Every case runs in its own node process (bench/lib/isolate.ts), which also
 * records how busy the rest of the (shared) machine was meanwhile. Prints two
 * tables and writes bench/results/sim.json. Never asserts timing.
 */
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulationOptions } from '../lib/sim/index.js';
import { runCases, serveCase, type CaseRun } from './lib/isolate.js';
import { machineInfo } from './lib/machine.js';
import { writeResults } from './lib/results.js';
import { median, summarize, type Summary } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';
import {
  fanOutNact,
  fanOutSim,
  fanOutTroupe,
  pingPongNact,
  pingPongSim,
  pingPongTroupe,
  randomGossip,
  repeat,
  withGc,
  type Samples,
} from './lib/workloads.js';

/** Rounds of one process per flavour (alternating order). */
const ROUNDS = 2;
/** Measured runs per process of the slow flavours (after one warm-up at a tenth of the size). */
const RUNS_SLOW = 2;
/** Measured runs per process of the fast flavours (after two full-size warm-ups). */
const RUNS_FAST = 5;
const SEED = 1;

const PING_PONG_MESSAGES = 1_000_000;
const FAN_OUT_ACTORS = 10_000;
const FAN_OUT_PER_ACTOR = 100;

const GOSSIP_NODES = 1000;
const GOSSIP_INTERVAL_MS = 100;
const GOSSIP_VIRTUAL_MS = 60_000;
const GOSSIP_WARM_UP_MS = 10_000;
const GOSSIP_RUNS: Record<GossipMode, number> = { off: 3, trace: 2 };

/** Targets of the issue. */
const SIM_VS_NACT_MIN = 5;
const TRACE_SLOWDOWN_MAX = 2;
const REAL_TIME_FACTOR_MIN = 50;
/** Other processes using more than this many cores during a case make its numbers suspect. */
const NOISY_OTHER_CORES = 0.25;

const RESULTS_FILE = fileURLToPath(new URL('./results/sim.json', import.meta.url));

// ---------------------------------------------------------------- 1. throughput flavours

type Workload = 'ping-pong' | 'fan-out';
const WORKLOADS: ReadonlyArray<Workload> = ['ping-pong', 'fan-out'];

type Mode = 'nact' | 'troupe' | 'sim' | 'sim+null' | 'sim+trace' | 'sim+payloads';
const MODES: ReadonlyArray<Mode> = ['nact', 'troupe', 'sim', 'sim+null', 'sim+trace', 'sim+payloads'];
/** Flavours fast enough for full-size warm-ups and more runs. */
const FAST: ReadonlySet<Mode> = new Set<Mode>(['sim', 'sim+null']);

const MODE_LABEL: Record<Mode, string> = {
  nact: 'raw nact',
  troupe: 'troupe on nact dispatcher',
  sim: 'simulation, trace off',
  'sim+null': 'simulation, trace to no-op sink',
  'sim+trace': 'simulation, trace to file',
  'sim+payloads': 'simulation, trace+payloads to file',
};

const messagesOf = (workload: Workload): number =>
  workload === 'ping-pong' ? PING_PONG_MESSAGES : FAN_OUT_ACTORS * FAN_OUT_PER_ACTOR;

let traceSeq = 0;
const tempTraceFile = (): string => join(tmpdir(), `troupe-bench-sim-${process.pid}-${++traceSeq}.jsonl`);

/** The simulation options of a sim flavour (undefined for nact and troupe). */
const simOptions = (mode: Mode, file: string | undefined): SimulationOptions | undefined => {
  switch (mode) {
    case 'nact':
    case 'troupe':
      return undefined;
    case 'sim':
      return { seed: SEED, trace: false };
    case 'sim+null':
      return { seed: SEED, trace: { sinks: [{ write: () => {} }], recent: 0 } };
    case 'sim+trace':
      return { seed: SEED, trace: { file, recent: 0 } };
    case 'sim+payloads':
      return { seed: SEED, trace: { file, payloads: true, recent: 0 } };
  }
};

/** Seconds of one run of `workload` in `mode`, at `fraction` of its full size. */
const runWorkload = (workload: Workload, mode: Mode, fraction: number, file: string | undefined): Promise<number> => {
  const pp = PING_PONG_MESSAGES * fraction;
  const perActor = FAN_OUT_PER_ACTOR * fraction;
  if (mode === 'nact') return workload === 'ping-pong' ? pingPongNact(pp) : fanOutNact(FAN_OUT_ACTORS, perActor);
  if (mode === 'troupe') return workload === 'ping-pong' ? pingPongTroupe(pp) : fanOutTroupe(FAN_OUT_ACTORS, perActor);
  const options = simOptions(mode, file);
  return workload === 'ping-pong' ? pingPongSim(pp, options) : fanOutSim(FAN_OUT_ACTORS, perActor, options);
};

/** One run: msgs/s, GC share and, for file flavours, trace bytes per message (the file is deleted). */
const measure = async (workload: Workload, mode: Mode, fraction: number): Promise<Record<string, number>> => {
  const messages = messagesOf(workload) * fraction;
  const file = mode === 'sim+trace' || mode === 'sim+payloads' ? tempTraceFile() : undefined;
  try {
    const r = await withGc(messages, () => runWorkload(workload, mode, fraction, file));
    return file === undefined ? { ...r } : { ...r, traceBytesPerMsg: statSync(file).size / messages };
  } finally {
    if (file !== undefined) rmSync(file, { force: true });
  }
};

const throughputCase = (workload: Workload, mode: Mode) => (): Promise<Samples> =>
  FAST.has(mode)
    ? repeat(2, () => measure(workload, mode, 1), RUNS_FAST, () => measure(workload, mode, 1))
    : repeat(1, () => measure(workload, mode, 0.1), RUNS_SLOW, () => measure(workload, mode, 1));

// ---------------------------------------------------------------- 2. gossip-like load

type GossipMode = 'off' | 'trace';

/** One gossip run of `virtualMs` (trace off, or to a temp file deleted afterwards), with derived rates. */
const gossipRun = async (mode: GossipMode, virtualMs: number): Promise<Record<string, number>> => {
  const file = mode === 'trace' ? tempTraceFile() : undefined;
  try {
    const r = await randomGossip({
      nodes: GOSSIP_NODES,
      intervalMs: GOSSIP_INTERVAL_MS,
      virtualMs,
      simulation: { seed: SEED, trace: file === undefined ? false : { file, recent: 0 } },
    });
    return {
      bootSec: r.bootSec,
      wallSec: r.wallSec,
      closeSec: r.closeSec,
      events: r.events,
      eventsPerSec: r.events / r.wallSec,
      sent: r.sent,
      delivered: r.delivered,
      deliveredPerSec: r.delivered / r.wallSec,
      realTimeFactor: virtualMs / 1000 / r.wallSec,
      cpuSec: r.cpuSec,
      realTimeFactorCpu: virtualMs / 1000 / r.cpuSec,
      gcShare: r.gcSec / r.wallSec,
      ...(file === undefined ? {} : { traceEvents: r.traceEvents, traceBytes: statSync(file).size }),
    };
  } finally {
    if (file !== undefined) rmSync(file, { force: true });
  }
};

const gossipCase = (mode: GossipMode) => (): Promise<Samples> =>
  repeat(1, () => gossipRun(mode, GOSSIP_WARM_UP_MS), GOSSIP_RUNS[mode], () => gossipRun(mode, GOSSIP_VIRTUAL_MS));

// ---------------------------------------------------------------- cases and plan

const cases: Record<string, () => Promise<Samples>> = {
  'gossip/off': gossipCase('off'),
  'gossip/trace': gossipCase('trace'),
};
for (const w of WORKLOADS) for (const m of MODES) cases[`${w}/${m}`] = throughputCase(w, m);

/** The processes to start, in order: for each workload ROUNDS rounds of every flavour (order reversed every other round), then gossip. */
const plan = (): string[] => {
  const ids: string[] = [];
  for (const w of WORKLOADS) {
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? MODES : [...MODES].reverse();
      for (const m of order) ids.push(`${w}/${m}`);
    }
  }
  ids.push('gossip/off', 'gossip/trace');
  return ids;
};

// ---------------------------------------------------------------- report

type Run = CaseRun<Samples>;

/** A ratio target: value ÷ reference at least `min`. */
interface Target {
  readonly min: number;
  readonly text: string;
}

interface ThroughputRow {
  readonly workload: Workload;
  readonly mode: Mode;
  readonly rate: Summary | undefined;
  readonly gcShare: number | undefined;
  readonly traceBytesPerMsg: number | undefined;
  readonly reference: Mode | undefined;
  readonly ratio: number | undefined;
  readonly roundRatios: ReadonlyArray<number>;
  readonly target: Target | undefined;
}

const REFERENCE: Record<Mode, Mode | undefined> = {
  nact: undefined,
  troupe: 'nact',
  sim: 'nact',
  'sim+null': 'sim',
  'sim+trace': 'sim',
  'sim+payloads': 'sim',
};

const TARGET: Partial<Record<Mode, Target>> = {
  sim: { min: SIM_VS_NACT_MIN, text: `>= ${SIM_VS_NACT_MIN}x nact` },
  'sim+trace': { min: 1 / TRACE_SLOWDOWN_MAX, text: `>= ${1 / TRACE_SLOWDOWN_MAX}x off` },
};

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const passText = (pass: boolean | undefined): string => (pass === undefined ? '-' : pass ? 'PASS' : 'FAIL');
const passJson = (pass: boolean | undefined): string | null => (pass === undefined ? null : pass ? 'pass' : 'fail');

const main = async (): Promise<void> => {
  const started = Date.now();
  const machine = machineInfo();
  console.log(`troupe simulation bench: node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores, load average ${machine.loadAvg.join(' ')}`);
  console.log(
    `one process per case; ping-pong and fan-out: ${ROUNDS} rounds of every flavour; slow flavours 1 warm-up (1/10 size) + ${RUNS_SLOW} runs, ` +
      `fast ones 2 warm-ups + ${RUNS_FAST} runs; gossip 1 warm-up (${GOSSIP_WARM_UP_MS / 1000} s virtual) + ${GOSSIP_RUNS.off} runs (trace: ${GOSSIP_RUNS.trace}); medians\n`,
  );

  const script = fileURLToPath(import.meta.url);
  const runs = await runCases<Samples>(script, plan(), 24);

  const all = (id: string, metric: string): number[] => runs.filter((r) => r.id === id).flatMap((r) => r.report.result[metric] ?? []);
  const med = (id: string, metric: string): number | undefined => {
    const s = all(id, metric);
    return s.length === 0 ? undefined : median(s);
  };
  /** value ÷ reference per round (median of each process's runs). */
  const roundRatios = (w: Workload, mode: Mode, ref: Mode): number[] => {
    const per = (m: Mode) => runs.filter((r) => r.id === `${w}/${m}`).map((r) => median(r.report.result.rate));
    const refs = per(ref);
    return per(mode).map((x, i) => x / refs[i]);
  };

  // ------------------------------------------------ table 1: throughput
  const rows: ThroughputRow[] = WORKLOADS.flatMap((w) =>
    MODES.map((mode): ThroughputRow => {
      const rateSamples = all(`${w}/${mode}`, 'rate');
      const rate = rateSamples.length === 0 ? undefined : summarize(rateSamples);
      const reference = REFERENCE[mode];
      const refRate = reference === undefined ? undefined : med(`${w}/${reference}`, 'rate');
      return {
        workload: w,
        mode,
        rate,
        gcShare: med(`${w}/${mode}`, 'gcShare'),
        traceBytesPerMsg: med(`${w}/${mode}`, 'traceBytesPerMsg'),
        reference,
        ratio: rate === undefined || refRate === undefined ? undefined : rate.median / refRate,
        roundRatios: reference === undefined ? [] : roundRatios(w, mode, reference),
        target: TARGET[mode],
      };
    }),
  );
  const rowPass = (row: ThroughputRow): boolean | undefined =>
    row.target === undefined || row.ratio === undefined ? undefined : row.ratio >= row.target.min;
  const ratioText = (row: ThroughputRow): string => {
    if (row.ratio === undefined) return '-';
    const range = row.roundRatios.length < 2 ? '' : ` (${formatNumber(Math.min(...row.roundRatios))}-${formatNumber(Math.max(...row.roundRatios))})`;
    const slower = row.ratio < 1 ? `, ${formatNumber(1 / row.ratio)}x slower` : '';
    return `${formatNumber(row.ratio)}x${range}${slower}`;
  };
  const table1 = formatTable(
    [
      { header: '#', align: 'right' },
      { header: 'workload' },
      { header: 'flavour' },
      { header: 'msgs/s', align: 'right' },
      { header: 'spread', align: 'right' },
      { header: 'GC', align: 'right' },
      { header: 'trace B/msg', align: 'right' },
      { header: 'vs' },
      { header: 'ratio (per round)' },
      { header: 'target' },
      { header: 'result' },
    ],
    rows.map((row, i) => [
      String(i + 1),
      row.workload === 'ping-pong' ? 'ping-pong 1M' : 'fan-out 10k x 100',
      MODE_LABEL[row.mode],
      row.rate === undefined ? '-' : formatNumber(row.rate.median),
      row.rate === undefined ? '-' : pct(row.rate.spread),
      row.gcShare === undefined ? '-' : pct(row.gcShare),
      row.traceBytesPerMsg === undefined ? '-' : formatNumber(row.traceBytesPerMsg),
      row.reference === undefined ? '-' : row.reference === 'sim' ? 'trace off' : MODE_LABEL[row.reference],
      ratioText(row),
      row.target?.text ?? '-',
      passText(rowPass(row)),
    ]),
  );

  // ------------------------------------------------ table 2: gossip-like load
  const gossipModes: GossipMode[] = ['off', 'trace'];
  const gossipRows = gossipModes.map((mode) => {
    const id = `gossip/${mode}`;
    const factor = med(id, 'realTimeFactor');
    const pass = mode === 'off' && factor !== undefined ? factor >= REAL_TIME_FACTOR_MIN : undefined;
    return {
      mode,
      bootSec: med(id, 'bootSec'),
      wallSec: med(id, 'wallSec'),
      events: med(id, 'events'),
      eventsPerSec: med(id, 'eventsPerSec'),
      sent: med(id, 'sent'),
      delivered: med(id, 'delivered'),
      deliveredPerSec: med(id, 'deliveredPerSec'),
      realTimeFactor: factor,
      realTimeFactorCpu: med(id, 'realTimeFactorCpu'),
      cpuShare: (() => {
        const w = med(id, 'wallSec');
        const c = med(id, 'cpuSec');
        return w === undefined || c === undefined ? undefined : c / w;
      })(),
      gcShare: med(id, 'gcShare'),
      traceEvents: med(id, 'traceEvents'),
      traceBytes: med(id, 'traceBytes'),
      wallSpread: all(id, 'wallSec').length < 2 ? undefined : summarize(all(id, 'wallSec')).spread,
      target: mode === 'off' ? `>= ${REAL_TIME_FACTOR_MIN}x` : undefined,
      pass,
    };
  });
  const n = (x: number | undefined, digits = 3): string => (x === undefined ? '-' : formatNumber(x, digits));
  const table2 = formatTable(
    [
      { header: '#', align: 'right' },
      { header: `gossip-like load, ${GOSSIP_NODES} nodes, ${GOSSIP_VIRTUAL_MS / 1000} s virtual` },
      { header: 'boot s', align: 'right' },
      { header: 'wall s', align: 'right' },
      { header: 'events', align: 'right' },
      { header: 'events/s', align: 'right' },
      { header: 'msgs delivered', align: 'right' },
      { header: 'msgs/s', align: 'right' },
      { header: 'GC', align: 'right' },
      { header: 'x real time', align: 'right' },
      { header: 'CPU', align: 'right' },
      { header: 'x real time per CPU s', align: 'right' },
      { header: 'target' },
      { header: 'result' },
    ],
    gossipRows.map((g, i) => [
      String(i + 1),
      g.mode === 'off' ? 'trace off' : 'trace to file, no payloads (info)',
      n(g.bootSec),
      n(g.wallSec),
      n(g.events),
      n(g.eventsPerSec),
      n(g.delivered),
      n(g.deliveredPerSec),
      g.gcShare === undefined ? '-' : pct(g.gcShare),
      n(g.realTimeFactor),
      g.cpuShare === undefined ? '-' : pct(g.cpuShare),
      n(g.realTimeFactorCpu),
      g.target ?? '-',
      passText(g.pass),
    ]),
  );

  console.log(`\n${table1}\n`);
  console.log(
    'msgs/s: median over all runs of all rounds; spread: (max - min) / median; GC: share of the run in GC pauses; ratio: medians, in parentheses lowest-highest per round.\n' +
      'trace to no-op sink: every event built and handed to a sink that drops it (diagnostic: runtime trace hooks without JSON encoding or file writes).\n' +
      `targets: simulation with tracing off >= ${SIM_VS_NACT_MIN}x raw nact; tracing to a file without payloads within ${TRACE_SLOWDOWN_MAX}x of tracing off (ratio >= ${1 / TRACE_SLOWDOWN_MAX}).`,
  );
  console.log(`\n${table2}\n`);
  console.log(
    `each node's actor ticks every ${GOSSIP_INTERVAL_MS} ms (random phase) and tells a random other node's actor; network uniform 1-5 ms; seed ${SEED}.\n` +
      `boot: creating ${GOSSIP_NODES} nodes and actors (not in wall); wall: sim.runFor(${GOSSIP_VIRTUAL_MS}); events: clock events run (timers, network hops, deliveries); ` +
      `x real time: ${GOSSIP_VIRTUAL_MS / 1000} s / wall. CPU: this process's CPU time / wall during the run (below 100%: the shared machine took the rest); ` +
      `x real time per CPU s: ${GOSSIP_VIRTUAL_MS / 1000} s / that CPU time (what one uncontended core would give, GC threads included). ` +
      `target: trace off >= ${REAL_TIME_FACTOR_MIN}x faster than real time (judged on wall time).`,
  );
  const traced = gossipRows.find((g) => g.mode === 'trace');
  if (traced?.traceEvents !== undefined && traced.traceBytes !== undefined) {
    console.log(`traced gossip run: ${formatNumber(traced.traceEvents)} trace events, ${formatNumber(traced.traceBytes / 1e6)} MB of JSONL`);
  }

  // ------------------------------------------------ noise
  const noisy: string[] = [];
  for (const { id, report } of runs) {
    if (report.otherCores !== undefined && report.otherCores > NOISY_OTHER_CORES) {
      noisy.push(`${id}: other processes used ${report.otherCores.toFixed(2)} cores while it ran`);
    }
  }
  for (const id of new Set(runs.map((r) => r.id))) {
    for (const metric of ['rate', 'wallSec']) {
      const s = all(id, metric);
      if (s.length < 2) continue;
      const sum = summarize(s);
      if (sum.spread > 0.15) noisy.push(`${id} ${metric}: runs spread ${pct(sum.spread)} (${s.map((x) => formatNumber(x)).join(', ')})`);
    }
  }
  for (const mode of gossipModes) {
    const counts = new Set(all(`gossip/${mode}`, 'events'));
    if (counts.size > 1) noisy.push(`gossip/${mode}: runs of the same seed ran different event counts (${[...counts].join(', ')}): not deterministic`);
  }
  const otherCores = runs.map((r) => r.report.otherCores).filter((x): x is number => x !== undefined);
  const sharedNote =
    `measured on a shared ${machine.cores}-core machine (other engineers' processes running): ` +
    (otherCores.length === 0 ? 'other load unknown' : `other processes used ${formatNumber(median(otherCores))} cores (median over cases, max ${formatNumber(Math.max(...otherCores))})`);
  console.log(`\n${sharedNote}`);
  if (noisy.length > 0) {
    console.log('noise detected:');
    for (const line of noisy) console.log(`  - ${line}`);
  }

  const elapsedSec = (Date.now() - started) / 1000;
  writeResults(RESULTS_FILE, {
    bench: 'sim',
    date: new Date(started).toISOString(),
    elapsedSec,
    machine,
    sharedMachine: sharedNote,
    versions: { nact: '7.6.2' },
    method:
      `one node process per case (--expose-gc); ping-pong and fan-out: ${ROUNDS} rounds of one process per flavour, order reversed every other round; ` +
      `slow flavours 1 warm-up at 1/10 size + ${RUNS_SLOW} runs, fast flavours (sim, sim+null) 2 full warm-ups + ${RUNS_FAST} runs; ` +
      `gossip: 1 warm-up of ${GOSSIP_WARM_UP_MS} ms virtual + ${GOSSIP_RUNS.off} runs (trace off) / ${GOSSIP_RUNS.trace} runs (trace); values are medians over all runs; ` +
      `trace files in ${tmpdir()}, deleted after each run`,
    throughput: rows.map((row) => ({
      workload: row.workload,
      flavour: row.mode,
      label: MODE_LABEL[row.mode],
      msgsPerSec: row.rate?.median ?? null,
      samples: row.rate?.samples ?? [],
      gcShare: row.gcShare ?? null,
      traceBytesPerMsg: row.traceBytesPerMsg ?? null,
      vs: row.reference ?? null,
      ratio: row.ratio ?? null,
      roundRatios: row.roundRatios,
      target: row.target?.text ?? null,
      pass: passJson(rowPass(row)),
    })),
    gossip: gossipRows.map((g) => ({
      nodes: GOSSIP_NODES,
      intervalMs: GOSSIP_INTERVAL_MS,
      virtualMs: GOSSIP_VIRTUAL_MS,
      trace: g.mode,
      bootSec: g.bootSec ?? null,
      wallSec: g.wallSec ?? null,
      wallSamples: all(`gossip/${g.mode}`, 'wallSec'),
      events: g.events ?? null,
      eventsPerSec: g.eventsPerSec ?? null,
      sent: g.sent ?? null,
      delivered: g.delivered ?? null,
      deliveredPerSec: g.deliveredPerSec ?? null,
      realTimeFactor: g.realTimeFactor ?? null,
      cpuShare: g.cpuShare ?? null,
      realTimeFactorPerCpuSec: g.realTimeFactorCpu ?? null,
      gcShare: g.gcShare ?? null,
      traceEvents: g.traceEvents ?? null,
      traceBytes: g.traceBytes ?? null,
      target: g.target ?? null,
      pass: passJson(g.pass),
    })),
    processes: runs.map(({ id, report }) => ({
      case: id,
      wallSec: report.wallSec,
      selfCpuSec: report.selfCpuSec,
      otherCores: report.otherCores ?? null,
      samples: report.result,
    })),
    noise: noisy,
  });
  console.log(`\nwrote ${RESULTS_FILE} (${elapsedSec.toFixed(0)} s)`);
};

if (await serveCase(cases)) process.exit(0);
await main();
