/** Upstream's DefaultNormalizeScore: scale to 0–100 by the maximum; `reverse` turns "fewer is better" into a score. */
export const normalizeScores = (scores: Float64Array, reverse: boolean): void => {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) scores.fill(100);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.floor((100 * scores[i]) / max);
    scores[i] = reverse ? 100 - s : s;
  }
};
