import { runScenario } from '../../lib/sim/index.js';
import { createMemoryTrace, type TraceEvent } from '../../lib/trace/index.js';
import { ExitCode, parse, parseDuration, parseInteger, UsageError, type Command } from '../Command.js';
import { nemesisFor, parseNemesis } from '../nemesisOption.js';
import { findScenario } from '../scenarios.js';
import { describeEvent } from '../timeline.js';

/** `troupe run <scenario>`: one seeded run, its milestones, its verdict. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run one scenario with a seed and print its timeline',
  help: `Usage: troupe run <scenario> [--seed N] [--for 60s] [--nemesis default|none|RATES] [--trace out.jsonl] [--payloads] [--json]

Run a named scenario (see \`troupe scenarios\`) in virtual time, check its
invariants, print the milestones and faults as a timeline, and say where the
trace went. The same seed replays the same run, byte for byte.

Options:
  --seed N        seed of every random choice (default 1)
  --for D         virtual run time, e.g. 500ms, 60s, 2m (default: the scenario's)
  --nemesis X     default (the scenario's faults), none, or rates per virtual
                  minute: crashes=2,partitions=4,loss=3,skews=1,kills=1
  --trace FILE    write the full trace as JSON Lines
  --payloads      include message payloads in the trace
  --json          print the result as JSON
  -h, --help      show this help

Exit code: 0 when every invariant and check held, 1 otherwise, 2 on bad usage.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      seed: { type: 'string' },
      for: { type: 'string' },
      nemesis: { type: 'string' },
      trace: { type: 'string' },
      payloads: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('run needs exactly one scenario name (see `troupe scenarios`)');
    const scenario = findScenario(positionals[0]);
    if (scenario === undefined) throw new UsageError(`unknown scenario '${positionals[0]}' (see \`troupe scenarios\`)`);
    const seed = values.seed === undefined ? 1 : parseInteger('seed', values.seed);
    const durationMs = values.for === undefined ? scenario.durationMs : parseDuration(values.for);
    const nemesis = nemesisFor(parseNemesis(values.nemesis), durationMs);
    const memory = createMemoryTrace();
    const result = runScenario(scenario, {
      seed,
      durationMs,
      nemesis,
      simulation: {
        ...scenario.simulation,
        trace: { ...(values.trace === undefined ? {} : { file: values.trace }), payloads: values.payloads === true, sinks: [milestonesOnly(memory)] },
      },
    });
    await result.sim.close();
    const timeline = memory.events();
    if (values.json) {
      io.out(
        `${JSON.stringify({ scenario: scenario.name, seed, ok: result.ok, problems: result.problems, virtualMs: result.virtualMs, steps: result.steps, wallMs: Math.round(result.wallMs), trace: values.trace ?? null, timeline }, null, 2)}\n`,
      );
      return result.ok ? ExitCode.Ok : ExitCode.Failed;
    }
    io.out(`${scenario.name} — seed ${seed}, ${durationMs / 1000} s of virtual time in ${result.wallMs.toFixed(0)} ms (${result.steps} events)\n`);
    for (const e of timeline.slice(0, 200)) io.out(`  ${describeEvent(e)}\n`);
    if (timeline.length > 200) io.out(`  … ${timeline.length - 200} more\n`);
    io.out(result.ok ? 'invariants: all held\n' : `PROBLEMS:\n${result.problems.map((p) => `  ${p.replace(/\n/g, '\n  ')}`).join('\n')}\n`);
    if (values.trace !== undefined) io.out(`trace: ${values.trace}\n`);
    io.out(`replay: npx troupe run ${scenario.name} --seed ${seed}${values.for === undefined ? '' : ` --for ${values.for}`}${values.nemesis === undefined ? '' : ` --nemesis ${values.nemesis}`}\n`);
    return result.ok ? ExitCode.Ok : ExitCode.Failed;
  },
};

/** A sink keeping only what a timeline shows: faults, milestones, crashes and restarts. */
const milestonesOnly = (memory: ReturnType<typeof createMemoryTrace>) => ({
  write(e: TraceEvent): void {
    if (e.kind === 'fault' || e.kind === 'milestone' || e.kind === 'crash' || e.kind === 'restart') memory.write(e);
  },
});
