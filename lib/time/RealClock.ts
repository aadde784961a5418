import { Subscription, type SchedulerAction } from 'rxjs';
import { MAX_TIMER_DELAY_MS, type Clock } from './Clock.js';

type Work<T> = (this: SchedulerAction<T>, state?: T) => void;

/**
 * One timer on the host's event loop. Reschedulable like RxJS's AsyncAction,
 * but delays of 2^31 ms or more are split into hops instead of wrapping to 0
 * (the host timer would fire at once).
 */
class RealAction<T> extends Subscription implements SchedulerAction<T> {
  private handle: ReturnType<typeof setTimeout> | undefined;
  private state: T | undefined;
  private dueAt = 0;

  constructor(private readonly clock: RealClock, private readonly work: Work<T>) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.dueAt = this.clock.now() + Math.max(0, delay);
    this.arm(Math.max(0, delay));
    return this;
  }

  private arm(delay: number): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    const hop = Math.min(delay, MAX_TIMER_DELAY_MS);
    this.handle = setTimeout(() => this.fire(), hop);
  }

  private fire(): void {
    this.handle = undefined;
    if (this.closed) return;
    const remaining = this.dueAt - this.clock.now();
    if (remaining > MAX_TIMER_DELAY_MS / 2) {
      this.arm(remaining);
      return;
    }
    try {
      this.work.call(this, this.state);
    } catch (err) {
      this.unsubscribe();
      throw err;
    }
  }

  override unsubscribe(): void {
    if (this.handle !== undefined) {
      clearTimeout(this.handle);
      this.handle = undefined;
    }
    super.unsubscribe();
  }
}

/**
 * The wall clock. `now()` is epoch milliseconds; timers are host timers.
 *
 * @example
 * const clock = createRealClock();
 * clock.schedule(() => console.log('one second later'), 1000);
 */
export class RealClock implements Clock {
  readonly kind = 'real' as const;

  now(): number {
    return Date.now();
  }

  schedule<T>(work: Work<T>, delay = 0, state?: T): Subscription {
    return new RealAction<T>(this, work).schedule(state, delay);
  }
}

/** Create the wall clock. */
export const createRealClock = (): RealClock => new RealClock();
