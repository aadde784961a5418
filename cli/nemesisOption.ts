import type { NemesisOptions, RunScenarioOptions } from '../lib/sim/index.js';
import { UsageError } from './Command.js';

const RATE_KEYS: Record<string, keyof NemesisOptions> = {
  crashes: 'crashesPerMin',
  partitions: 'partitionsPerMin',
  loss: 'lossBurstsPerMin',
  skews: 'skewsPerMin',
  kills: 'killsPerMin',
};

/**
 * `--nemesis` values: `default` (the scenario's own), `none`, or rates per
 * virtual minute such as `crashes=2,partitions=4,loss=3,skews=1`, applied to
 * the scenario's nodes over the run.
 */
export const parseNemesis = (text: string | undefined): 'default' | 'none' | Record<string, number> => {
  if (text === undefined || text === 'default') return 'default';
  if (text === 'none') return 'none';
  const rates: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=');
    const field = RATE_KEYS[key?.trim() ?? ''];
    const n = Number(value);
    if (field === undefined || !(n >= 0)) {
      throw new UsageError(`--nemesis: expected default, none or rates like crashes=2,partitions=4 (keys: ${Object.keys(RATE_KEYS).join(', ')}), got '${part}'`);
    }
    rates[field] = n;
  }
  return rates;
};

/** Turn a parsed --nemesis into what runScenario takes (rates apply to the nodes the scenario built). */
export const nemesisFor = (parsed: ReturnType<typeof parseNemesis>, durationMs: number): RunScenarioOptions['nemesis'] => {
  if (parsed === 'default') return undefined;
  if (parsed === 'none') return 'none';
  return (sim): NemesisOptions => ({
    nodes: sim.system.allNodes().map((n) => n.name),
    // Kills pick among the top-level actors the scenario started.
    actors: sim.system.allNodes().flatMap((n) => n.actors().map((r) => ({ node: r.node, path: r.path }))),
    durationMs: Math.max(0, durationMs - 2000),
    ...parsed,
  });
};
