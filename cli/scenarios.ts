import type { Scenario } from '../lib/sim/index.js';
import { chatterScenario } from '../examples/chatter.js';

/**
 * Every named scenario the command knows, by name. Cluster models add theirs
 * here as they land.
 */
export const allScenarios = (): ReadonlyArray<Scenario<unknown>> => [chatterScenario as Scenario<unknown>];

/** Find a scenario by name. */
export const findScenario = (name: string): Scenario<unknown> | undefined => allScenarios().find((s) => s.name === name);
