export { createProbe, ProbeExpectationError } from './Probe.js';
export type { Probe } from './Probe.js';
export { itSim, forSeeds, range, seedFromEnv, withSeed } from './itSim.js';
export { troupeChai, findEvents } from './traceAssertions.js';
export type { EventMatch } from './traceAssertions.js';
