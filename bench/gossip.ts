/**
 * Gossip benchmark: how fast and how cheaply each dissemination strategy of
 * actors/gossip brings one entry to every node, against the theory line
 * log_{k+1}(N) + ln(N)/k and memberlist's message bound N·4·⌈log10(N+1)⌉.
 *
 *   npm run bench:gossip            (full run, ~5 min on a 2-core machine)
 *   npx tsx bench/gossip.ts quick   (3 seeds everywhere, for a smoke test)
 *
 * Every run is a deterministic simulation (trace off): N nodes boot with the
 * default options (200 ms rounds, anti-entropy every 1 s with one random
 * peer, 1–5 ms latency), run 250 ms, then one node writes one entry. We
 * measure, from that write:
 * - rounds: time until every node holds the entry, in rounds (200 ms); with
 *   aligned rounds (the synchronous model), the number of rounds that ran;
 * - msgs@all: every message between nodes (pushes, digests, repairs) until then;
 * - msgs total: the same until no node is pushing the entry any more (quiet);
 * - dup: rumor pushes that reached a node already holding the entry;
 * - wall: wall time of the run (boot of N nodes excluded, shown apart).
 * `plain-random` and `seed` have no stopping rule a node can apply alone: they
 * are given a free convergence oracle (`isConverged`: every node holds it),
 * which real clusters don't have. `seed+budget` and `push-pull` stop alone.
 */
import { fileURLToPath } from 'node:url';
import { createSimulation } from '../lib/sim/index.js';
import { stopwatch } from '../lib/time/index.js';
import { GossipMonitor, bootGossipCluster, memberlistBound, retransmitLimit, theoryRounds } from '../actors/gossip/index.js';
import { machineInfo } from './lib/machine.js';
import { writeResults } from './lib/results.js';
import { median } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const RESULTS_FILE = fileURLToPath(new URL('./results/gossip.json', import.meta.url));
const QUICK = process.argv.includes('quick');
const STRATEGIES = ['plain-random', 'seed', 'seed+budget', 'push-pull'] as const;
const ORACLE = new Set<string>(['plain-random', 'seed']);
const ROUND_MS = 200;
const WARMUP_MS = 250;
const LIMIT_MS = 120_000;
const HEAL_AFTER_MS = 10_000;
/**
 * Seeds per configuration: 20 everywhere (the issue asks for a median over
 * ≥ 20 seeds). At N = 10,000 one run takes 1–3 s of wall time, so the whole
 * bench takes ~10 minutes; `quick` runs 3 seeds for a smoke test.
 */
const seedsFor = (_c: Config): number => (QUICK ? 3 : 20);

interface Config {
  readonly n: number;
  readonly k: number;
  readonly strategy: string;
  readonly loss?: number;
  /** Partition the cluster in two halves from the write until this long after it. */
  readonly partitionMs?: number;
  readonly phase?: 'random' | 'aligned';
}

interface Run {
  readonly reached: boolean;
  /** Rounds from the write (or the heal) until every node held the entry. */
  readonly rounds: number;
  readonly msgsAtAll: number;
  readonly msgsTotal: number;
  readonly pushesTotal: number;
  readonly dupAtAll: number;
  readonly dupTotal: number;
  readonly bootMs: number;
  readonly wallMs: number;
}

const runOnce = (c: Config, seed: number): Run => {
  const boot = stopwatch();
  const sim = createSimulation({ seed, trace: false, network: c.loss ? { link: { loss: c.loss } } : undefined });
  const monitor = new GossipMonitor(c.n);
  const cluster = bootGossipCluster(sim, c.n, {
    fanout: c.k,
    strategy: c.strategy,
    phase: c.phase ?? 'random',
    roundMs: ROUND_MS,
    observer: monitor,
    isConverged: ORACLE.has(c.strategy) ? monitor.isConverged : undefined,
  });
  const pick = sim.random.fork('bench');
  const origin = cluster.nodes[pick.int(0, c.n - 1)];
  // Aligned rounds tick at multiples of ROUND_MS: write just before one, so round 1 starts at once.
  sim.runFor(c.phase === 'aligned' ? 2 * ROUND_MS - 1 : WARMUP_MS);
  const bootMs = boot();
  const wall = stopwatch();
  const sent0 = sim.network.stats.sent;
  const t0 = sim.now();
  let from = t0;
  if (c.partitionMs !== undefined) {
    const shuffled = pick.shuffle(cluster.nodes);
    sim.partition([shuffled.slice(0, c.n >> 1), shuffled.slice(c.n >> 1)]);
    sim.at(t0 + c.partitionMs, { type: 'heal' });
    from = t0 + c.partitionMs;
  }
  sim.tell(cluster.ref(origin), { type: 'put', key: 'x', value: 1 });
  const all = (): boolean => monitor.holders('x', 1, origin) === c.n;
  const reached = sim.runUntil(all, LIMIT_MS);
  const tAll = sim.now();
  const msgsAtAll = sim.network.stats.sent - sent0;
  const dupAtAll = monitor.counters.duplicates;
  sim.runUntil(() => monitor.spreads === 0, LIMIT_MS);
  return {
    reached,
    // Aligned: the number of rounds that ran (the write lands 1 ms before round 1). Random
    // offsets: elapsed time in rounds (nodes are not in step, so rounds cannot be counted).
    rounds: c.phase === 'aligned' ? Math.ceil(Math.max(0, tAll - from) / ROUND_MS) : Math.max(0, tAll - from) / ROUND_MS,
    msgsAtAll,
    msgsTotal: sim.network.stats.sent - sent0,
    pushesTotal: monitor.counters.sent.push,
    dupAtAll,
    dupTotal: monitor.counters.duplicates,
    bootMs,
    wallMs: wall(),
  };
};

interface Row extends Config {
  readonly seeds: number;
  readonly reachedAll: number;
  readonly rounds: number;
  readonly roundsMax: number;
  readonly theory: number;
  readonly bound: number;
  readonly budget: number;
  readonly msgsAtAll: number;
  readonly msgsTotal: number;
  readonly pushesTotal: number;
  readonly dupAtAll: number;
  readonly dupTotal: number;
  readonly bootMs: number;
  readonly wallMs: number;
}

const measure = (c: Config): Row => {
  const runs: Run[] = [];
  const seeds = seedsFor(c);
  for (let seed = 1; seed <= seeds; seed++) runs.push(runOnce(c, seed));
  const med = (f: (r: Run) => number): number => median(runs.map(f));
  return {
    ...c,
    seeds,
    reachedAll: runs.filter((r) => r.reached).length,
    rounds: med((r) => r.rounds),
    roundsMax: Math.max(...runs.map((r) => r.rounds)),
    theory: theoryRounds(c.n, c.k),
    bound: memberlistBound(c.n),
    budget: retransmitLimit(c.n),
    msgsAtAll: med((r) => r.msgsAtAll),
    msgsTotal: med((r) => r.msgsTotal),
    pushesTotal: med((r) => r.pushesTotal),
    dupAtAll: med((r) => r.dupAtAll),
    dupTotal: med((r) => r.dupTotal),
    bootMs: med((r) => r.bootMs),
    wallMs: med((r) => r.wallMs),
  };
};

const n0 = (x: number): string => formatNumber(x);
const r1 = (x: number): string => x.toFixed(1);

const table = (rows: ReadonlyArray<Row>, roundsHeader = 'rounds'): string =>
  formatTable(
    [
      { header: 'N', align: 'right' },
      { header: 'k', align: 'right' },
      { header: 'strategy' },
      { header: 'faults' },
      { header: roundsHeader, align: 'right' },
      { header: 'max', align: 'right' },
      { header: 'theory', align: 'right' },
      { header: 'msgs@all', align: 'right' },
      { header: 'msgs total', align: 'right' },
      { header: 'memberlist', align: 'right' },
      { header: 'dup@all', align: 'right' },
      { header: 'dup total', align: 'right' },
      { header: 'wall ms', align: 'right' },
      { header: 'boot ms', align: 'right' },
      { header: 'all/seeds', align: 'right' },
    ],
    rows.map((r) => [
      n0(r.n),
      String(r.k),
      `${r.strategy}${ORACLE.has(r.strategy) ? '*' : ''}`,
      r.loss ? `loss ${r.loss * 100}%` : r.partitionMs !== undefined ? `split ${r.partitionMs / 1000} s` : r.phase === 'aligned' ? 'sync rounds' : '-',
      r1(r.rounds),
      r1(r.roundsMax),
      r1(r.theory),
      n0(r.msgsAtAll),
      n0(r.msgsTotal),
      n0(r.bound),
      n0(r.dupAtAll),
      n0(r.dupTotal),
      n0(r.wallMs),
      n0(r.bootMs),
      `${r.reachedAll}/${r.seeds}`,
    ]),
  );

const main = (): void => {
  const total = stopwatch();
  const machine = machineInfo();
  const log = (s: string): void => console.log(s);
  log(`gossip benchmark — ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadAvg.join(' ')} (shared machine)`);
  log('* = given a free convergence oracle (no stopping rule of its own)\n');

  const grid: Row[] = [];
  for (const n of [100, 1_000, 10_000]) {
    for (const k of [1, 3, 5]) for (const strategy of STRATEGIES) grid.push(measure({ n, k, strategy }));
    log(table(grid.filter((r) => r.n === n)) + '\n');
  }

  const aligned: Row[] = [];
  for (const n of [100, 1_000, 10_000]) for (const strategy of ['plain-random', 'push-pull']) aligned.push(measure({ n, k: 3, strategy, phase: 'aligned' }));
  log('Synchronous rounds (every node ticks on one grid, the model of the theory line), k = 3:');
  log(table(aligned) + '\n');

  const faults: Row[] = [];
  for (const loss of [0.05, 0.2]) for (const strategy of STRATEGIES) faults.push(measure({ n: 1_000, k: 3, strategy, loss }));
  log('Message loss (N = 1,000, k = 3):');
  log(table(faults) + '\n');
  const healed: Row[] = [];
  for (const strategy of STRATEGIES) healed.push(measure({ n: 1_000, k: 3, strategy, partitionMs: HEAL_AFTER_MS }));
  log(`Partition into two halves from the write until it heals ${HEAL_AFTER_MS / 1000} s later (N = 1,000, k = 3; rounds counted from the heal):`);
  log(table(healed, 'after heal') + '\n');

  // ---------------------------------------------------------------- targets
  const k3 = grid.filter((r) => r.k === 3);
  const targets = {
    roundsWithinTheoryPlus2: [100, 1_000, 10_000].map((n) => {
      const rows = k3.filter((r) => r.n === n);
      return { n, theoryPlus2: theoryRounds(n, 3) + 2, worstMedian: Math.max(...rows.map((r) => r.rounds)), ok: rows.every((r) => r.rounds <= theoryRounds(n, 3) + 2) };
    }),
    fewerMessagesThanMemberlist: [100, 1_000, 10_000].map((n) => {
      const rows = k3.filter((r) => r.n === n && !ORACLE.has(r.strategy) && r.reachedAll === r.seeds && r.rounds <= theoryRounds(n, 3) + 2);
      const best = rows.sort((a, b) => a.msgsTotal - b.msgsTotal)[0];
      return { n, bound: memberlistBound(n), best: best?.strategy, msgsTotal: best?.msgsTotal, ok: best !== undefined && best.msgsTotal < memberlistBound(n) };
    }),
    tenThousandUnder10s: (() => {
      const rows = k3.filter((r) => r.n === 10_000);
      const worst = Math.max(...rows.map((r) => r.wallMs + r.bootMs));
      return { worstMedianWallMsIncludingBoot: worst, ok: worst < 10_000 };
    })(),
    seedRuleSavings: [100, 1_000, 10_000].flatMap((n) =>
      [1, 3, 5].map((k) => {
        const plain = grid.find((r) => r.n === n && r.k === k && r.strategy === 'plain-random')!;
        const seed = grid.find((r) => r.n === n && r.k === k && r.strategy === 'seed')!;
        return { n, k, plainMsgs: plain.msgsAtAll, seedMsgs: seed.msgsAtAll, savedPct: (100 * (plain.msgsAtAll - seed.msgsAtAll)) / plain.msgsAtAll };
      }),
    ),
  };
  log('Targets:');
  for (const t of targets.roundsWithinTheoryPlus2) log(`  rounds ≤ theory + 2 (k=3, N=${n0(t.n)}): worst median ${r1(t.worstMedian)} vs ${r1(t.theoryPlus2)} — ${t.ok ? 'met' : 'MISSED'}`);
  for (const t of targets.fewerMessagesThanMemberlist) log(`  fewer messages than memberlist (k=3, N=${n0(t.n)}): ${t.best ?? 'none'} ${t.msgsTotal === undefined ? '' : n0(t.msgsTotal)} vs ${n0(t.bound)} — ${t.ok ? 'met' : 'MISSED'}`);
  log(`  10,000 nodes, one entry, k=3 under 10 s wall: worst median ${n0(targets.tenThousandUnder10s.worstMedianWallMsIncludingBoot)} ms incl. boot — ${targets.tenThousandUnder10s.ok ? 'met' : 'MISSED'}`);
  log('Seed rule vs plain random (msgs@all, both with the oracle):');
  for (const s of targets.seedRuleSavings) log(`  N=${n0(s.n)} k=${s.k}: ${n0(s.plainMsgs)} → ${n0(s.seedMsgs)} (${s.savedPct.toFixed(1)}% saved)`);
  log(`\ntotal wall time ${(total() / 1000).toFixed(0)} s`);

  writeResults(RESULTS_FILE, {
    benchmark: 'gossip',
    note: 'measured on a shared 2-core machine (other engineers running builds and tests); wall times are noisy',
    quick: QUICK,
    machine,
    config: { roundMs: ROUND_MS, warmupMs: WARMUP_MS, antiEntropyMs: 1000, latency: 'uniform 1-5 ms', oracle: [...ORACLE], healAfterMs: HEAL_AFTER_MS },
    grid,
    aligned,
    loss: faults,
    partition: healed,
    targets,
    totalWallMs: total(),
  });
};

main();
