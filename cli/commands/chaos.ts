import { parseSeeds, runScenario, type ScenarioResult } from '../../lib/sim/index.js';
import { stopwatch } from '../../lib/time/index.js';
import { ExitCode, parse, parseDuration, UsageError, type Command, type Io } from '../Command.js';
import { nemesisFor, parseNemesis } from '../nemesisOption.js';
import { findScenario } from '../scenarios.js';

/** A progress line: a bar on a terminal, plain lines every 10% otherwise. */
const progress = (io: Io, total: number) => {
  let lastPct = -1;
  return (done: number, failed: number, elapsedMs: number): void => {
    const pct = Math.floor((done / total) * 100);
    if (io.tty) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.out(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds, ${failed} failing, ${(elapsedMs / 1000).toFixed(1)} s`);
      if (done === total) io.out('\n');
    } else if (pct >= lastPct + 10 || done === total) {
      lastPct = pct - (pct % 10);
      io.out(`  ${done}/${total} seeds, ${failed} failing, ${(elapsedMs / 1000).toFixed(1)} s\n`);
    }
  };
};

/** `troupe chaos <scenario> --seeds 1..1000`: many seeds, invariants, failing seeds with replay commands. */
export const chaosCommand: Command = {
  name: 'chaos',
  summary: 'run a scenario over many seeds and list the failing ones',
  help: `Usage: troupe chaos <scenario> [--seeds 1..1000] [--for 60s] [--nemesis default|none|RATES] [--json]

Run a scenario once per seed with its faults and invariants; show progress
(a bar on a terminal, plain lines otherwise) and print every failing seed with
the command that replays it.

Options:
  --seeds R     seeds, e.g. 1..1000 or 42 (default 1..100)
  --for D       virtual time per run (default: the scenario's)
  --nemesis X   default, none, or rates like crashes=2,partitions=4,loss=3
  --json        print the report as JSON
  -h, --help    show this help

Exit code: 0 when every seed passed, 1 when some failed, 2 on bad usage.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      seeds: { type: 'string' },
      for: { type: 'string' },
      nemesis: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('chaos needs exactly one scenario name (see `troupe scenarios`)');
    const scenario = findScenario(positionals[0]);
    if (scenario === undefined) throw new UsageError(`unknown scenario '${positionals[0]}' (see \`troupe scenarios\`)`);
    let seeds: number[];
    try {
      seeds = parseSeeds(values.seeds ?? '1..100');
    } catch (err) {
      throw new UsageError(`--seeds: ${err instanceof Error ? err.message : String(err)}`);
    }
    const durationMs = values.for === undefined ? scenario.durationMs : parseDuration(values.for);
    const nemesis = nemesisFor(parseNemesis(values.nemesis), durationMs);
    const elapsed = stopwatch();
    const failures: Array<Pick<ScenarioResult, 'seed' | 'problems'>> = [];
    const show = values.json ? undefined : progress(io, seeds.length);
    if (!values.json) io.out(`${scenario.name}: ${seeds.length} seeds × ${durationMs / 1000} s of virtual time\n`);
    let done = 0;
    for (const seed of seeds) {
      const r = runScenario(scenario, { seed, durationMs, nemesis, simulation: { ...scenario.simulation, trace: { recent: 30 } } });
      done++;
      if (!r.ok) failures.push({ seed, problems: r.problems });
      show?.(done, failures.length, elapsed());
    }
    const replay = (seed: number): string =>
      `npx troupe run ${scenario.name} --seed ${seed}${values.for === undefined ? '' : ` --for ${values.for}`}${values.nemesis === undefined ? '' : ` --nemesis ${values.nemesis}`} --trace ${scenario.name}-${seed}.jsonl`;
    if (values.json) {
      io.out(`${JSON.stringify({ scenario: scenario.name, total: seeds.length, passed: seeds.length - failures.length, failures: failures.map((f) => ({ ...f, replay: replay(f.seed) })), wallMs: Math.round(elapsed()) }, null, 2)}\n`);
    } else if (failures.length === 0) {
      io.out(`all ${seeds.length} seeds passed in ${(elapsed() / 1000).toFixed(1)} s\n`);
    } else {
      io.out(`${failures.length} of ${seeds.length} seeds FAILED:\n`);
      for (const f of failures) {
        io.out(`  seed ${f.seed}: ${(f.problems[0] ?? '').split('\n')[0]}\n    replay: ${replay(f.seed)}\n`);
      }
    }
    return failures.length === 0 ? ExitCode.Ok : ExitCode.Failed;
  },
};
