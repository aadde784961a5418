import type { Node, Taint } from '../api/Node.js';
import { milliCpu, wholeUnits } from '../api/quantity.js';
import type { PodInfo } from './PodInfo.js';

/**
 * A node as the scheduler sees it: allocatable resources and the sums of the
 * pods on it (bound and assumed), kept incrementally — adding or removing a
 * pod costs O(1), never a re-list.
 */
export class NodeInfo {
  node: Node;
  name: string;
  allocCpuMilli = 0;
  allocMemory = 0;
  allocPods = 0;
  reqCpuMilli = 0;
  reqMemory = 0;
  nonZeroCpuMilli = 0;
  nonZeroMemory = 0;
  /** `pods.size`, kept as a field: filters read it for every node of every cycle. */
  podCount = 0;
  /** `taints.length`, for the same reason. */
  taintCount = 0;
  readonly pods = new Map<string, PodInfo>();
  /** Host ports in use → how many pods use them. */
  readonly usedPorts = new Map<string, number>();
  labels: Readonly<Record<string, string>> = {};
  taints: ReadonlyArray<Taint> = [];
  unschedulable = false;

  constructor(node: Node) {
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.setNode(node);
  }

  /** Take a new version of the Node object. */
  setNode(node: Node): void {
    this.node = node;
    const a = node.status?.allocatable ?? node.status?.capacity ?? {};
    this.allocCpuMilli = milliCpu(a.cpu);
    this.allocMemory = wholeUnits(a.memory);
    this.allocPods = a.pods === undefined ? 110 : wholeUnits(a.pods);
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec?.taints ?? [];
    this.taintCount = this.taints.length;
    this.unschedulable = node.spec?.unschedulable === true;
  }

  /** Account a pod on this node. */
  addPod(p: PodInfo): void {
    if (this.pods.has(p.key)) this.removePod(p.key);
    this.pods.set(p.key, p);
    this.podCount = this.pods.size;
    this.reqCpuMilli += p.cpuMilli;
    this.reqMemory += p.memory;
    this.nonZeroCpuMilli += p.nonZeroCpuMilli;
    this.nonZeroMemory += p.nonZeroMemory;
    for (const port of p.hostPorts) this.usedPorts.set(port, (this.usedPorts.get(port) ?? 0) + 1);
  }

  /** Stop accounting a pod. */
  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (p === undefined) return undefined;
    this.pods.delete(key);
    this.podCount = this.pods.size;
    this.reqCpuMilli -= p.cpuMilli;
    this.reqMemory -= p.memory;
    this.nonZeroCpuMilli -= p.nonZeroCpuMilli;
    this.nonZeroMemory -= p.nonZeroMemory;
    for (const port of p.hostPorts) {
      const n = (this.usedPorts.get(port) ?? 1) - 1;
      if (n <= 0) this.usedPorts.delete(port);
      else this.usedPorts.set(port, n);
    }
    return p;
  }

  /** A copy (for preemption what-ifs and nominated pods). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    for (const p of this.pods.values()) c.addPod(p);
    return c;
  }
}
