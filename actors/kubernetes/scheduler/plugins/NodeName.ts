import { pluginStatus, SKIP, SUCCESS, type FilterPlugin, type PreFilterPlugin } from '../Plugin.js';

/** Filter: a pod naming a node (`spec.nodeName`) fits only that node. */
export const NodeName = (): PreFilterPlugin & FilterPlugin => ({
  name: 'NodeName',
  preFilter: (_state, pod) => (pod.pod.spec.nodeName === undefined || pod.pod.spec.nodeName === '' ? SKIP : SUCCESS),
  filter: (_state, pod, node) =>
    pod.pod.spec.nodeName === node.name ? SUCCESS : pluginStatus('UnschedulableAndUnresolvable', 'NodeName', "node(s) didn't match the requested node name"),
});
