/**
 * Mesos allocator cycle time: one full allocation cycle of the hierarchical
 * weighted DRF allocator over every agent (all resources free, every
 * framework wanting offers), as in Mesos' allocator benchmark
 * (`HierarchicalAllocator_BENCHMARK_Test`), for 1k agents / 100 frameworks,
 * 5k / 500 and 10k / 1k. Anchor: Mesos 1.8.0's published chart, ~0.1 s,
 * 0.4 s and 1.1 s per cycle. Target: at least 2× faster at every size.
 *
 * Two role layouts: every framework in its own role (the widest role tree),
 * and 10 frameworks per role. Between cycles every offer is declined (with no
 * filter, untimed), so each cycle starts from a free cluster.
 *
 * Run: npx tsx bench/mesos.ts
 */
import { DrfAllocator } from '../actors/mesos/index.js';
import { resources } from '../actors/mesos/index.js';
import { createRandom } from '../lib/random/index.js';
import { stopwatch } from '../lib/time/index.js';
import { machineInfo } from './lib/machine.js';
import { writeResults } from './lib/results.js';
import { summarize } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const SIZES = [
  { agents: 1000, frameworks: 100, mesosSec: 0.1 },
  { agents: 5000, frameworks: 500, mesosSec: 0.4 },
  { agents: 10_000, frameworks: 1000, mesosSec: 1.1 },
];
const LAYOUTS = [
  { name: 'role per framework', frameworksPerRole: 1 },
  { name: '10 frameworks per role', frameworksPerRole: 10 },
];
const CYCLES = Number(process.env.CYCLES ?? 7);

interface Row {
  agents: number;
  frameworks: number;
  layout: string;
  offers: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  mesosMs: number;
  speedup: number;
}

const measure = (agents: number, frameworks: number, perRole: number): { ms: number[]; offers: number } => {
  const drf = new DrfAllocator();
  const agentRes = resources({ cpus: 8, mem: 16_384, disk: 100_000, ports: [[31000, 32000]] });
  for (let i = 0; i < agents; i++) drf.addAgent(`agent-${i}`, agentRes);
  for (let f = 0; f < frameworks; f++) drf.addFramework(`fw-${f}`, [`role-${Math.floor(f / perRole)}`]);
  const random = createRandom(42);
  const ms: number[] = [];
  let offers = 0;
  for (let c = 0; c < CYCLES + 1; c++) {
    const elapsed = stopwatch();
    const out = drf.allocate(c * 1000, random);
    const t = elapsed();
    if (c > 0) ms.push(t); // the first cycle warms the JIT up
    offers = out.length;
    for (const a of out) drf.recoverResources(a.frameworkId, a.agentId, a.role, a.resources, 0, c * 1000);
  }
  return { ms, offers };
};

const rows: Row[] = [];
for (const size of SIZES) {
  for (const layout of LAYOUTS) {
    const { ms, offers } = measure(size.agents, size.frameworks, layout.frameworksPerRole);
    const s = summarize(ms);
    rows.push({
      agents: size.agents,
      frameworks: size.frameworks,
      layout: layout.name,
      offers,
      medianMs: s.median,
      minMs: s.min,
      maxMs: s.max,
      mesosMs: size.mesosSec * 1000,
      speedup: (size.mesosSec * 1000) / s.median,
    });
  }
}

console.log(
  formatTable(
    [
      { header: 'agents' , align: 'right' },
      { header: 'frameworks', align: 'right' },
      { header: 'roles' },
      { header: 'offers/cycle', align: 'right' },
      { header: 'cycle ms (median)', align: 'right' },
      { header: 'min–max ms', align: 'right' },
      { header: 'Mesos 1.8 ms', align: 'right' },
      { header: 'faster', align: 'right' },
    ],
    rows.map((r) => [
      formatNumber(r.agents),
      formatNumber(r.frameworks),
      r.layout,
      formatNumber(r.offers),
      formatNumber(r.medianMs),
      `${formatNumber(r.minMs)}–${formatNumber(r.maxMs)}`,
      formatNumber(r.mesosMs),
      `${formatNumber(r.speedup)}×`,
    ]),
  ),
);
console.log(`\n${CYCLES} timed cycles per case after one warm-up; the machine was shared with other work while measuring.`);

writeResults('bench/results/mesos.json', {
  benchmark: 'mesos allocator cycle time',
  anchor: 'Mesos 1.8.0 published allocator benchmark: 1k agents/100 frameworks ≈ 0.1 s, 5k/500 ≈ 0.4 s, 10k/1k ≈ 1.1 s',
  target: 'at least 2× faster at every size',
  note: 'the machine was shared with other engineers while measuring',
  cycles: CYCLES,
  machine: machineInfo(),
  rows,
});
