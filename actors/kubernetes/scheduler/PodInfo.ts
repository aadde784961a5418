import type { Pod, Toleration } from '../api/Pod.js';
import { milliCpu, wholeUnits } from '../api/quantity.js';
import { parseTime } from '../api/time.js';

/** Requests used for scoring when a pod declares none (upstream's non-zero defaults). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A pod with what the scheduler needs precomputed once (requests, ports, priority). */
export interface PodInfo {
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
  readonly uid: string;
  readonly priority: number;
  readonly cpuMilli: number;
  readonly memory: number;
  /** Requests with the non-zero defaults, for scoring. */
  readonly nonZeroCpuMilli: number;
  readonly nonZeroMemory: number;
  /** `protocol/hostIP/port` of each host port. */
  readonly hostPorts: ReadonlyArray<string>;
  readonly tolerations: ReadonlyArray<Toleration>;
  readonly labels: Readonly<Record<string, string>>;
  /** Creation time (ms), for queue order among equal priorities and preemption tie-breaks. */
  readonly createdMs: number;
}

/** Build the PodInfo of a pod. */
export const podInfoOf = (pod: Pod): PodInfo => {
  let cpu = 0;
  let mem = 0;
  let nzCpu = 0;
  let nzMem = 0;
  const ports: string[] = [];
  for (const c of pod.spec.containers) {
    const r = c.resources?.requests;
    const cc = milliCpu(r?.cpu);
    const cm = wholeUnits(r?.memory);
    cpu += cc;
    mem += cm;
    nzCpu += r?.cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : cc;
    nzMem += r?.memory === undefined ? DEFAULT_MEMORY_REQUEST : cm;
    for (const p of c.ports ?? []) if (p.hostPort !== undefined && p.hostPort > 0) ports.push(`${p.protocol ?? 'TCP'}/${p.hostIP ?? '0.0.0.0'}/${p.hostPort}`);
  }
  const created = parseTime(pod.metadata.creationTimestamp);
  return {
    pod,
    key: `${pod.metadata.namespace}/${pod.metadata.name}`,
    uid: pod.metadata.uid ?? '',
    priority: pod.spec.priority ?? 0,
    cpuMilli: cpu,
    memory: mem,
    nonZeroCpuMilli: nzCpu,
    nonZeroMemory: nzMem,
    hostPorts: ports,
    tolerations: pod.spec.tolerations ?? [],
    labels: pod.metadata.labels ?? {},
    createdMs: Number.isFinite(created) ? created : 0,
  };
};
