import type { ScorePlugin } from '../Plugin.js';

/**
 * Score: the share of cpu and memory left free after placing the pod
 * (upstream NodeResourcesFit with the LeastAllocated strategy, weights 1:1),
 * so pods spread over the emptiest nodes. Uses non-zero default requests.
 */
export const NodeResourcesLeastAllocated = (): ScorePlugin => ({
  name: 'NodeResourcesLeastAllocated',
  score: (_state, pod, node) => {
    const cpuAlloc = node.allocCpuMilli;
    const memAlloc = node.allocMemory;
    const cpuReq = node.nonZeroCpuMilli + pod.nonZeroCpuMilli;
    const memReq = node.nonZeroMemory + pod.nonZeroMemory;
    const cpu = cpuAlloc === 0 || cpuReq > cpuAlloc ? 0 : ((cpuAlloc - cpuReq) * 100) / cpuAlloc;
    const mem = memAlloc === 0 || memReq > memAlloc ? 0 : ((memAlloc - memReq) * 100) / memAlloc;
    return Math.floor((cpu + mem) / 2);
  },
});
