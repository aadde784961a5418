import type { SchedulerAction } from 'rxjs';
import type { Timers, TimerEntry } from './Timers.js';
import type { AnyCell } from './ActorCell.js';

/**
 * The timers of one actor cell. A timer firing posts a Timer envelope tagged
 * with the key and the timer's generation; the cell delivers the message only
 * if that timer is still the live one, so cancelled, replaced and
 * pre-restart timers never deliver.
 */
export class CellTimers<M> implements Timers<M> {
  private readonly entries = new Map<string, TimerEntry>();
  private gen = 0;

  constructor(private readonly cell: AnyCell) {}

  startSingleTimer(key: string, message: M, delayMs: number): void {
    this.start(key, message, delayMs, -1);
  }

  startPeriodicTimer(key: string, message: M, intervalMs: number, initialDelayMs = intervalMs): void {
    if (!(intervalMs > 0)) throw new RangeError(`periodic timer '${key}': interval must be > 0, got ${intervalMs}`);
    this.start(key, message, initialDelayMs, intervalMs);
  }

  private start(key: string, message: M, delayMs: number, intervalMs: number): void {
    this.cancel(key);
    const gen = ++this.gen;
    const cell = this.cell;
    const subscription = cell.host.clock.schedule(function (this: SchedulerAction<unknown>) {
      cell.timerFired(key, gen);
      if (intervalMs > 0) this.schedule(undefined, intervalMs);
    }, Math.max(0, delayMs));
    this.entries.set(key, { gen, periodic: intervalMs > 0, message, subscription });
  }

  cancel(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    entry.subscription.unsubscribe();
    this.entries.delete(key);
  }

  cancelAll(): void {
    for (const entry of this.entries.values()) entry.subscription.unsubscribe();
    this.entries.clear();
  }

  isActive(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * The message a Timer envelope delivers, or undefined when the timer was
   * cancelled or replaced since it fired. Single timers are done once taken.
   */
  take(key: string, gen: number): { message: unknown } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.gen !== gen) return undefined;
    if (!entry.periodic) this.entries.delete(key);
    return { message: entry.message };
  }
}
