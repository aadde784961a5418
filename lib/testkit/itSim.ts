import { createSimulation, type Simulation, type SimulationOptions } from '../sim/index.js';

/** The seed from the TROUPE_SEED environment variable, if set (to replay a failure). */
export const seedFromEnv = (): number | undefined => {
  const raw = process.env.TROUPE_SEED;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new RangeError(`TROUPE_SEED must be an integer, got '${raw}'`);
  return n;
};

/** Add the seed and how to replay it to an error thrown by a simulation test. */
export const withSeed = (err: unknown, seed: number, title: string): unknown => {
  if (err instanceof Error && !err.message.includes(`seed ${seed}`)) {
    err.message = `${err.message}\n      simulation seed ${seed} — replay: TROUPE_SEED=${seed} npx mocha --grep ${JSON.stringify(title)}`;
  }
  return err;
};

/**
 * A mocha test with a fresh simulation. The seed is `options.seed` (default
 * 1), or TROUPE_SEED when set; a failure prints it with the command that
 * replays it; the simulation is closed afterwards.
 *
 * @example
 * itSim('should fail over when the primary dies', (sim) => {
 *   const primary = sim.spawn(Store, 'primary', { node: 'n1' });
 *   sim.crash('n1');
 *   sim.runFor(5_000);
 * }, { seed: 42 });
 */
export const itSim = (
  title: string,
  body: (sim: Simulation) => void | Promise<void>,
  options: { seed?: number; simulation?: Omit<SimulationOptions, 'seed'> } = {},
): Mocha.Test =>
  it(title, async function () {
    const seed = seedFromEnv() ?? options.seed ?? 1;
    const sim = createSimulation({ ...options.simulation, seed });
    try {
      await body(sim);
    } catch (err) {
      throw withSeed(err, seed, title);
    } finally {
      await sim.close();
    }
  });

/**
 * Run `body` once per seed inside one test; fail listing every failing seed
 * (at most the first `maxReported` errors in full).
 *
 * @example
 * forSeeds(range(1, 100), 'keeps one leader', (sim) => { ... });
 */
export const forSeeds = (
  seeds: ReadonlyArray<number>,
  title: string,
  body: (sim: Simulation, seed: number) => void,
  options: { simulation?: Omit<SimulationOptions, 'seed'>; maxReported?: number } = {},
): Mocha.Test =>
  it(`${title} (${seeds.length} seeds)`, function () {
    const only = seedFromEnv();
    const failures: Array<{ seed: number; error: unknown }> = [];
    for (const seed of only === undefined ? seeds : [only]) {
      const sim = createSimulation({ ...options.simulation, seed });
      try {
        body(sim, seed);
      } catch (error) {
        failures.push({ seed, error });
      }
    }
    if (failures.length > 0) {
      const shown = failures.slice(0, options.maxReported ?? 3);
      throw new Error(
        `${failures.length} of ${seeds.length} seeds failed: ${failures.map((f) => f.seed).join(', ')}\n` +
          shown.map((f) => `--- seed ${f.seed} (replay: TROUPE_SEED=${f.seed} npx mocha --grep ${JSON.stringify(title)})\n${f.error instanceof Error ? f.error.message : String(f.error)}`).join('\n'),
      );
    }
  });

/** The integers from..to inclusive. */
export const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
