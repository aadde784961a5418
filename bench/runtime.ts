/**
 * Runtime benchmark: troupe's typed actor layer against raw nact 7.6.2, and
 * troupe's virtual clock against RxJS's VirtualTimeScheduler.
 *
 *   npm run bench:runtime
 *
 * Every case runs in its own node process (fresh JIT and heap, `--expose-gc`),
 * a warm-up first, then measured runs; the table shows medians. The two
 * comparisons with a ratio target (ping-pong, fan-out) run as ROUNDS
 * interleaved pairs of processes (nact, troupe / troupe, nact / …) so that
 * background load hits both sides alike. Prints an aligned table and writes
 * bench/results/runtime.json.
 */
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/Either';
import * as t from 'io-ts';
import { VirtualTimeScheduler } from 'rxjs';
import { createActorSystem, defineBehavior, refCodec, type ActorSystem, type Ref } from '../lib/actor/index.js';
import { createRandom } from '../lib/random/index.js';
import { createVirtualClock } from '../lib/time/index.js';
import { settledHeapBytes } from './lib/gc.js';
import { runCases, secondsSince, serveCase, type CaseRun } from './lib/isolate.js';
import { machineInfo } from './lib/machine.js';
import { nact, type NactRef } from './lib/nact.js';
import { writeResults } from './lib/results.js';
import { median, summarize, type Summary } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';
import {
  Hit,
  fanOutNact,
  fanOutSim,
  fanOutTroupe,
  gcMeter,
  hrnow,
  nactName,
  pingPongNact,
  pingPongSim,
  pingPongTroupe,
  repeat,
  settle,
  withGc,
  type Samples,
} from './lib/workloads.js';

/** Measured runs of a single-process case (after its warm-up). */
const RUNS = 3;
/** Interleaved process pairs for the ping-pong and fan-out ratios. */
const ROUNDS = 3;
/** Measured runs per process in a round (after its warm-up). */
const RUNS_PER_ROUND = 2;

const PING_PONG_MESSAGES = 1_000_000;
const FAN_OUT_ACTORS = 10_000;
const FAN_OUT_PER_ACTOR = 100;
const SPAWN_ACTORS = 100_000;
const ASKS = 20_000;
const CLOCK_TIMERS = 1_000_000;
const RXJS_TIMERS = 10_000;
const TIMER_DELAY_MS_MAX = 1_000_000;
const ASK_TIMEOUT_MS = 1000;
/** Other processes using more than this many cores during a case make its numbers suspect. */
const NOISY_OTHER_CORES = 0.25;

const RESULTS_FILE = fileURLToPath(new URL('./results/runtime.json', import.meta.url));

// ---------------------------------------------------------------- protocols

const Get = t.type({ type: t.literal('get'), replyTo: refCodec<number>() });
type Get = t.TypeOf<typeof Get>;

interface NactGet {
  readonly type: 'get';
  readonly replyTo: NactRef;
}

// ---------------------------------------------------------------- 1. ping-pong, 2. fan-out

// The workloads (raw nact, troupe on nact, troupe on the simulation dispatcher)
// live in ./lib/workloads.ts, shared with bench/sim.ts.

// ---------------------------------------------------------------- 3. spawn cost

interface SpawnSample {
  usPerSpawn: number;
  bytesPerActor: number;
}

const idle = (n: number): number => n;

/** Raw nact: `n` top-level actors under the system. */
const spawnNact = async (n: number): Promise<SpawnSample> => {
  const system = nact.start({ name: nactName() });
  const refs: NactRef[] = new Array<NactRef>(n);
  const h0 = settledHeapBytes();
  const t0 = hrnow();
  for (let i = 0; i < n; i++) refs[i] = nact.spawn(system, idle, `a${i}`, { initialState: 0 });
  const s = secondsSince(t0);
  const h1 = settledHeapBytes();
  nact.stop(system);
  await settle();
  return { usPerSpawn: (s * 1e6) / n, bytesPerActor: (h1 - h0) / n };
};

const Idle = defineBehavior({ name: 'idle', protocol: Hit, init: () => 0, receive: (n: number) => n });

/** troupe (nact dispatcher): `n` top-level actors of the default node; optionally time `system.shutdown()`. */
const spawnTroupe = async (n: number, timeShutdown: boolean): Promise<SpawnSample & { shutdownMs?: number }> => {
  const system: ActorSystem = createActorSystem();
  system.node('local');
  const refs: Ref<Hit>[] = new Array<Ref<Hit>>(n);
  const h0 = settledHeapBytes();
  const t0 = hrnow();
  for (let i = 0; i < n; i++) refs[i] = system.spawn(Idle, `a${i}`);
  const s = secondsSince(t0);
  const h1 = settledHeapBytes();
  const sample = { usPerSpawn: (s * 1e6) / n, bytesPerActor: (h1 - h0) / n };
  if (!timeShutdown) {
    system.dispatcher.shutdown();
    await settle();
    return sample;
  }
  const t1 = hrnow();
  await system.shutdown();
  const shutdownMs = secondsSince(t1) * 1000;
  await settle();
  return { ...sample, shutdownMs };
};

// ---------------------------------------------------------------- 4. ask round trip

/** µs per raw nact `query`, sequential. */
const askNact = async (n: number): Promise<number> => {
  const system = nact.start({ name: nactName() });
  const ref = nact.spawn(
    system,
    (count: number, msg: NactGet) => {
      nact.dispatch(msg.replyTo, count);
      return count + 1;
    },
    'responder',
    { initialState: 0 },
  );
  const t0 = hrnow();
  for (let i = 0; i < n; i++) {
    const r = await nact.query<number>(ref, (replyTo) => ({ type: 'get', replyTo }), ASK_TIMEOUT_MS);
    if (r !== i) throw new Error(`nact query ${i} got ${r}`);
  }
  const s = secondsSince(t0);
  nact.stop(system);
  await settle();
  return (s * 1e6) / n;
};

const Responder = defineBehavior({
  name: 'responder',
  protocol: Get,
  init: () => 0,
  receive: (count: number, msg: Get, ctx) => {
    ctx.tell(msg.replyTo, count);
    return count + 1;
  },
});

/** µs per troupe `system.ask` (nact dispatcher, real clock), sequential. */
const askTroupe = async (n: number): Promise<number> => {
  const system = createActorSystem();
  const ref = system.spawn(Responder, 'responder');
  const t0 = hrnow();
  for (let i = 0; i < n; i++) {
    const r = await system.ask(ref, (replyTo: Ref<number>): Get => ({ type: 'get', replyTo }), ASK_TIMEOUT_MS)();
    if (isLeft(r) || r.right !== i) throw new Error(`troupe ask ${i} got ${JSON.stringify(r)}`);
  }
  const s = secondsSince(t0);
  await system.shutdown();
  await settle();
  return (s * 1e6) / n;
};

// ---------------------------------------------------------------- 5. virtual clock

/** Seeded timer delays (ms), drawn before timing so the clock alone is measured. */
const timerDelays = (n: number): Float64Array => {
  const random = createRandom(1);
  const delays = new Float64Array(n);
  for (let i = 0; i < n; i++) delays[i] = random.int(1, TIMER_DELAY_MS_MAX);
  return delays;
};

interface ClockSample {
  timersPerSec: number;
  schedulePerSec: number;
  firePerSec: number;
  peakPending: number;
  gcShare: number;
}

/** troupe's VirtualClock: schedule all, then `runAll()`. */
const clockTroupe = async (delays: Float64Array): Promise<ClockSample> => {
  const n = delays.length;
  const clock = createVirtualClock();
  let fired = 0;
  const work = (): void => {
    fired++;
  };
  gcMeter().start();
  const t0 = hrnow();
  for (let i = 0; i < n; i++) clock.schedule(work, delays[i]);
  const scheduleSec = secondsSince(t0);
  const peakPending = clock.pending;
  const t1 = hrnow();
  clock.runAll();
  const fireSec = secondsSince(t1);
  const gcMs = await gcMeter().stop();
  if (fired !== n) throw new Error(`virtual clock fired ${fired} of ${n}`);
  const total = scheduleSec + fireSec;
  return { timersPerSec: n / total, schedulePerSec: n / scheduleSec, firePerSec: n / fireSec, peakPending, gcShare: gcMs / 1000 / total };
};

/** Heap held per pending timer by troupe's VirtualClock. */
const clockTroupeBytesPerTimer = (delays: Float64Array): number => {
  const clock = createVirtualClock();
  const work = (): void => {};
  const h0 = settledHeapBytes();
  for (let i = 0; i < delays.length; i++) clock.schedule(work, delays[i]);
  const h1 = settledHeapBytes();
  clock.runAll();
  return (h1 - h0) / delays.length;
};

/** RxJS 7 VirtualTimeScheduler: schedule all, then `flush()`. */
const clockRxjs = async (delays: Float64Array): Promise<ClockSample> => {
  const n = delays.length;
  const scheduler = new VirtualTimeScheduler();
  let fired = 0;
  const work = (): void => {
    fired++;
  };
  gcMeter().start();
  const t0 = hrnow();
  for (let i = 0; i < n; i++) scheduler.schedule(work, delays[i]);
  const scheduleSec = secondsSince(t0);
  const peakPending = scheduler.actions.length;
  const t1 = hrnow();
  scheduler.flush();
  const fireSec = secondsSince(t1);
  const gcMs = await gcMeter().stop();
  if (fired !== n) throw new Error(`rxjs fired ${fired} of ${n}`);
  const total = scheduleSec + fireSec;
  return { timersPerSec: n / total, schedulePerSec: n / scheduleSec, firePerSec: n / fireSec, peakPending, gcShare: gcMs / 1000 / total };
};

// ---------------------------------------------------------------- cases (one process each)

const PP = PING_PONG_MESSAGES;
const FA = FAN_OUT_ACTORS;
const FP = FAN_OUT_PER_ACTOR;

const cases: Record<string, () => Promise<Samples>> = {
  'ping-pong/nact': () => repeat(1, () => pingPongNact(PP / 10), RUNS_PER_ROUND, () => withGc(PP, () => pingPongNact(PP))),
  'ping-pong/troupe': () => repeat(1, () => pingPongTroupe(PP / 10), RUNS_PER_ROUND, () => withGc(PP, () => pingPongTroupe(PP))),
  'ping-pong/sim': () => repeat(2, () => pingPongSim(PP), 5, () => withGc(PP, () => pingPongSim(PP))),
  'fan-out/nact': () => repeat(1, () => fanOutNact(FA, FP / 10), RUNS_PER_ROUND, () => withGc(FA * FP, () => fanOutNact(FA, FP))),
  'fan-out/troupe': () => repeat(1, () => fanOutTroupe(FA, FP / 10), RUNS_PER_ROUND, () => withGc(FA * FP, () => fanOutTroupe(FA, FP))),
  'fan-out/sim': () => repeat(1, () => fanOutSim(FA, FP), RUNS, () => withGc(FA * FP, () => fanOutSim(FA, FP))),
  'spawn/nact': () => repeat(1, () => spawnNact(SPAWN_ACTORS / 4), RUNS, () => spawnNact(SPAWN_ACTORS)),
  'spawn/troupe': async () => {
    const samples = await repeat(1, () => spawnTroupe(SPAWN_ACTORS / 4, false), RUNS, () => spawnTroupe(SPAWN_ACTORS, false));
    // Informational, once: stopping a node with that many top-level actors.
    const shut = await spawnTroupe(SPAWN_ACTORS, true);
    return { ...samples, shutdownMs: [shut.shutdownMs ?? Number.NaN] };
  },
  'ask/nact': () => repeat(1, () => askNact(ASKS), RUNS, async () => ({ us: await askNact(ASKS) })),
  'ask/troupe': () => repeat(1, () => askTroupe(ASKS), RUNS, async () => ({ us: await askTroupe(ASKS) })),
  'clock/troupe': async () => {
    const big = timerDelays(CLOCK_TIMERS);
    const small = timerDelays(RXJS_TIMERS);
    const samples = await repeat(1, () => clockTroupe(timerDelays(CLOCK_TIMERS / 5)), RUNS, async () => {
      const s = await clockTroupe(big);
      return { ...s, rate10k: (await clockTroupe(small)).timersPerSec };
    });
    return { ...samples, bytesPerTimer: [clockTroupeBytesPerTimer(big)] };
  },
  'clock/rxjs': () => {
    const small = timerDelays(RXJS_TIMERS);
    return repeat(1, () => clockRxjs(small), RUNS, () => clockRxjs(small));
  },
};

/** The processes to start, in order: ratio pairs interleaved (AB, BA, AB, …), the rest once. */
const plan = (): string[] => {
  const ids: string[] = [];
  for (const bench of ['ping-pong', 'fan-out']) {
    for (let r = 0; r < ROUNDS; r++) ids.push(...(r % 2 === 0 ? [`${bench}/nact`, `${bench}/troupe`] : [`${bench}/troupe`, `${bench}/nact`]));
    ids.push(`${bench}/sim`);
  }
  ids.push('spawn/nact', 'spawn/troupe', 'ask/nact', 'ask/troupe', 'clock/troupe', 'clock/rxjs');
  return ids;
};

// ---------------------------------------------------------------- report

type Better = 'higher' | 'lower';

interface Row {
  readonly name: string;
  readonly troupe: Summary | undefined;
  readonly baseline: Summary | undefined;
  readonly unit: string;
  readonly better: Better;
  /** Minimum troupe ÷ baseline, or minimum troupe value. */
  readonly target: { readonly kind: 'ratio' | 'absolute'; readonly min: number } | undefined;
  /** Shown instead of a number when there is no baseline value. */
  readonly baselineText?: string;
  /** Per-round troupe ÷ baseline, for the interleaved pairs. */
  readonly roundRatios?: ReadonlyArray<number>;
  readonly note: string;
}

const ratioOf = (row: Row): number | undefined =>
  row.troupe === undefined || row.baseline === undefined ? undefined : row.troupe.median / row.baseline.median;

const passOf = (row: Row): boolean | undefined => {
  if (row.target === undefined || row.troupe === undefined) return undefined;
  const value = row.target.kind === 'ratio' ? ratioOf(row) : row.troupe.median;
  return value === undefined ? undefined : value >= row.target.min;
};

const targetText = (row: Row): string =>
  row.target === undefined ? '-' : row.target.kind === 'ratio' ? `>= ${row.target.min}x` : `>= ${formatNumber(row.target.min)}`;

const pct = (x: number): string => `${Math.round(x * 100)}%`;

type Run = CaseRun<Samples>;

const main = async (): Promise<void> => {
  const started = Date.now();
  const machine = machineInfo();
  console.log(`troupe runtime bench: node ${machine.node}, ${machine.cpuModel}, ${machine.cores} cores, load average ${machine.loadAvg.join(' ')}`);
  console.log(
    `one process per case; ping-pong and fan-out: ${ROUNDS} interleaved rounds x (1 warm-up + ${RUNS_PER_ROUND} runs); others: 1 warm-up + ${RUNS} runs; medians\n`,
  );

  const script = fileURLToPath(import.meta.url);
  const runs = await runCases<Samples>(script, plan(), 18);

  /** All samples of a metric over every process of a case. */
  const all = (id: string, metric: string): number[] => runs.filter((r) => r.id === id).flatMap((r) => r.report.result[metric] ?? []);
  const m = (id: string, metric: string): Summary | undefined => {
    const s = all(id, metric);
    return s.length === 0 ? undefined : summarize(s);
  };
  /** troupe ÷ nact per interleaved round (median of each process's runs). */
  const roundRatios = (bench: string): number[] => {
    const per = (mode: string) => runs.filter((r) => r.id === `${bench}/${mode}`).map((r) => median(r.report.result.rate));
    const nactRates = per('nact');
    return per('troupe').map((x, i) => x / nactRates[i]);
  };
  const gcNote = (id: string): string => {
    const g = all(id, 'gcShare');
    return g.length === 0 ? '?' : pct(median(g));
  };

  const rows: Row[] = [
    {
      name: 'ping-pong 1M, troupe on nact',
      troupe: m('ping-pong/troupe', 'rate'),
      baseline: m('ping-pong/nact', 'rate'),
      unit: 'msgs/s',
      better: 'higher',
      target: { kind: 'ratio', min: 0.85 },
      roundRatios: roundRatios('ping-pong'),
      note:
        'baseline: raw nact, two stateful actors dispatch() to each other; troupe: defineBehavior + io-ts protocol, ctx.tell, ' +
        `createActorSystem() (nact dispatcher, real clock). GC: troupe ${gcNote('ping-pong/troupe')}, nact ${gcNote('ping-pong/nact')} of the run`,
    },
    {
      name: 'ping-pong 1M, troupe on sim (info)',
      troupe: m('ping-pong/sim', 'rate'),
      baseline: m('ping-pong/nact', 'rate'),
      unit: 'msgs/s',
      better: 'higher',
      target: undefined,
      note: 'the same behaviours on createSimDispatcher(), driven synchronously by clock.runAll(); baseline: raw nact as in 1',
    },
    {
      name: 'fan-out 10k x 100, troupe on nact',
      troupe: m('fan-out/troupe', 'rate'),
      baseline: m('fan-out/nact', 'rate'),
      unit: 'msgs/s',
      better: 'higher',
      target: { kind: 'ratio', min: 0.85 },
      roundRatios: roundRatios('fan-out'),
      note:
        'baseline: raw nact, 10k counter actors, 1M dispatch() from outside round-robin, done when every count is 100; troupe: the same with ' +
        `system.tell. All 1M messages are in flight at once. GC: troupe ${gcNote('fan-out/troupe')}, nact ${gcNote('fan-out/nact')} of the run`,
    },
    {
      name: 'fan-out 10k x 100, troupe on sim (info)',
      troupe: m('fan-out/sim', 'rate'),
      baseline: m('fan-out/nact', 'rate'),
      unit: 'msgs/s',
      better: 'higher',
      target: undefined,
      note: 'the same counters on createSimDispatcher() + clock.runAll(); baseline: raw nact as in 3',
    },
    {
      name: 'spawn 100k, time per spawn',
      troupe: m('spawn/troupe', 'usPerSpawn'),
      baseline: m('spawn/nact', 'usPerSpawn'),
      unit: 'us/actor',
      better: 'lower',
      target: undefined,
      note: 'baseline: raw nact spawn() of top-level actors; troupe: system.spawn() of top-level actors (cell, context, timers, forked PRNG, registry entry, and a nact actor)',
    },
    {
      name: 'spawn 100k, heap per actor',
      troupe: m('spawn/troupe', 'bytesPerActor'),
      baseline: m('spawn/nact', 'bytesPerActor'),
      unit: 'bytes/actor',
      better: 'lower',
      target: undefined,
      note: 'heapUsed after a full gc, before and after spawning (refs kept in an array on both sides); troupe includes its nact actor',
    },
    {
      name: 'shutdown of 100k top-level actors (info)',
      troupe: m('spawn/troupe', 'shutdownMs'),
      baseline: undefined,
      baselineText: '-',
      unit: 'ms',
      better: 'lower',
      target: undefined,
      note: 'one run: await system.shutdown() of a node with 100k top-level actors (no baseline)',
    },
    {
      name: 'ask round trip x 20k, sequential',
      troupe: m('ask/troupe', 'us'),
      baseline: m('ask/nact', 'us'),
      unit: 'us/ask',
      better: 'lower',
      target: undefined,
      note: 'baseline: raw nact query(ref, tmp => msg, 1000); troupe: await system.ask(ref, replyTo => msg, 1000)(); both with a real-time timeout armed and cleared per ask',
    },
    {
      name: 'virtual clock, 1M timers',
      troupe: m('clock/troupe', 'timersPerSec'),
      baseline: m('clock/rxjs', 'timersPerSec'),
      unit: 'timers/s',
      better: 'higher',
      target: { kind: 'absolute', min: 500_000 },
      note:
        'troupe: createVirtualClock(), 1M clock.schedule(work, delay) with seeded random delays (createRandom(1), 1..1e6 ms), then runAll(); ' +
        `baseline: RxJS VirtualTimeScheduler with only 10k timers + flush() (see 15). GC: ${gcNote('clock/troupe')} of the run`,
    },
    {
      name: 'virtual clock, 1M timers: schedule phase',
      troupe: m('clock/troupe', 'schedulePerSec'),
      baseline: m('clock/rxjs', 'schedulePerSec'),
      unit: 'timers/s',
      better: 'higher',
      target: undefined,
      note: 'the schedule() loop alone; baseline at 10k as in 9',
    },
    {
      name: 'virtual clock, 1M timers: fire phase',
      troupe: m('clock/troupe', 'firePerSec'),
      baseline: m('clock/rxjs', 'firePerSec'),
      unit: 'timers/s',
      better: 'higher',
      target: undefined,
      note: 'runAll() / flush() alone; baseline at 10k as in 9',
    },
    {
      name: 'virtual clock, peak pending',
      troupe: m('clock/troupe', 'peakPending'),
      baseline: m('clock/rxjs', 'peakPending'),
      unit: 'timers',
      better: 'higher',
      target: undefined,
      note: 'timers queued at once before the first fires; baseline at 10k',
    },
    {
      name: 'virtual clock, heap per pending timer',
      troupe: m('clock/troupe', 'bytesPerTimer'),
      baseline: undefined,
      baselineText: '-',
      unit: 'bytes/timer',
      better: 'lower',
      target: undefined,
      note: 'one run with 1M pending timers (action object + heap slot)',
    },
    {
      name: 'virtual clock, 10k timers (same N)',
      troupe: m('clock/troupe', 'rate10k'),
      baseline: m('clock/rxjs', 'timersPerSec'),
      unit: 'timers/s',
      better: 'higher',
      target: undefined,
      note: 'like for like: both at 10k timers, schedule + fire',
    },
    {
      name: 'virtual clock, RxJS at 1M timers',
      troupe: undefined,
      baseline: undefined,
      baselineText: 'not run',
      unit: 'timers/s',
      better: 'higher',
      target: undefined,
      note: 'not run: VirtualTimeScheduler sorts its whole action list on every schedule() and shift()s it on every fire (quadratic); at 1M it did not finish when measured for ARCHITECTURE.md',
    },
  ];

  const num = (s: Summary | undefined, fallback = '-'): string => (s === undefined ? fallback : formatNumber(s.median));
  const ratioText = (row: Row): string => {
    const ratio = ratioOf(row);
    if (ratio === undefined) return '-';
    const rr = row.roundRatios;
    if (rr === undefined || rr.length < 2) return `${ratio.toFixed(2)}x`;
    return `${ratio.toFixed(2)}x (${Math.min(...rr).toFixed(2)}-${Math.max(...rr).toFixed(2)})`;
  };
  const table = formatTable(
    [
      { header: '#', align: 'right' },
      { header: 'benchmark' },
      { header: 'troupe', align: 'right' },
      { header: 'baseline', align: 'right' },
      { header: 'ratio', align: 'right' },
      { header: 'unit' },
      { header: 'better' },
      { header: 'target' },
      { header: 'result' },
    ],
    rows.map((row, i) => {
      const pass = passOf(row);
      return [
        String(i + 1),
        row.name,
        num(row.troupe),
        num(row.baseline, row.baselineText ?? '-'),
        ratioText(row),
        row.unit,
        row.better,
        targetText(row),
        pass === undefined ? '-' : pass ? 'PASS' : 'FAIL',
      ];
    }),
  );
  console.log(`\n${table}\n`);
  console.log('ratio = troupe / baseline, from the medians; in parentheses: lowest and highest per-round ratio of the interleaved pairs.');
  rows.forEach((row, i) => console.log(`${String(i + 1).padStart(2)}. ${row.note}`));

  // Noise: other processes busy during a case, or runs of one case disagreeing.
  const noisy: string[] = [];
  for (const { id, report } of runs) {
    if (report.otherCores !== undefined && report.otherCores > NOISY_OTHER_CORES) {
      noisy.push(`${id}: other processes used ${report.otherCores.toFixed(2)} cores while it ran`);
    }
  }
  for (const id of new Set(runs.map((r) => r.id))) {
    for (const metric of ['rate', 'timersPerSec', 'usPerSpawn', 'us']) {
      const s = all(id, metric);
      if (s.length < 2) continue;
      const sum = summarize(s);
      if (sum.spread > 0.15) noisy.push(`${id} ${metric}: runs spread ${pct(sum.spread)} (${s.map((x) => formatNumber(x)).join(', ')})`);
    }
  }
  if (noisy.length > 0) {
    console.log(`\nnoise detected (${machine.cores} cores):`);
    for (const line of noisy) console.log(`  - ${line}`);
  }

  const elapsedSec = (Date.now() - started) / 1000;
  writeResults(RESULTS_FILE, {
    bench: 'runtime',
    date: new Date(started).toISOString(),
    elapsedSec,
    machine,
    versions: { nact: '7.6.2', rxjs: '7.8.2' },
    method:
      `one node process per case (--expose-gc); ping-pong and fan-out: ${ROUNDS} interleaved rounds of (nact, troupe) processes, ` +
      `each 1 warm-up + ${RUNS_PER_ROUND} runs; other cases 1 warm-up + ${RUNS} runs; values are medians over all runs`,
    rows: rows.map((row) => {
      const ratio = ratioOf(row);
      const pass = passOf(row);
      return {
        name: row.name,
        troupe: row.troupe?.median ?? null,
        baseline: row.baseline?.median ?? row.baselineText ?? null,
        ratio: ratio ?? null,
        roundRatios: row.roundRatios ?? null,
        unit: row.unit,
        better: row.better,
        target: row.target === undefined ? null : targetText(row),
        pass: pass === undefined ? null : pass ? 'pass' : 'fail',
        troupeSamples: row.troupe?.samples ?? [],
        baselineSamples: row.baseline?.samples ?? [],
        note: row.note,
      };
    }),
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
