import { fromLabelSelector, matches, type Selector } from '../../api/labelSelector.js';
import { nodeMatchesPod } from '../../api/nodeSelector.js';
import type { TopologySpreadConstraint } from '../../api/Pod.js';
import {
  pluginStatus,
  SKIP,
  SUCCESS,
  type CycleState,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Snapshot,
} from '../Plugin.js';
import type { NodeInfo } from '../NodeInfo.js';
import type { PodInfo } from '../PodInfo.js';

interface Spread {
  readonly constraint: TopologySpreadConstraint;
  readonly selector: Selector;
  /** Matching pods per domain (value of the topology key). */
  readonly counts: Map<string, number>;
  min: number;
}

const FILTER_KEY = 'PodTopologySpread/filter';
const SCORE_KEY = 'PodTopologySpread/score';

const countMatching = (node: NodeInfo, namespace: string | undefined, selector: Selector): number => {
  let n = 0;
  for (const p of node.pods.values()) {
    if (p.pod.metadata.namespace !== namespace || p.pod.metadata.deletionTimestamp !== undefined) continue;
    if (matches(selector, p.labels)) n++;
  }
  return n;
};

const compute = (pod: PodInfo, nodes: ReadonlyArray<NodeInfo>, constraints: ReadonlyArray<TopologySpreadConstraint>): Spread[] => {
  const spreads: Spread[] = constraints.map((c) => ({ constraint: c, selector: fromLabelSelector(c.labelSelector), counts: new Map(), min: 0 }));
  for (const node of nodes) {
    if (!nodeMatchesPod(pod.pod, node.node)) continue;
    if (!constraints.every((c) => node.labels[c.topologyKey] !== undefined)) continue;
    for (const s of spreads) {
      const domain = node.labels[s.constraint.topologyKey];
      s.counts.set(domain, (s.counts.get(domain) ?? 0) + countMatching(node, pod.pod.metadata.namespace, s.selector));
    }
  }
  for (const s of spreads) {
    let min = Infinity;
    for (const v of s.counts.values()) if (v < min) min = v;
    const minDomains = s.constraint.minDomains ?? 1;
    s.min = s.counts.size < minDomains || min === Infinity ? 0 : min;
  }
  return spreads;
};

/**
 * Filter (DoNotSchedule constraints): placing the pod must not make the skew
 * between its domain and the least loaded domain exceed maxSkew. Score
 * (ScheduleAnyway constraints): fewer matching pods in the node's domain is better.
 */
export const PodTopologySpread = (): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin => ({
  name: 'PodTopologySpread',
  preFilter: (state: CycleState, pod: PodInfo, snapshot: Snapshot) => {
    const hard = (pod.pod.spec.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    if (hard.length === 0) return SKIP;
    state.set(FILTER_KEY, compute(pod, snapshot.nodes, hard));
    return SUCCESS;
  },
  filter: (state, pod, node) => {
    const spreads = state.get(FILTER_KEY) as Spread[] | undefined;
    if (spreads === undefined) return SUCCESS;
    for (const s of spreads) {
      const domain = node.labels[s.constraint.topologyKey];
      if (domain === undefined) return pluginStatus('UnschedulableAndUnresolvable', 'PodTopologySpread', "node(s) didn't match pod topology spread constraints (missing required label)");
      const self = matches(s.selector, pod.labels) ? 1 : 0;
      const skew = (s.counts.get(domain) ?? 0) + self - s.min;
      if (skew > s.constraint.maxSkew) return pluginStatus('Unschedulable', 'PodTopologySpread', "node(s) didn't match pod topology spread constraints");
    }
    return SUCCESS;
  },
  preScore: (state, pod, nodes) => {
    const soft = (pod.pod.spec.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
    if (soft.length === 0) return SKIP;
    state.set(SCORE_KEY, compute(pod, nodes, soft));
    return SUCCESS;
  },
  score: (state, _pod, node) => {
    const spreads = state.get(SCORE_KEY) as Spread[] | undefined;
    if (spreads === undefined) return 0;
    let sum = 0;
    for (const s of spreads) {
      const domain = node.labels[s.constraint.topologyKey];
      let worst = 0;
      for (const v of s.counts.values()) if (v > worst) worst = v;
      sum += domain === undefined ? worst + 1 : (s.counts.get(domain) ?? 0);
    }
    return sum;
  },
  normalize: (_state, _pod, scores) => {
    let min = Infinity;
    let max = 0;
    for (const s of scores) {
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < scores.length; i++) scores[i] = max === min ? 100 : Math.floor((100 * (max - scores[i])) / (max - min));
  },
});
