import type { Subscription } from 'rxjs';

/**
 * Keyed timers of one actor (Akka's TimerScheduler): each delivers a message
 * to the actor through its mailbox. Starting a timer with a key in use
 * replaces it; a cancelled or replaced timer's message never arrives, even if
 * it was already queued; a restart cancels every timer.
 */
export interface Timers<M> {
  /** Deliver `message` once, `delayMs` from now. */
  startSingleTimer(key: string, message: M, delayMs: number): void;
  /** Deliver `message` every `intervalMs`, first after `initialDelayMs` (default: intervalMs). */
  startPeriodicTimer(key: string, message: M, intervalMs: number, initialDelayMs?: number): void;
  /** Cancel the timer with this key (a no-op if there is none). */
  cancel(key: string): void;
  /** Cancel every timer. */
  cancelAll(): void;
  /** Whether a timer with this key is pending. */
  isActive(key: string): boolean;
}

/** One armed timer. */
export interface TimerEntry {
  readonly gen: number;
  readonly periodic: boolean;
  readonly message: unknown;
  readonly subscription: Subscription;
}
