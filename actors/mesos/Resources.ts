import * as t from 'io-ts';

/** An inclusive range of ports, e.g. `[31000, 32000]`. */
export const PortRange = t.tuple([t.number, t.number]);
export type PortRange = t.TypeOf<typeof PortRange>;

/**
 * A bundle of resources, as Mesos counts them: three scalars (cpus, memory and
 * disk in MB) and a set of port ranges. The scalars make a task's dominant
 * share; ports are offered and consumed but do not count toward shares (as in
 * Mesos, where only scalar resources enter the DRF sorter).
 *
 * @example
 * const task = resources({ cpus: 0.5, mem: 128 });
 * const agent = resources({ cpus: 4, mem: 8192, disk: 10_000, ports: [[31000, 32000]] });
 * contains(agent, task); // true
 */
export const Resources = t.type({
  cpus: t.number,
  mem: t.number,
  disk: t.number,
  ports: t.array(PortRange),
});
export type Resources = t.TypeOf<typeof Resources>;

/** The scalar resource kinds, in the order shares are computed. */
export const SCALARS = ['cpus', 'mem', 'disk'] as const;

/** Float tolerance for scalar comparisons (Mesos uses fixed-point with 3 decimals). */
const EPS = 1e-9;

/** No resources at all. */
export const EMPTY: Resources = Object.freeze({ cpus: 0, mem: 0, disk: 0, ports: [] }) as Resources;

/**
 * Build resources from a partial description (missing scalars are 0, no ports).
 *
 * @example
 * resources({ cpus: 1, mem: 256 }); // { cpus: 1, mem: 256, disk: 0, ports: [] }
 */
export const resources = (r: Partial<Resources> = {}): Resources => ({
  cpus: r.cpus ?? 0,
  mem: r.mem ?? 0,
  disk: r.disk ?? 0,
  ports: normalizeRanges(r.ports ?? []),
});

/** Sort and merge overlapping or adjacent ranges. */
export const normalizeRanges = (ranges: ReadonlyArray<PortRange>): PortRange[] => {
  if (ranges.length === 0) return [];
  const sorted = ranges.filter(([a, b]) => b >= a).map(([a, b]): PortRange => [a, b]).sort((x, y) => x[0] - y[0]);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
};

/** Number of ports in a set of ranges. */
export const portCount = (ranges: ReadonlyArray<PortRange>): number => ranges.reduce((n, [a, b]) => n + b - a + 1, 0);

const rangesContain = (outer: ReadonlyArray<PortRange>, inner: ReadonlyArray<PortRange>): boolean =>
  inner.every(([a, b]) => outer.some(([x, y]) => x <= a && b <= y));

const subtractRanges = (from: ReadonlyArray<PortRange>, minus: ReadonlyArray<PortRange>): PortRange[] => {
  let out: PortRange[] = from.map(([a, b]): PortRange => [a, b]);
  for (const [a, b] of minus) {
    const next: PortRange[] = [];
    for (const [x, y] of out) {
      if (b < x || a > y) next.push([x, y]);
      else {
        if (x < a) next.push([x, a - 1]);
        if (b < y) next.push([b + 1, y]);
      }
    }
    out = next;
  }
  return out;
};

/** `a + b`. */
export const add = (a: Resources, b: Resources): Resources => ({
  cpus: a.cpus + b.cpus,
  mem: a.mem + b.mem,
  disk: a.disk + b.disk,
  ports: b.ports.length === 0 ? a.ports : a.ports.length === 0 ? b.ports : normalizeRanges([...a.ports, ...b.ports]),
});

/** `a − b`, clamped at 0 (callers check {@link contains} first when it matters). */
export const subtract = (a: Resources, b: Resources): Resources => ({
  cpus: clamp(a.cpus - b.cpus),
  mem: clamp(a.mem - b.mem),
  disk: clamp(a.disk - b.disk),
  ports: b.ports.length === 0 ? a.ports : subtractRanges(a.ports, b.ports),
});

const clamp = (x: number): number => (x < EPS ? 0 : x);

/** Whether `outer` has at least `inner` of every resource (ports: every range covered). */
export const contains = (outer: Resources, inner: Resources): boolean =>
  outer.cpus + EPS >= inner.cpus &&
  outer.mem + EPS >= inner.mem &&
  outer.disk + EPS >= inner.disk &&
  (inner.ports.length === 0 || rangesContain(outer.ports, inner.ports));

/** Whether there is nothing in it (no scalar above 0, no port). */
export const isEmpty = (r: Resources): boolean => r.cpus < EPS && r.mem < EPS && r.disk < EPS && r.ports.length === 0;

/** Whether it is worth offering: Mesos' minimum allocatable (0.01 cpus or 32 MB of memory). */
export const isAllocatable = (r: Resources): boolean => r.cpus >= 0.01 - EPS || r.mem >= 32 - EPS;

/** The sum of many bundles. */
export const sum = (rs: Iterable<Resources>): Resources => {
  let out = EMPTY;
  for (const r of rs) out = add(out, r);
  return out;
};

/** Component-wise minimum of the scalars (ports are kept from `a`). */
export const minScalars = (a: Resources, b: { cpus: number; mem: number; disk: number }): Resources => ({
  cpus: Math.min(a.cpus, b.cpus),
  mem: Math.min(a.mem, b.mem),
  disk: Math.min(a.disk, b.disk),
  ports: a.ports,
});

/**
 * The dominant share of `allocated` in `total`: the largest fraction over the
 * scalar kinds (kinds the cluster has none of are skipped).
 *
 * @example
 * dominantShare(resources({ cpus: 1, mem: 4096 }), resources({ cpus: 10, mem: 8192 })); // 0.5
 */
export const dominantShare = (allocated: Resources, total: Resources): number => {
  let share = 0;
  if (total.cpus > 0) share = Math.max(share, allocated.cpus / total.cpus);
  if (total.mem > 0) share = Math.max(share, allocated.mem / total.mem);
  if (total.disk > 0) share = Math.max(share, allocated.disk / total.disk);
  return share;
};

/** Pick `count` ports from the front of `ranges` (for frameworks that need host ports). */
export const takePorts = (ranges: ReadonlyArray<PortRange>, count: number): PortRange[] | undefined => {
  if (count <= 0) return [];
  const out: PortRange[] = [];
  let left = count;
  for (const [a, b] of ranges) {
    const n = Math.min(left, b - a + 1);
    out.push([a, a + n - 1]);
    left -= n;
    if (left === 0) return out;
  }
  return undefined;
};

/** A short text form, e.g. `cpus:2;mem:1024;disk:0;ports:[31000-31009]`. */
export const formatResources = (r: Resources): string =>
  `cpus:${round(r.cpus)};mem:${round(r.mem)};disk:${round(r.disk)}${r.ports.length > 0 ? `;ports:[${r.ports.map(([a, b]) => `${a}-${b}`).join(',')}]` : ''}`;

const round = (x: number): number => Math.round(x * 1000) / 1000;
