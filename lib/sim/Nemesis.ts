import type { Random } from '../random/index.js';
import type { Simulation } from './Simulation.js';

/**
 * A fault to inject. Built-in types:
 * - `crash` / `restart` a node;
 * - `partition` into groups, `partition-one-way` (from → to lost), `isolate` one node, `heal` all;
 * - `loss`: extra message loss on every link (`probability`; 0 ends a burst);
 * - `skew`: a node's clock offset (`offsetMs`) and rate error (`drift`);
 * - `kill`: one actor fails as if it threw (its supervisor decides).
 * Users add their own types with {@link registerFault}.
 */
export type Fault =
  | { type: 'crash'; node: string }
  | { type: 'restart'; node: string }
  | { type: 'partition'; groups: string[][] }
  | { type: 'partition-one-way'; from: string[]; to: string[] }
  | { type: 'isolate'; node: string }
  | { type: 'heal' }
  | { type: 'loss'; probability: number }
  | { type: 'skew'; node: string; offsetMs?: number; drift?: number }
  | { type: 'kill'; node: string; path: string }
  | FaultParams;

/** Any fault as plain data: its type and its parameters. */
export interface FaultParams {
  type: string;
  [param: string]: unknown;
}

/** One entry of a fault schedule. */
export interface NemesisStep {
  readonly atMs: number;
  readonly fault: Fault;
}

/**
 * How one fault type is applied. Contract: `apply` changes the simulated
 * world only through the simulation's network, nodes and system (so the fault
 * is traced), and throws a RangeError for bad parameters.
 */
export type FaultHandler = (sim: Simulation, fault: FaultParams) => void;

const str = (fault: FaultParams, key: string): string => {
  const v = fault[key];
  if (typeof v !== 'string' || v === '') throw new RangeError(`fault '${fault.type}' needs a '${key}' string`);
  return v;
};

const strings = (fault: FaultParams, key: string): string[] => {
  const v = fault[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new RangeError(`fault '${fault.type}' needs '${key}': an array of node names`);
  return v as string[];
};

const groups = (fault: FaultParams): string[][] => {
  const v = fault.groups;
  if (!Array.isArray(v) || v.length < 2 || !v.every((g) => Array.isArray(g) && g.every((x) => typeof x === 'string'))) {
    throw new RangeError(`fault '${fault.type}' needs 'groups': at least two arrays of node names`);
  }
  return v as string[][];
};

const num = (fault: FaultParams, key: string, optional = false): number | undefined => {
  const v = fault[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`fault '${fault.type}' needs a numeric '${key}'`);
  return v;
};

const handlers = new Map<string, FaultHandler>([
  ['crash', (sim, f) => sim.system.node(str(f, 'node')).crash()],
  ['restart', (sim, f) => sim.system.node(str(f, 'node')).restart()],
  ['partition', (sim, f) => sim.network.partition(groups(f))],
  ['partition-one-way', (sim, f) => sim.network.partitionOneWay(strings(f, 'from'), strings(f, 'to'))],
  ['isolate', (sim, f) => sim.network.isolate(str(f, 'node'), sim.system.allNodes().map((n) => n.name))],
  ['heal', (sim) => sim.network.heal()],
  ['loss', (sim, f) => sim.network.setExtraLoss(num(f, 'probability')!)],
  [
    'skew',
    (sim, f) => {
      sim.system.node(str(f, 'node')).setClockSkew({ offsetMs: num(f, 'offsetMs', true), drift: num(f, 'drift', true) });
    },
  ],
  [
    'kill',
    (sim, f) => {
      const node = str(f, 'node');
      const ref = sim.system.find(node, str(f, 'path'));
      if (ref === undefined) sim.system.fault(node, 'kill-actor', `${str(f, 'path')}: not alive, nothing to kill`);
      else sim.system.injectFailure(ref, 'killed by the nemesis');
    },
  ],
]);

/** Add (or replace) a fault type, usable in schedules and generated nemeses by name. */
export const registerFault = (type: string, handler: FaultHandler): void => {
  handlers.set(type, handler);
};

/** Names of every registered fault type. */
export const faultTypes = (): string[] => [...handlers.keys()];

/** @internal Apply a fault through its handler. */
export const applyFault = (sim: Simulation, fault: Fault): void => {
  const handler = handlers.get(fault.type);
  if (handler === undefined) throw new RangeError(`unknown fault type '${fault.type}' (known: ${faultTypes().join(', ')})`);
  handler(sim, fault as FaultParams);
};

/** Rates and shapes of a generated nemesis. Rates are events per virtual minute. */
export interface NemesisOptions {
  /** Nodes faults may hit. */
  nodes: ReadonlyArray<string>;
  /** Length of the schedule. */
  durationMs: number;
  /** No fault before this time. @default 0 */
  startMs?: number;
  /** Node crashes per minute; each is followed by a restart. @default 0 */
  crashesPerMin?: number;
  /** Mean time a crashed node stays down. @default 5000 */
  meanDowntimeMs?: number;
  /** Partitions per minute (a random split in two groups, or one node isolated); each heals. @default 0 */
  partitionsPerMin?: number;
  /** Mean partition length. @default 5000 */
  meanPartitionMs?: number;
  /** Loss bursts per minute. @default 0 */
  lossBurstsPerMin?: number;
  /** Extra loss probability during a burst. @default 0.3 */
  lossBurstProbability?: number;
  /** Mean burst length. @default 2000 */
  meanLossBurstMs?: number;
  /** Clock-skew changes per minute. @default 0 */
  skewsPerMin?: number;
  /** Largest absolute skew offset. @default 500 */
  maxSkewMs?: number;
  /** Actor kills per minute, among `actors`. @default 0 */
  killsPerMin?: number;
  /** Actors the kills pick from. @default none */
  actors?: ReadonlyArray<{ node: string; path: string }>;
  /** Never have more than this many nodes down at once. @default ⌊(nodes−1)/2⌋ */
  maxDown?: number;
}

/**
 * A fault schedule drawn from `random` (fork the simulation's stream): each
 * fault kind arrives as a Poisson process at its rate; crashes come with their
 * restart, partitions and loss bursts with their end. The same random stream
 * gives the same schedule.
 *
 * @example
 * sim.nemesis(generateNemesis(sim.random.fork('nemesis'), { nodes, durationMs: 60_000, crashesPerMin: 2 }));
 */
export const generateNemesis = (random: Random, options: NemesisOptions): NemesisStep[] => {
  const steps: NemesisStep[] = [];
  const start = options.startMs ?? 0;
  const end = start + options.durationMs;
  const nodes = options.nodes;
  const arrivals = (perMin: number | undefined, stream: Random): number[] => {
    const out: number[] = [];
    if (!perMin || perMin <= 0) return out;
    for (let t = start + stream.exponential(60_000 / perMin); t < end; t += stream.exponential(60_000 / perMin)) out.push(Math.round(t));
    return out;
  };
  const crashes = random.fork('crash');
  const maxDown = options.maxDown ?? Math.floor((nodes.length - 1) / 2);
  const downUntil = new Map<string, number>();
  for (const at of arrivals(options.crashesPerMin, crashes)) {
    const down = [...downUntil.entries()].filter(([, until]) => until > at).map(([n]) => n);
    const candidates = nodes.filter((n) => !down.includes(n));
    if (down.length >= maxDown || candidates.length === 0) continue;
    const node = crashes.pick(candidates);
    const back = Math.min(end, at + Math.max(1, Math.round(crashes.exponential(options.meanDowntimeMs ?? 5000))));
    downUntil.set(node, back);
    steps.push({ atMs: at, fault: { type: 'crash', node } }, { atMs: back, fault: { type: 'restart', node } });
  }
  const parts = random.fork('partition');
  let healedAt = start;
  for (const at of arrivals(options.partitionsPerMin, parts)) {
    if (at < healedAt || nodes.length < 2) continue;
    const shuffled = parts.shuffle(nodes);
    const cut = parts.int(1, nodes.length - 1);
    const fault: Fault = parts.bool(0.3)
      ? { type: 'isolate', node: shuffled[0] }
      : { type: 'partition', groups: [shuffled.slice(0, cut), shuffled.slice(cut)] };
    healedAt = Math.min(end, at + Math.max(1, Math.round(parts.exponential(options.meanPartitionMs ?? 5000))));
    steps.push({ atMs: at, fault }, { atMs: healedAt, fault: { type: 'heal' } });
  }
  const loss = random.fork('loss');
  let lossEnd = start;
  for (const at of arrivals(options.lossBurstsPerMin, loss)) {
    if (at < lossEnd) continue;
    lossEnd = Math.min(end, at + Math.max(1, Math.round(loss.exponential(options.meanLossBurstMs ?? 2000))));
    steps.push({ atMs: at, fault: { type: 'loss', probability: options.lossBurstProbability ?? 0.3 } }, { atMs: lossEnd, fault: { type: 'loss', probability: 0 } });
  }
  const skews = random.fork('skew');
  for (const at of arrivals(options.skewsPerMin, skews)) {
    const max = options.maxSkewMs ?? 500;
    steps.push({ atMs: at, fault: { type: 'skew', node: skews.pick(nodes), offsetMs: Math.round(skews.float(-max, max)), drift: 0 } });
  }
  const kills = random.fork('kill');
  const actors = options.actors ?? [];
  if (actors.length > 0) {
    for (const at of arrivals(options.killsPerMin, kills)) {
      const a = kills.pick(actors);
      steps.push({ atMs: at, fault: { type: 'kill', node: a.node, path: a.path } });
    }
  }
  // Stable order: by time, then by generation order (sort is stable).
  return steps.sort((a, b) => a.atMs - b.atMs);
};
