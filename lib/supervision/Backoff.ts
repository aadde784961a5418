import type { Random } from '../random/index.js';

/** Exponential backoff between restarts (Akka's restartWithBackoff). */
export interface BackoffOptions {
  /** Delay of the first restart. */
  minMs: number;
  /** Upper bound of the delay before jitter. */
  maxMs: number;
  /** Growth per consecutive restart. @default 2 */
  factor?: number;
  /** Jitter as a fraction of the delay: the delay is multiplied by 1 + U[0, jitter). @default 0.2 */
  jitter?: number;
  /** After running this long without failing, the next restart starts again from minMs. @default maxMs */
  resetAfterMs?: number;
}

/**
 * The delay before restart number `attempt` (0 for the first after a stable
 * period): min(maxMs, minMs · factor^attempt) · (1 + U[0, jitter)), the jitter
 * drawn from the seeded PRNG so runs are reproducible.
 *
 * @example
 * backoffDelay({ minMs: 100, maxMs: 10_000, jitter: 0 }, 3, random); // 800
 */
export const backoffDelay = (options: BackoffOptions, attempt: number, random: Random): number => {
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(options.maxMs, options.minMs * Math.pow(factor, attempt));
  return jitter > 0 ? base * (1 + random.next() * jitter) : base;
};

/** The stable period after which the backoff attempt counter resets. */
export const backoffResetAfter = (options: BackoffOptions): number => options.resetAfterMs ?? options.maxMs;
