export { SimDispatcher, createSimDispatcher } from './SimDispatcher.js';
export { Simulation, createSimulation } from './Simulation.js';
export type { SimulationOptions, SimulationTraceOptions } from './Simulation.js';
export { InvariantViolation } from './InvariantViolation.js';
export type { Invariant } from './InvariantViolation.js';
export { registerFault, faultTypes, generateNemesis } from './Nemesis.js';
export type { Fault, FaultParams, NemesisStep, FaultHandler, NemesisOptions } from './Nemesis.js';
export { defineScenario, runScenario, runSeeds, parseSeeds } from './Scenario.js';
export type { Scenario, RunScenarioOptions, ScenarioResult, SeedsReport } from './Scenario.js';
