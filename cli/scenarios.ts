import type { Scenario } from '../lib/sim/index.js';
import { chatterScenario } from '../examples/chatter.js';
import { gossipChaosScenario } from '../actors/gossip/index.js';
import { mesosScenarios } from '../actors/mesos/index.js';
import { redisScenarios } from '../actors/redis/index.js';
import { kubernetesScenarios } from '../actors/kubernetes/index.js';

/**
 * Every named scenario the command knows, by name. Cluster models add theirs
 * here as they land.
 */
export const allScenarios = (): ReadonlyArray<Scenario<unknown>> =>
  [chatterScenario, gossipChaosScenario, ...kubernetesScenarios, ...mesosScenarios, ...redisScenarios] as ReadonlyArray<Scenario<unknown>>;

/** Find a scenario by name. */
export const findScenario = (name: string): Scenario<unknown> | undefined => allScenarios().find((s) => s.name === name);
