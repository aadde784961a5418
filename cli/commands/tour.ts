import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../lib/sim/index.js';
import { createMemoryTrace, type TraceEvent } from '../../lib/trace/index.js';
import { stopwatch } from '../../lib/time/index.js';
import { ExitCode, parse, parseInteger, type Command } from '../Command.js';
import { describeEvent } from '../timeline.js';
import { tourStops, type TourStop } from '../tourStops.js';

/** The narrated lines of one stop: milestones and faults, quiet ones left out, repetitive ones capped. */
const narrate = (stop: TourStop, events: ReadonlyArray<TraceEvent>): string[] => {
  const lines: string[] = [];
  const seen = new Map<string, number>();
  const cap = stop.perType ?? 4;
  for (const e of events) {
    const name = e.type ?? e.kind;
    // Narrators see every event (they learn names from early ones), then quiet ones are left out.
    const custom = stop.narrate?.(e);
    if (custom === '' || stop.quiet.has(name)) continue;
    const key = stop.capKey?.(e) ?? name;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= cap) lines.push(custom ?? describeEvent(e));
  }
  const hidden = new Map<string, number>();
  for (const [key, n] of seen) if (n > cap) hidden.set(key.split(':')[0], (hidden.get(key.split(':')[0]) ?? 0) + n - cap);
  const more = [...hidden.entries()].map(([name, n]) => `${n} more ${name}`);
  if (more.length > 0) lines.push(`(… and ${more.join(', ')})`);
  return lines;
};

/** `troupe tour`: the three architectures of the source text, in virtual time, narrated. */
export const tourCommand: Command = {
  name: 'tour',
  summary: 'the guided tour: each architecture of the source text, in virtual time, narrated',
  help: `Usage: troupe tour [--seed N] [--out DIR] [--json]

Runs, in virtual time and seeded, the architectures of the source text one
after another — centralized (Kubernetes, Mesos) and decentralized (Redis
Cluster) — each with a fault, and prints for each a short narrated timeline of
its milestones, the invariants checked, and where its trace was written.

Options:
  --seed N    seed of every random choice (default 1)
  --out DIR   where to write the traces (default: a folder in the system's temp dir)
  --json      print the results as JSON
  -h, --help  show this help`,
  async run(args, io) {
    const { values } = parse(args, { seed: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } }, false);
    const seed = values.seed === undefined ? 1 : parseInteger('seed', values.seed);
    const out = values.out ?? join(tmpdir(), `troupe-tour-${seed}`);
    mkdirSync(out, { recursive: true });
    const elapsed = stopwatch();
    const stops = tourStops();
    const results = [];
    if (!values.json) io.out(`troupe tour — seed ${seed}. Every run below is virtual time: minutes of cluster life in milliseconds.\n`);
    for (const [i, stop] of stops.entries()) {
      const file = join(out, `${stop.id}.jsonl`);
      const timeline = createMemoryTrace();
      const r = runScenario(stop.scenario, {
        seed,
        durationMs: stop.durationMs,
        ...(stop.nemesis === undefined ? {} : { nemesis: stop.nemesis }),
        simulation: {
          ...stop.scenario.simulation,
          trace: { file, sinks: [{ write: (e: TraceEvent) => (e.kind === 'milestone' || e.kind === 'fault' || e.kind === 'crash' ? timeline.write(e) : undefined) }] },
        },
      });
      const invariants = (stop.scenario.invariants?.(r.sim, r.world) ?? []).map((inv) => inv.name);
      await r.sim.close();
      results.push({ stop: stop.id, scenario: stop.scenario.name, ok: r.ok, problems: r.problems, virtualMs: r.virtualMs, wallMs: Math.round(r.wallMs), trace: file, invariants });
      if (values.json) continue;
      io.out(`\n${i + 1}/${stops.length}  ${stop.title}\n`);
      io.out(`${stop.blurb.split('\n').map((l) => `     ${l}`).join('\n')}\n`);
      io.out(`     scenario ${stop.scenario.name}, ${(r.virtualMs / 1000).toFixed(0)} s of virtual time in ${r.wallMs.toFixed(0)} ms\n\n`);
      for (const line of narrate(stop, timeline.events())) io.out(`     ${line}\n`);
      io.out(`\n     invariants checked after every event: ${invariants.length === 0 ? '(none)' : invariants.join('; ')}\n`);
      io.out(r.ok ? '     result: all invariants and final checks held ✓\n' : `     PROBLEMS:\n${r.problems.map((p) => `       ${p.split('\n')[0]}`).join('\n')}\n`);
      io.out(`     trace: ${file}\n     view it: npx troupe trace html ${file} -o ${stop.id}.html\n`);
    }
    const ok = results.every((r) => r.ok);
    if (values.json) io.out(`${JSON.stringify({ seed, ok, wallMs: Math.round(elapsed()), stops: results }, null, 2)}\n`);
    else io.out(`\n${ok ? 'tour complete' : 'tour found problems'} in ${(elapsed() / 1000).toFixed(1)} s. Replay it exactly: npx troupe tour --seed ${seed}\n`);
    return ok ? ExitCode.Ok : ExitCode.Failed;
  },
};
