import { firstUntolerated, toleratedBy } from '../../api/taints.js';
import { pluginStatus, SUCCESS, type FilterPlugin, type ScorePlugin } from '../Plugin.js';
import { normalizeScores } from './normalize.js';

/**
 * Filter: a pod must tolerate every NoSchedule and NoExecute taint of the node.
 * Score: fewer untolerated PreferNoSchedule taints is better.
 */
export const TaintToleration = (): FilterPlugin & ScorePlugin => ({
  name: 'TaintToleration',
  filter: (_state, pod, node) => {
    if (node.taintCount === 0) return SUCCESS;
    const taint = firstUntolerated(node.taints, pod.tolerations, ['NoSchedule', 'NoExecute']);
    if (taint === undefined) return SUCCESS;
    return pluginStatus('UnschedulableAndUnresolvable', 'TaintToleration', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  },
  score: (_state, pod, node) => {
    if (node.taintCount === 0) return 0;
    let n = 0;
    for (const t of node.taints) if (t.effect === 'PreferNoSchedule' && !toleratedBy(pod.tolerations, t)) n++;
    return n;
  },
  normalize: (_state, _pod, scores) => normalizeScores(scores, true),
});
