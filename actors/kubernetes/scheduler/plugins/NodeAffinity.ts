import { matchesTerm, nodeMatchesPod } from '../../api/nodeSelector.js';
import { pluginStatus, SKIP, SUCCESS, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../Plugin.js';
import { normalizeScores } from './normalize.js';

/**
 * Filter: the node must match the pod's `nodeSelector` and required node
 * affinity. Score: the sum of the weights of the preferred terms it matches.
 */
export const NodeAffinity = (): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin => ({
  name: 'NodeAffinity',
  preFilter: (_state, pod) => {
    const spec = pod.pod.spec;
    const hasSelector = spec.nodeSelector !== undefined && Object.keys(spec.nodeSelector).length > 0;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    return hasSelector || required !== undefined ? SUCCESS : SKIP;
  },
  filter: (_state, pod, node) =>
    nodeMatchesPod(pod.pod, node.node) ? SUCCESS : pluginStatus('UnschedulableAndUnresolvable', 'NodeAffinity', "node(s) didn't match Pod's node affinity/selector"),
  preScore: (_state, pod) => ((pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ? SUCCESS : SKIP),
  score: (_state, pod, node) => {
    let sum = 0;
    for (const p of pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (matchesTerm(node.node, p.preference)) sum += p.weight;
    return sum;
  },
  normalize: (_state, _pod, scores) => normalizeScores(scores, false),
});
