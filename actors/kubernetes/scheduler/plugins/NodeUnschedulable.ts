import { TAINT_UNSCHEDULABLE } from '../../api/Node.js';
import { toleratedBy } from '../../api/taints.js';
import { pluginStatus, SUCCESS, type FilterPlugin } from '../Plugin.js';

/** Filter: nodes with `spec.unschedulable` (cordoned) take only pods tolerating the unschedulable taint. */
export const NodeUnschedulable = (): FilterPlugin => ({
  name: 'NodeUnschedulable',
  filter: (_state, pod, node) => {
    if (!node.unschedulable) return SUCCESS;
    if (toleratedBy(pod.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) return SUCCESS;
    return pluginStatus('UnschedulableAndUnresolvable', 'NodeUnschedulable', 'node(s) were unschedulable');
  },
});
