export type { RestartStrategy, ChildRestart, SupervisionOptions, ResolvedSupervision } from './SupervisionStrategy.js';
export { defaultSupervision, resolveSupervision, restartSet, shouldRestart } from './SupervisionStrategy.js';
export { RestartBudget } from './RestartBudget.js';
export type { BackoffOptions } from './Backoff.js';
export { backoffDelay, backoffResetAfter } from './Backoff.js';
export type { ReplicaCandidate } from './choosePrimary.js';
export { choosePrimary } from './choosePrimary.js';
