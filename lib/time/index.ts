export type { Clock } from './Clock.js';
export { MAX_TIMER_DELAY_MS } from './Clock.js';
export type { ClockTask } from './ClockTask.js';
export { RealClock, createRealClock } from './RealClock.js';
export { VirtualClock, createVirtualClock } from './VirtualClock.js';
export { SkewedClock } from './SkewedClock.js';
export type { ClockSkew } from './SkewedClock.js';
export { stopwatch } from './stopwatch.js';
