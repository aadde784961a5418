import type { SchedulerLike } from 'rxjs';

/**
 * The troupe clock: an RxJS scheduler that is either the real clock or a
 * virtual one. Every timer in lib/ and actors/ goes through a Clock (directly,
 * through an actor's `ctx.timers`, or as the scheduler argument of an RxJS
 * operator such as `interval(100, clock)`), so the same code runs live and in
 * virtual time.
 *
 * @example
 * import { interval } from 'rxjs';
 * interval(100, clock).subscribe(() => tick());
 */
export interface Clock extends SchedulerLike {
  /** `real` for wall-clock time, `virtual` for a simulation's time. */
  readonly kind: 'real' | 'virtual';
  /** Milliseconds: since the epoch on the real clock, since the start on a virtual one. */
  now(): number;
}

/** The longest delay a host timer accepts (2^31 − 1 ms); longer delays are split into hops. */
export const MAX_TIMER_DELAY_MS = 2147483647;
