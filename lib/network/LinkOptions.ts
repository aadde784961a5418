import type { Latency } from './Latency.js';

/** How one directed link between two nodes behaves. */
export interface LinkOptions {
  /** Delay of each message. @default uniform 1–5 ms */
  latency?: Latency;
  /** Probability that a message is lost. @default 0 */
  loss?: number;
  /** Probability that a message is delivered twice. @default 0 */
  duplicate?: number;
  /** Probability that a message is held back by an extra delay, so later ones overtake it. @default 0 */
  reorder?: number;
  /** The extra delay of a reordered message. @default 20 ms */
  reorderDelayMs?: number;
  /** Never let a message overtake an earlier one on this link (TCP-like). Off: latency jitter reorders. @default false */
  fifo?: boolean;
}

/** Link options with every default filled in. */
export type ResolvedLink = Required<LinkOptions>;

/** The defaults of a link. */
export const defaultLink: ResolvedLink = {
  latency: { kind: 'uniform', minMs: 1, maxMs: 5 },
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reorderDelayMs: 20,
  fifo: false,
};

/** Merge link options over a base. */
export const resolveLink = (base: ResolvedLink, options: LinkOptions | undefined): ResolvedLink => {
  if (options === undefined) return base;
  const link = { ...base, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as ResolvedLink;
  for (const p of ['loss', 'duplicate', 'reorder'] as const) {
    if (!(link[p] >= 0 && link[p] <= 1)) throw new RangeError(`link ${p} must be a probability in [0, 1], got ${link[p]}`);
  }
  return link;
};
