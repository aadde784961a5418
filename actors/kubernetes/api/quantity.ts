/** Resource quantities (`100m`, `1.5`, `128Mi`, `2G`, `1e3`) as numbers. */

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

const cache = new Map<string, number>();

/**
 * The value of a quantity in base units (cores, bytes, count), or NaN when it
 * is not a quantity.
 *
 * @example
 * parseQuantity('250m'); // 0.25
 * parseQuantity('1Gi');  // 1073741824
 */
export const parseQuantity = (q: string | number): number => {
  if (typeof q === 'number') return q;
  const hit = cache.get(q);
  if (hit !== undefined) return hit;
  const m = QUANTITY.exec(q.trim());
  let v = Number.NaN;
  if (m !== null) v = m[2] !== undefined ? Number(m[1] + m[2]) : Number(m[1]) * SUFFIX[m[3] ?? ''];
  if (cache.size < 10_000) cache.set(q, v);
  return v;
};

/** A CPU quantity in millicores (rounded up, as Kubernetes does). */
export const milliCpu = (q: string | number | undefined): number => (q === undefined ? 0 : Math.ceil(Math.round(parseQuantity(q) * 1e6) / 1e3));

/** A memory (or count) quantity as an integer. */
export const wholeUnits = (q: string | number | undefined): number => (q === undefined ? 0 : Math.ceil(parseQuantity(q)));
