import { stopwatch } from '../time/index.js';
import type { NemesisOptions, NemesisStep } from './Nemesis.js';
import { generateNemesis } from './Nemesis.js';
import { InvariantViolation } from './InvariantViolation.js';
import { createSimulation, type Simulation, type SimulationOptions } from './Simulation.js';

/**
 * A named, seeded run of a cluster with a fault schedule and the invariants
 * that must hold. Specs, benchmarks, the CLI and chaos runs all use scenarios.
 *
 * @example
 * export const pingPong = defineScenario({
 *   name: 'ping-pong',
 *   description: 'two nodes ping each other through partitions',
 *   durationMs: 60_000,
 *   setup: (sim) => ({ a: sim.spawn(Pinger, 'a', { node: 'n1' }) }),
 *   nemesis: () => ({ nodes: ['n1', 'n2'], durationMs: 50_000, partitionsPerMin: 4 }),
 *   invariants: (sim, world) => [{ name: 'no dead letters', check: () => sim.system.deadLetters === 0 }],
 * });
 */
export interface Scenario<W = unknown> {
  /** Unique name (kebab-case), e.g. `redis-failover`. */
  readonly name: string;
  /** One line for `troupe scenarios`. */
  readonly description: string;
  /** Default virtual run time. */
  readonly durationMs: number;
  /** Simulation options besides the seed (network, trace…). */
  readonly simulation?: Omit<SimulationOptions, 'seed'>;
  /** Build the cluster; returns the handles the rest of the scenario needs. */
  readonly setup: (sim: Simulation) => W;
  /** The fault schedule: explicit steps, or options for a seeded generated one. */
  readonly nemesis?: (sim: Simulation, world: W) => ReadonlyArray<NemesisStep> | NemesisOptions;
  /** Invariants checked during the run. */
  readonly invariants?: (sim: Simulation, world: W) => ReadonlyArray<{ name: string; check: () => boolean | string | undefined | void; everyMs?: number }>;
  /** Final checks after the run: return a message for each problem (empty = pass). */
  readonly check?: (sim: Simulation, world: W) => string[];
}

/** Options of one scenario run. */
export interface RunScenarioOptions {
  seed: number;
  /** Override the scenario's duration. */
  durationMs?: number;
  /**
   * Replace the scenario's nemesis: `none` for a fault-free run, explicit
   * steps, generator options, or a function of the built simulation (e.g.
   * rates over whatever nodes the scenario created).
   */
  nemesis?: 'none' | ReadonlyArray<NemesisStep> | NemesisOptions | ((sim: Simulation) => ReadonlyArray<NemesisStep> | NemesisOptions);
  /** Merge into the scenario's simulation options (e.g. a trace file). */
  simulation?: Omit<SimulationOptions, 'seed'>;
}

/** What one run found. */
export interface ScenarioResult<W = unknown> {
  readonly scenario: string;
  readonly seed: number;
  readonly ok: boolean;
  /** Invariant violations and failed final checks. */
  readonly problems: string[];
  readonly virtualMs: number;
  readonly steps: number;
  readonly wallMs: number;
  readonly sim: Simulation;
  readonly world: W | undefined;
}

/** Define a scenario (identity, for inference). */
export const defineScenario = <W>(scenario: Scenario<W>): Scenario<W> => scenario;

const isSteps = (n: ReadonlyArray<NemesisStep> | NemesisOptions): n is ReadonlyArray<NemesisStep> => Array.isArray(n);

/**
 * Run a scenario with one seed: build, schedule faults, run for its duration
 * checking invariants, then the final checks. Never throws for a violation:
 * it is reported in the result (with the seed).
 */
export const runScenario = <W>(scenario: Scenario<W>, options: RunScenarioOptions): ScenarioResult<W> => {
  const elapsed = stopwatch();
  const sim = createSimulation({ ...scenario.simulation, ...options.simulation, seed: options.seed });
  const problems: string[] = [];
  let world: W | undefined;
  try {
    world = scenario.setup(sim);
    const override = typeof options.nemesis === 'function' ? options.nemesis(sim) : options.nemesis;
    const nemesis = override ?? scenario.nemesis?.(sim, world);
    if (nemesis !== undefined && nemesis !== 'none') {
      sim.nemesis(isSteps(nemesis) ? nemesis : generateNemesis(sim.random.fork('nemesis'), nemesis));
    }
    for (const inv of scenario.invariants?.(sim, world) ?? []) sim.invariant(inv.name, inv.check, { everyMs: inv.everyMs });
    sim.runFor(options.durationMs ?? scenario.durationMs);
    problems.push(...(scenario.check?.(sim, world) ?? []));
  } catch (err) {
    problems.push(err instanceof InvariantViolation ? err.message : `${err instanceof Error ? err.stack : String(err)}`);
  }
  return {
    scenario: scenario.name,
    seed: options.seed,
    ok: problems.length === 0,
    problems,
    virtualMs: sim.now(),
    steps: sim.steps,
    wallMs: elapsed(),
    sim,
    world,
  };
};

/** Seeds `from..to` (inclusive) from a string like `1..100`, or a single seed `7`. */
export const parseSeeds = (spec: string): number[] => {
  const range = /^(\d+)\.\.(\d+)$/.exec(spec.trim());
  if (range !== null) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from) throw new RangeError(`empty seed range ${spec}`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  if (/^\d+$/.test(spec.trim())) return [Number(spec.trim())];
  throw new RangeError(`seeds must look like 7 or 1..100, got '${spec}'`);
};

/** Summary of a many-seed run. */
export interface SeedsReport {
  readonly scenario: string;
  readonly total: number;
  readonly passed: number;
  readonly failures: ReadonlyArray<{ seed: number; problems: string[] }>;
  readonly wallMs: number;
}

/**
 * Run a scenario over many seeds; report which fail. `onResult` sees each
 * result (progress bars, early stop by returning false).
 */
export const runSeeds = <W>(
  scenario: Scenario<W>,
  seeds: ReadonlyArray<number>,
  options: Omit<RunScenarioOptions, 'seed'> & { onResult?: (r: ScenarioResult<W>) => boolean | void } = {},
): SeedsReport => {
  const elapsed = stopwatch();
  const failures: Array<{ seed: number; problems: string[] }> = [];
  let total = 0;
  for (const seed of seeds) {
    const r = runScenario(scenario, { ...options, seed });
    total++;
    if (!r.ok) failures.push({ seed, problems: r.problems });
    if (options.onResult?.(r) === false) break;
  }
  return { scenario: scenario.name, total, passed: total - failures.length, failures, wallMs: elapsed() };
};
