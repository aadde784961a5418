import { pluginStatus, SUCCESS, type FilterPlugin, type PluginStatus } from '../Plugin.js';

/** Why a node does not fit (kept out of the filter: that one runs for most nodes of every cycle and must not allocate). */
const unfit = (tooMany: boolean, cpu: boolean, mem: boolean): PluginStatus => {
  const reasons: string[] = [];
  if (tooMany) reasons.push('Too many pods');
  if (cpu) reasons.push('Insufficient cpu');
  if (mem) reasons.push('Insufficient memory');
  return pluginStatus('Unschedulable', 'NodeResourcesFit', ...reasons);
};

/** Filter: the node's allocatable cpu, memory and pod count must hold the pod's requests on top of what is there. */
export const NodeResourcesFit = (): FilterPlugin => ({
  name: 'NodeResourcesFit',
  filter: (_state, pod, node) => {
    const tooMany = node.podCount + 1 > node.allocPods;
    const cpu = pod.cpuMilli > 0 && node.reqCpuMilli + pod.cpuMilli > node.allocCpuMilli;
    const mem = pod.memory > 0 && node.reqMemory + pod.memory > node.allocMemory;
    if (!tooMany && !cpu && !mem) return SUCCESS;
    return unfit(tooMany, cpu, mem);
  },
});
