/**
 * The scheduler framework: small plugin interfaces at the extension points
 * of a scheduling cycle, typed status codes, and a registry of plugins by
 * name (Kubernetes' `framework.Plugin` family). "This pod does not fit this
 * node" is a normal result (`Unschedulable`), never an exception.
 */
import type { Pod } from '../api/Pod.js';
import type { NodeInfo } from './NodeInfo.js';
import type { PodInfo } from './PodInfo.js';

/**
 * Outcome of a plugin call:
 * - `Success`: go on;
 * - `Unschedulable`: not here now, but preempting pods might help;
 * - `UnschedulableAndUnresolvable`: not here, and preemption won't help;
 * - `Error`: the plugin failed (the pod is retried with backoff);
 * - `Skip` (PreFilter/PreScore only): this plugin has nothing to say about this pod; its Filter/Score are not called.
 */
export type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip';

/** A plugin's status: a code, reasons for humans, and which plugin said so. */
export interface PluginStatus {
  readonly code: Code;
  readonly reasons: ReadonlyArray<string>;
  readonly plugin: string;
}

/** The shared Success status (allocation-free on the hot path). */
export const SUCCESS: PluginStatus = Object.freeze({ code: 'Success', reasons: [], plugin: '' }) as PluginStatus;
/** The shared Skip status. */
export const SKIP: PluginStatus = Object.freeze({ code: 'Skip', reasons: [], plugin: '' }) as PluginStatus;

/** Build a non-success status. */
export const pluginStatus = (code: Code, plugin: string, ...reasons: string[]): PluginStatus => ({ code, plugin, reasons });

/** Data plugins share within one scheduling cycle (PreFilter results read by Filter, etc.). */
export type CycleState = Map<string, unknown>;

/** What plugins may read about the cluster during a cycle. */
export interface Snapshot {
  /** Every node, in the scheduler's iteration order. */
  readonly nodes: ReadonlyArray<NodeInfo>;
  get(name: string): NodeInfo | undefined;
}

/** Every plugin has a unique name. */
export interface Plugin {
  readonly name: string;
}

/**
 * Runs once per cycle before filtering. Returns Success, Skip (Filter won't
 * be called for this pod), UnschedulableAndUnresolvable (the pod fits no node)
 * or Error.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): PluginStatus;
}

/**
 * Whether the pod can run on one node. Returns Success, Unschedulable,
 * UnschedulableAndUnresolvable or Error. Must not change `node`.
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): PluginStatus;
}

/** Runs once before scoring with the feasible nodes. Returns Success, Skip (Score won't be called) or Error. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: ReadonlyArray<NodeInfo>): PluginStatus;
}

/**
 * Ranks a feasible node: any number, normalized afterwards to 0–100 by
 * `normalize` (when given) and multiplied by the plugin's weight.
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescale `scores` (one per feasible node, same order) in place to 0–100. */
  normalize?(state: CycleState, pod: PodInfo, scores: Float64Array): void;
}

/** Factory of a plugin, given its arguments from the profile. */
export type PluginFactory = (args: Record<string, unknown>) => Plugin;

const registry = new Map<string, PluginFactory>();

/**
 * Register a plugin factory by name; profiles then refer to it by that name.
 *
 * @example
 * registerPlugin('GpuFit', () => ({ name: 'GpuFit', filter: (_s, pod, node) => (node.labels.gpu === 'true' || !pod.wantsGpu ? SUCCESS : pluginStatus('UnschedulableAndUnresolvable', 'GpuFit', 'no gpu')) }));
 */
export const registerPlugin = (name: string, factory: PluginFactory): void => {
  registry.set(name, factory);
};

/** Instantiate a registered plugin. */
export const createPlugin = (name: string, args: Record<string, unknown> = {}): Plugin => {
  const f = registry.get(name);
  if (f === undefined) throw new RangeError(`unknown scheduler plugin '${name}' (known: ${[...registry.keys()].join(', ')})`);
  return f(args);
};

/** Names of registered plugins. */
export const pluginNames = (): string[] => [...registry.keys()];

/** Type guards for the extension points a plugin implements. */
export const isPreFilter = (p: Plugin): p is PreFilterPlugin => typeof (p as PreFilterPlugin).preFilter === 'function';
export const isFilter = (p: Plugin): p is FilterPlugin => typeof (p as FilterPlugin).filter === 'function';
export const isPreScore = (p: Plugin): p is PreScorePlugin => typeof (p as PreScorePlugin).preScore === 'function';
export const isScore = (p: Plugin): p is ScorePlugin => typeof (p as ScorePlugin).score === 'function';

/** A scheduling profile: which plugins run, score weights, and how many nodes to look at. */
export interface Profile {
  /** Pods with this `spec.schedulerName` use the profile. @default 'default-scheduler' */
  readonly schedulerName?: string;
  /** Filter plugins (with their PreFilter), in order. */
  readonly filters: ReadonlyArray<string>;
  /** Score plugins and weights. */
  readonly scores: ReadonlyArray<{ readonly name: string; readonly weight: number }>;
  /**
   * Stop filtering once this percentage of nodes is feasible (0 = adaptive:
   * 50% − nodes/125, at least 5%; never fewer than 100 nodes).
   * @default 0
   */
  readonly percentageOfNodesToScore?: number;
  /** Arguments per plugin name. */
  readonly pluginArgs?: Record<string, Record<string, unknown>>;
}

/** The default profile: upstream's default plugins and weights. */
export const DEFAULT_PROFILE: Profile = {
  schedulerName: 'default-scheduler',
  filters: ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'PodTopologySpread'],
  scores: [
    { name: 'NodeResourcesLeastAllocated', weight: 1 },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeAffinity', weight: 2 },
    { name: 'PodTopologySpread', weight: 2 },
  ],
  percentageOfNodesToScore: 0,
};

/** How many feasible nodes to find before scoring (upstream's numFeasibleNodesToFind). */
export const numFeasibleNodesToFind = (numAllNodes: number, percentage: number): number => {
  const MIN = 100;
  if (numAllNodes < MIN) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) {
    pct = 50 - numAllNodes / 125;
    if (pct < 5) pct = 5;
  }
  if (pct >= 100) return numAllNodes;
  const n = Math.floor((numAllNodes * pct) / 100);
  return n < MIN ? MIN : n;
};

/** The pod a status is about (for messages). */
export const podName = (pod: Pod): string => `${pod.metadata.namespace}/${pod.metadata.name}`;
