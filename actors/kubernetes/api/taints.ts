/** Taints and tolerations (used by the scheduler and the node lifecycle controller). */
import type { Taint } from './Node.js';
import type { Toleration } from './Pod.js';

/**
 * Whether a toleration tolerates a taint: same effect (or an empty effect),
 * same key (or an empty key with `Exists`), and `Exists` or an equal value.
 */
export const tolerates = (tol: Toleration, taint: Taint): boolean => {
  if (tol.effect !== undefined && tol.effect !== '' && tol.effect !== taint.effect) return false;
  if (tol.key !== undefined && tol.key !== '' && tol.key !== taint.key) return false;
  if ((tol.key === undefined || tol.key === '') && tol.operator !== 'Exists') return false;
  if (tol.operator === 'Exists') return true;
  return (tol.value ?? '') === (taint.value ?? '');
};

/** Whether any toleration tolerates the taint. */
export const toleratedBy = (tols: ReadonlyArray<Toleration>, taint: Taint): boolean => {
  for (const t of tols) if (tolerates(t, taint)) return true;
  return false;
};

/** The first taint (of the given effects) no toleration tolerates. */
export const firstUntolerated = (taints: ReadonlyArray<Taint>, tols: ReadonlyArray<Toleration>, effects: ReadonlyArray<Taint['effect']>): Taint | undefined => {
  for (const taint of taints) if (effects.includes(taint.effect) && !toleratedBy(tols, taint)) return taint;
  return undefined;
};

/**
 * For a NoExecute taint: how long the pod may stay (ms) — undefined if it
 * tolerates it forever, 0 if not at all, else the smallest tolerationSeconds
 * of the tolerations that match.
 */
export const noExecuteTolerationMs = (tols: ReadonlyArray<Toleration>, taint: Taint): number | undefined => {
  let min: number | undefined = 0;
  let matched = false;
  for (const t of tols) {
    if (!tolerates(t, taint)) continue;
    if (t.tolerationSeconds === undefined) return undefined;
    const ms = Math.max(0, t.tolerationSeconds) * 1000;
    min = matched ? Math.min(min!, ms) : ms;
    matched = true;
  }
  return matched ? min : 0;
};
