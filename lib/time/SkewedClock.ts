import { Subscription, type SchedulerAction } from 'rxjs';
import type { Clock } from './Clock.js';

type Work<T> = (this: SchedulerAction<T>, state?: T) => void;

/** A node's clock error: a fixed offset and a rate error. */
export interface ClockSkew {
  /** Added to the true time. @default 0 */
  offsetMs?: number;
  /** Rate error: 0.01 means this clock runs 1% fast (its timers fire 1% early). @default 0 */
  drift?: number;
}

/** A timer on a skewed clock: delays are in local time, converted to true time on each (re)schedule. */
class SkewedAction<T> extends Subscription implements SchedulerAction<T> {
  private inner: Subscription | undefined;

  constructor(private readonly clock: SkewedClock, private readonly work: Work<T>) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.inner?.unsubscribe();
    const outer = this;
    this.inner = this.clock.base.schedule(() => {
      this.inner = undefined;
      outer.work.call(outer, state);
    }, this.clock.toTrueDelay(delay));
    return this;
  }

  override unsubscribe(): void {
    this.inner?.unsubscribe();
    this.inner = undefined;
    super.unsubscribe();
  }
}

/**
 * A clock that reads `base` with an offset and a rate error — what one node of
 * a simulated cluster believes the time is. Changing the skew takes effect for
 * reads at once and for timers at their next (re)schedule.
 *
 * @example
 * const local = new SkewedClock(clock, { offsetMs: 250, drift: 0.001 });
 * local.now(); // clock.now() + 250 (+ drift since creation)
 */
export class SkewedClock implements Clock {
  readonly kind: 'real' | 'virtual';
  private offsetMs = 0;
  private drift = 0;
  /** True time at which the current drift started, and the local reading then. */
  private anchorTrue = 0;
  private anchorLocal = 0;

  constructor(readonly base: Clock, skew: ClockSkew = {}) {
    this.kind = base.kind;
    this.anchorTrue = base.now();
    this.anchorLocal = this.anchorTrue;
    this.setSkew(skew);
  }

  /** Change the skew; the local time jumps by the change of offset. */
  setSkew(skew: ClockSkew): void {
    const nowLocal = this.now();
    const newOffset = skew.offsetMs ?? 0;
    this.anchorTrue = this.base.now();
    this.anchorLocal = nowLocal - this.offsetMs + newOffset;
    this.offsetMs = newOffset;
    this.drift = skew.drift ?? 0;
  }

  /** The current skew. */
  get skew(): Required<ClockSkew> {
    return { offsetMs: this.offsetMs, drift: this.drift };
  }

  now(): number {
    return this.anchorLocal + (this.base.now() - this.anchorTrue) * (1 + this.drift);
  }

  /** A local-time delay as a true-time delay. */
  toTrueDelay(delayMs: number): number {
    return Math.max(0, delayMs) / (1 + this.drift);
  }

  schedule<T>(work: Work<T>, delay = 0, state?: T): Subscription {
    return new SkewedAction<T>(this, work).schedule(state, delay);
  }
}
