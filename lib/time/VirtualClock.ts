import { Subscription, type SchedulerAction } from 'rxjs';
import type { Clock } from './Clock.js';
import type { ClockTask } from './ClockTask.js';
import { TaskHeap } from './TaskHeap.js';
import { TaskQueue } from './TaskQueue.js';

type Work<T> = (this: SchedulerAction<T>, state?: T) => void;

/**
 * A timer on the virtual clock. Rescheduling reuses the same action (an
 * `interval` does not allocate per tick), and cancelling removes it from the
 * heap at once.
 */
class VirtualAction<T> extends Subscription implements SchedulerAction<T>, ClockTask {
  at = 0;
  seq = 0;
  heapIndex = -1;
  inQueue = 0;
  stale = 0;
  private state: T | undefined;

  constructor(private readonly clock: VirtualClock, private readonly work: Work<T>) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.clock.post(this, delay);
    return this;
  }

  fire(): void {
    if (this.closed) return;
    try {
      this.work.call(this, this.state);
    } catch (err) {
      this.unsubscribe();
      throw err;
    }
  }

  override unsubscribe(): void {
    if (this.closed) return;
    this.clock.cancel(this);
    super.unsubscribe();
  }
}

/**
 * Virtual time: a deterministic event queue ordered by (time, sequence).
 * Timers sit in a binary heap (O(log n) schedule and cancel, flat memory);
 * tasks due now sit in a FIFO run queue, so zero-delay work (message
 * deliveries in a simulation) costs O(1). Time moves only when the run queue
 * is empty, jumping straight to the next timer.
 *
 * Unlike RxJS's VirtualTimeScheduler it does not re-sort on every schedule and
 * does not chain a new action per `interval` tick.
 *
 * @example
 * const clock = createVirtualClock();
 * interval(1000, clock).subscribe(tick);
 * clock.advanceBy(60_000); // a virtual minute, instantly
 */
export class VirtualClock implements Clock {
  readonly kind = 'virtual' as const;
  private time: number;
  private nextSeq = 0;
  private readonly heap = new TaskHeap();
  private readonly queue = new TaskQueue<ClockTask>();
  private fired = 0;
  private firing = false;

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  /** RxJS scheduling: a cancellable, reschedulable timer. */
  schedule<T>(work: Work<T>, delay = 0, state?: T): Subscription {
    return new VirtualAction<T>(this, work).schedule(state, delay);
  }

  /**
   * Queue a task `delayMs` from now (0: after everything already due now).
   * Re-posting a task that is still queued moves it.
   */
  post(task: ClockTask, delayMs = 0): void {
    if (task.heapIndex >= 0) this.heap.remove(task);
    else if (task.inQueue > 0) {
      task.stale++;
      task.inQueue = 0;
    }
    task.seq = this.nextSeq++;
    if (!(delayMs > 0)) {
      task.at = this.time;
      task.inQueue = 1;
      this.queue.push(task);
    } else {
      task.at = this.time + delayMs;
      this.heap.push(task);
    }
  }

  /** Take a queued task out (a no-op when it is not queued). */
  cancel(task: ClockTask): void {
    if (task.heapIndex >= 0) this.heap.remove(task);
    else if (task.inQueue > 0) {
      task.stale++;
      task.inQueue = 0;
    }
  }

  /** Number of queued tasks (due now and in the future). */
  get pending(): number {
    return this.heap.size + this.queue.size;
  }

  /** Number of tasks fired since creation. */
  get firedCount(): number {
    return this.fired;
  }

  /** True while a task is running (inside `step`). */
  get isFiring(): boolean {
    return this.firing;
  }

  /** True when something is due at the current time. */
  get hasDueNow(): boolean {
    return this.queue.size > 0;
  }

  /** Time of the next queued task, or undefined when nothing is queued. */
  nextTime(): number | undefined {
    if (this.queue.size > 0) return this.time;
    return this.heap.peek()?.at;
  }

  /**
   * Fire the next task in (time, seq) order, advancing time to it if needed.
   * Returns false when nothing is queued.
   */
  step(): boolean {
    const queue = this.queue;
    while (queue.size > 0) {
      const task = queue.shift()!;
      if (task.stale > 0) {
        task.stale--;
        continue;
      }
      task.inQueue = 0;
      this.fired++;
      this.run(task);
      return true;
    }
    const heap = this.heap;
    const first = heap.pop();
    if (first === undefined) return false;
    this.time = first.at;
    // Everything else due at this instant goes to the run queue in seq order,
    // so work scheduled while `first` runs comes after it.
    for (let next = heap.peek(); next !== undefined && next.at === first.at; next = heap.peek()) {
      heap.pop();
      next.inQueue = 1;
      queue.push(next);
    }
    this.fired++;
    this.run(first);
    return true;
  }

  private run(task: ClockTask): void {
    const outer = this.firing;
    this.firing = true;
    try {
      task.fire();
    } finally {
      this.firing = outer;
    }
  }

  /** Fire everything due at the current time (including work it schedules for now). */
  flush(): number {
    let n = 0;
    while (this.queue.size > 0 && this.step()) n++;
    return n;
  }

  /** Fire every task due at or before `timeMs`, then set the time to `timeMs`. */
  advanceTo(timeMs: number): number {
    let n = 0;
    for (;;) {
      const next = this.nextTime();
      if (next === undefined || next > timeMs) break;
      if (this.step()) n++;
    }
    if (timeMs > this.time) this.time = timeMs;
    return n;
  }

  /** Fire every task due within the next `ms` milliseconds and move time forward by `ms`. */
  advanceBy(ms: number): number {
    return this.advanceTo(this.time + ms);
  }

  /**
   * Fire tasks until none is queued or `maxTasks` have fired (periodic timers
   * never run out: give a bound). Returns the number fired.
   */
  runAll(maxTasks = Number.MAX_SAFE_INTEGER): number {
    let n = 0;
    while (n < maxTasks && this.step()) n++;
    return n;
  }
}

/**
 * Create a virtual clock starting at `startMs` (default 0).
 *
 * @example
 * const clock = createVirtualClock();
 * clock.schedule(() => console.log(clock.now()), 500);
 * clock.runAll(); // prints 500
 */
export const createVirtualClock = (startMs = 0): VirtualClock => new VirtualClock(startMs);
