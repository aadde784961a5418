import type { ScorePlugin } from '../Plugin.js';

/** Score: nodes whose cpu and memory use would be closest to each other after placing the pod score highest. */
export const NodeResourcesBalancedAllocation = (): ScorePlugin => ({
  name: 'NodeResourcesBalancedAllocation',
  score: (_state, pod, node) => {
    const cpuFrac = node.allocCpuMilli === 0 ? 1 : Math.min(1, (node.nonZeroCpuMilli + pod.nonZeroCpuMilli) / node.allocCpuMilli);
    const memFrac = node.allocMemory === 0 ? 1 : Math.min(1, (node.nonZeroMemory + pod.nonZeroMemory) / node.allocMemory);
    // Standard deviation of two fractions is half their distance.
    const std = Math.abs(cpuFrac - memFrac) / 2;
    return Math.floor((1 - std) * 100);
  },
});
