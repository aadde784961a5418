/** Summary of repeated measurements of one quantity. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median: how much the runs disagree. */
  readonly spread: number;
  readonly samples: ReadonlyArray<number>;
}

/** The median of a non-empty list. */
export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Median, extremes and relative spread of repeated measurements. */
export const summarize = (samples: ReadonlyArray<number>): Summary => {
  const m = median(samples);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return { median: m, min, max, spread: m === 0 ? 0 : (max - min) / m, samples };
};
