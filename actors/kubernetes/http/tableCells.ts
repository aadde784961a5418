/** Cell helpers of the Table printers: kubectl's formatting of ages, labels, selectors and containers. */
import { formatSelector, fromLabelSelector, type Requirement } from '../api/labelSelector.js';
import { isRecord as isRec, LabelSelector } from '../api/meta.js';

/**
 * A duration as kubectl's AGE column shows it (apimachinery
 * `duration.HumanDuration`): `45s`, `119s`, `2m`, `5m3s`, `10m`, `3h5m`, `9h`,
 * `2d3h`, `15d`, `3y45d`, `9y`; up to 1s in the future counts as `0s`, more
 * is `<invalid>`.
 */
export const humanDuration = (ms: number): string => {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
};

// ---------------------------------------------------------------- reading loosely typed objects

export type Rec = Record<string, unknown>;
export { isRec };
export const rec = (v: unknown): Rec => (isRec(v) ? v : {});
export const recs = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRec) : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
export const orNone = (s: string, none = '<none>'): string => (s === '' ? none : s);
export const nameOf = (o: Rec): string => str(rec(o.metadata).name);

/** Time since an RFC 3339 timestamp (`<unknown>` when unset or unparseable). */
export const since = (timestamp: unknown, nowMs: number): string => {
  const t = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return Number.isFinite(t) ? humanDuration(nowMs - t) : '<unknown>';
};
export const age = (o: Rec, nowMs: number): string => since(rec(o.metadata).creationTimestamp, nowMs);

/** `k1=v1,k2=v2` sorted by key (labels.FormatLabels); `<none>` when empty. */
export const formatLabels = (m: unknown): string =>
  orNone(
    Object.entries(rec(m))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${str(v)}`)
      .join(','),
  );

/** A structured label selector as a string, requirements sorted by key and values sorted (metav1.LabelSelectorAsSelector). */
export const selectorString = (s: unknown): string => {
  const reqs: Requirement[] = fromLabelSelector(LabelSelector.is(s) ? s : undefined)
    .map((r) => ({ ...r, values: [...r.values].sort() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return formatSelector(reqs);
};

/** Container names and images, comma-joined. */
export const containerCells = (containers: unknown): [string, string] => {
  const cs = recs(containers);
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')];
};

// ---------------------------------------------------------------- columns

// Column descriptions: the API types' documentation, as the API server sends it.
