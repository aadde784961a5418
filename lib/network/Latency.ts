import type { Random } from '../random/index.js';

/**
 * A latency distribution for one hop, in milliseconds of (virtual) time.
 * - `constant`: always `ms`.
 * - `uniform`: between `minMs` and `maxMs`.
 * - `normal`: mean and standard deviation, clipped at `minMs` (default 0).
 * - `exponential`: `minMs` plus an exponential tail of mean `meanMs` (long tails, like real networks).
 */
export type Latency =
  | { readonly kind: 'constant'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'normal'; readonly meanMs: number; readonly sdMs: number; readonly minMs?: number }
  | { readonly kind: 'exponential'; readonly meanMs: number; readonly minMs?: number };

/** Draw one latency from the distribution with the given random stream. */
export const sampleLatency = (latency: Latency, random: Random): number => {
  switch (latency.kind) {
    case 'constant':
      return latency.ms;
    case 'uniform':
      return latency.minMs + random.next() * (latency.maxMs - latency.minMs);
    case 'normal': {
      // Box–Muller with two draws from the seeded stream.
      const u = 1 - random.next();
      const v = random.next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return Math.max(latency.minMs ?? 0, latency.meanMs + z * latency.sdMs);
    }
    case 'exponential':
      return (latency.minMs ?? 0) + random.exponential(latency.meanMs);
  }
};

/** Check a latency description; returns an error message or undefined. */
export const validateLatency = (latency: Latency): string | undefined => {
  const bad = (v: number | undefined): boolean => v !== undefined && !(Number.isFinite(v) && v >= 0);
  switch (latency.kind) {
    case 'constant':
      return bad(latency.ms) ? `constant latency must be ≥ 0, got ${latency.ms}` : undefined;
    case 'uniform':
      return bad(latency.minMs) || bad(latency.maxMs) || latency.maxMs < latency.minMs
        ? `uniform latency needs 0 ≤ minMs ≤ maxMs, got ${latency.minMs}..${latency.maxMs}`
        : undefined;
    case 'normal':
      return bad(latency.meanMs) || bad(latency.sdMs) || bad(latency.minMs) ? 'normal latency needs meanMs, sdMs, minMs ≥ 0' : undefined;
    case 'exponential':
      return bad(latency.meanMs) || bad(latency.minMs) ? 'exponential latency needs meanMs, minMs ≥ 0' : undefined;
  }
};
