import type { Random } from '../../../lib/random/index.js';
import './plugins/defaultPlugins.js';
import {
  createPlugin,
  isFilter,
  isPreFilter,
  isPreScore,
  isScore,
  numFeasibleNodesToFind,
  SUCCESS,
  type CycleState,
  type FilterPlugin,
  type PluginStatus,
  type PreFilterPlugin,
  type PreScorePlugin,
  type Profile,
  type ScorePlugin,
  type Snapshot,
} from './Plugin.js';
import { NodeInfo } from './NodeInfo.js';
import type { PodInfo } from './PodInfo.js';

/** What one scheduling cycle decided. */
export type ScheduleResult =
  | { readonly type: 'scheduled'; readonly node: string; readonly evaluated: number; readonly feasible: number }
  | {
      readonly type: 'unschedulable';
      /** Failed nodes and why (for preemption and the PodScheduled condition). */
      readonly statuses: ReadonlyMap<string, PluginStatus>;
      readonly numAllNodes: number;
      /** Set when a PreFilter rejected the pod outright. */
      readonly preFilter?: PluginStatus;
    }
  | { readonly type: 'error'; readonly status: PluginStatus };

/** A preemption decision: the node and the pods to evict there. */
export interface Preemption {
  readonly node: string;
  readonly victims: ReadonlyArray<PodInfo>;
}

/** Source of nominated pods (the queue). */
export interface Nominator {
  nominatedOn(node: string): ReadonlyMap<string, PodInfo> | undefined;
  readonly hasNominations: boolean;
}

/**
 * One profile's plugins wired into the scheduling cycle: PreFilter, Filter
 * over nodes from a rotating start index until enough are feasible
 * (percentageOfNodesToScore), PreScore, Score, Normalize, weighted sum,
 * and a random pick among the best; plus DefaultPreemption.
 */
export class Framework {
  private readonly preFilters: PreFilterPlugin[] = [];
  private readonly filters: FilterPlugin[] = [];
  private readonly preScores: PreScorePlugin[] = [];
  private readonly scores: Array<{ plugin: ScorePlugin; weight: number }> = [];
  private nextStart = 0;

  constructor(
    readonly profile: Profile,
    private readonly random: Random,
  ) {
    for (const name of profile.filters) {
      const p = createPlugin(name, profile.pluginArgs?.[name]);
      if (isPreFilter(p)) this.preFilters.push(p);
      if (isFilter(p)) this.filters.push(p);
    }
    for (const { name, weight } of profile.scores) {
      const p = createPlugin(name, profile.pluginArgs?.[name]);
      if (!isScore(p)) throw new RangeError(`plugin '${name}' has no Score extension point`);
      if (isPreScore(p)) this.preScores.push(p);
      this.scores.push({ plugin: p, weight });
    }
  }

  /** Run every filter not skipped on one node (with pods nominated there of at least this priority). */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo, skip: ReadonlySet<string>, nominator?: Nominator): PluginStatus {
    let target = node;
    if (nominator !== undefined && nominator.hasNominations) {
      const nominated = nominator.nominatedOn(node.name);
      if (nominated !== undefined) {
        for (const other of nominated.values()) {
          if (other.key === pod.key || other.priority < pod.priority) continue;
          if (target === node) target = node.clone();
          target.addPod(other);
        }
      }
    }
    const filters = skip.size === 0 ? this.filters : this.filters.filter((f) => !skip.has(f.name));
    return this.filterWith(filters, state, pod, target);
  }

  private filterWith(filters: ReadonlyArray<FilterPlugin>, state: CycleState, pod: PodInfo, node: NodeInfo): PluginStatus {
    for (let i = 0; i < filters.length; i++) {
      const s = filters[i].filter(state, pod, node);
      if (s.code !== 'Success') return s;
    }
    return SUCCESS;
  }

  private preFilter(state: CycleState, pod: PodInfo, snapshot: Snapshot): { skip: Set<string>; failed?: PluginStatus } {
    const skip = new Set<string>();
    for (const p of this.preFilters) {
      const s = p.preFilter(state, pod, snapshot);
      if (s.code === 'Skip') skip.add(p.name);
      else if (s.code !== 'Success') return { skip, failed: s };
    }
    return { skip };
  }

  /** One scheduling cycle for `pod`. */
  schedule(pod: PodInfo, snapshot: Snapshot, nominator?: Nominator): ScheduleResult {
    const nodes = snapshot.nodes;
    const n = nodes.length;
    const state: CycleState = new Map();
    const pre = this.preFilter(state, pod, snapshot);
    if (pre.failed !== undefined) {
      if (pre.failed.code === 'Error') return { type: 'error', status: pre.failed };
      return { type: 'unschedulable', statuses: new Map(), numAllNodes: n, preFilter: pre.failed };
    }
    if (n === 0) return { type: 'unschedulable', statuses: new Map(), numAllNodes: 0 };
    const want = numFeasibleNodesToFind(n, this.profile.percentageOfNodesToScore ?? 0);
    const feasible: NodeInfo[] = new Array(Math.min(want, n));
    let found = 0;
    let statuses: Map<string, PluginStatus> | undefined;
    let processed = 0;
    const start = this.nextStart % n;
    const active = this.filters.filter((f) => !pre.skip.has(f.name));
    const nominations = nominator !== undefined && nominator.hasNominations;
    for (; processed < n && found < want; processed++) {
      let i = start + processed;
      if (i >= n) i -= n;
      const node = nodes[i];
      const s = nominations ? this.runFilters(state, pod, node, pre.skip, nominator) : this.filterWith(active, state, pod, node);
      if (s.code === 'Success') feasible[found++] = node;
      else if (s.code === 'Error') return { type: 'error', status: s };
      else (statuses ??= new Map()).set(node.name, s);
    }
    this.nextStart = (start + processed) % n;
    feasible.length = found;
    if (feasible.length === 0) return { type: 'unschedulable', statuses: statuses ?? new Map(), numAllNodes: n };
    if (feasible.length === 1) return { type: 'scheduled', node: feasible[0].name, evaluated: processed, feasible: 1 };
    const total = this.score(state, pod, feasible);
    // Reservoir sampling among the best: ties broken at random (seeded).
    let best = -Infinity;
    let pick = 0;
    let ties = 0;
    for (let i = 0; i < total.length; i++) {
      if (total[i] > best) {
        best = total[i];
        pick = i;
        ties = 1;
      } else if (total[i] === best) {
        ties++;
        if (this.random.int(1, ties) === 1) pick = i;
      }
    }
    return { type: 'scheduled', node: feasible[pick].name, evaluated: processed, feasible: feasible.length };
  }

  private score(state: CycleState, pod: PodInfo, nodes: ReadonlyArray<NodeInfo>): Float64Array {
    const total = new Float64Array(nodes.length);
    const skip = new Set<string>();
    for (const p of this.preScores) {
      const s = p.preScore(state, pod, nodes);
      if (s.code === 'Skip') skip.add(p.name);
    }
    const scores = new Float64Array(nodes.length);
    for (const { plugin, weight } of this.scores) {
      if (skip.has(plugin.name)) continue;
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]);
      plugin.normalize?.(state, pod, scores);
      for (let i = 0; i < nodes.length; i++) total[i] += scores[i] * weight;
    }
    return total;
  }

  /**
   * DefaultPreemption (PostFilter): find a node where evicting pods of lower
   * priority lets `pod` fit, evicting as few and as unimportant pods as
   * possible. Only nodes that failed with `Unschedulable` (not
   * `UnschedulableAndUnresolvable`) are candidates.
   */
  preempt(pod: PodInfo, snapshot: Snapshot, result: Extract<ScheduleResult, { type: 'unschedulable' }>): Preemption | undefined {
    if (pod.pod.spec.preemptionPolicy === 'Never' || result.preFilter !== undefined) return undefined;
    const state: CycleState = new Map();
    const pre = this.preFilter(state, pod, snapshot);
    if (pre.failed !== undefined) return undefined;
    let best: { node: string; victims: PodInfo[]; maxPrio: number; sumPrio: number } | undefined;
    for (const node of snapshot.nodes) {
      const s = result.statuses.get(node.name);
      if (s === undefined || s.code !== 'Unschedulable') continue;
      const lower = [...node.pods.values()].filter((p) => p.priority < pod.priority);
      if (lower.length === 0) continue;
      const copy = node.clone();
      for (const p of lower) copy.removePod(p.key);
      if (this.runFilters(state, pod, copy, pre.skip).code !== 'Success') continue;
      // Reprieve as many victims as possible, most important first.
      lower.sort((a, b) => (b.priority - a.priority) || (a.createdMs - b.createdMs));
      const victims: PodInfo[] = [];
      for (const p of lower) {
        copy.addPod(p);
        if (this.runFilters(state, pod, copy, pre.skip).code !== 'Success') {
          copy.removePod(p.key);
          victims.push(p);
        }
      }
      if (victims.length === 0) continue;
      const maxPrio = Math.max(...victims.map((v) => v.priority));
      const sumPrio = victims.reduce((a, v) => a + v.priority, 0);
      if (
        best === undefined ||
        maxPrio < best.maxPrio ||
        (maxPrio === best.maxPrio && (sumPrio < best.sumPrio || (sumPrio === best.sumPrio && victims.length < best.victims.length)))
      ) {
        best = { node: node.name, victims, maxPrio, sumPrio };
      }
    }
    return best === undefined ? undefined : { node: best.node, victims: best.victims };
  }
}

/** A one-line summary of why a pod fits nowhere (`0/3 nodes are available: 2 Insufficient cpu, 1 node(s) were unschedulable.`). */
export const fitErrorMessage = (result: Extract<ScheduleResult, { type: 'unschedulable' }>): string => {
  if (result.preFilter !== undefined) return `0/${result.numAllNodes} nodes are available: ${result.preFilter.reasons.join(', ')}.`;
  const counts = new Map<string, number>();
  for (const s of result.statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([r, c]) => `${c} ${r}`);
  return `0/${result.numAllNodes} nodes are available${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
};
