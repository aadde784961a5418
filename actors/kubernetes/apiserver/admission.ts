/** Admission on create: generateName, namespace lifecycle, priority, default tolerations, ClusterIP allocation. */
import * as E from 'fp-ts/Either';
import type { Random } from '../../../lib/random/index.js';
import type { Namespace, PriorityClass } from '../api/cluster.js';
import type { KubeObject } from '../api/meta.js';
import type { Service } from '../api/networking.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from '../api/Node.js';
import type { Pod, Toleration } from '../api/Pod.js';
import { forbidden, notFound, type Status } from '../api/Status.js';

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` + 5 random characters from Kubernetes' alphabet (no vowels, no look-alikes). */
export const generateName = (prefix: string, random: Random): string => {
  let s = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  for (let i = 0; i < 5; i++) s += NAME_CHARS[random.int(0, NAME_CHARS.length - 1)];
  return s;
};

/** A random RFC 4122 version-4 UUID from the seeded stream, salted (e.g. with the store revision). */
export const randomUid = (random: Random, salt = 0): string => {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += random.int(0, 15).toString(16);
    return s;
  };
  // The salt (the store revision) keeps uids unique across restarts, which replay the seeded stream.
  const tail = ((salt % 0x1000000) >>> 0).toString(16).padStart(6, '0') + hex(6);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + random.int(0, 3)).toString(16)}${hex(3)}-${tail}`;
};

/** Namespaces the NamespaceLifecycle plugin never lets anyone delete. */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/** NamespaceLifecycle on delete: `default`, `kube-system` and `kube-public` may not be deleted. */
export const admitNamespaceDelete = (name: string): E.Either<Status, void> =>
  IMMORTAL_NAMESPACES.has(name) ? E.left(forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' })) : E.right(undefined);

/** NamespaceLifecycle: the namespace must exist and not be terminating. */
export const admitNamespace = (ns: string, namespace: Namespace | undefined): E.Either<Status, void> => {
  if (namespace === undefined) return E.left(notFound('namespaces', ns));
  if (namespace.metadata.deletionTimestamp !== undefined || namespace.status?.phase === 'Terminating') {
    return E.left(
      forbidden(`unable to create new content in namespace ${ns} because it is being terminated`, {
        name: ns,
        kind: 'namespaces',
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
      }),
    );
  }
  return E.right(undefined);
};

/** Tolerations every pod gets unless it has its own (DefaultTolerationSeconds admission). */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Priority admission (resolve priorityClassName) and DefaultTolerationSeconds. */
export const admitPod = (pod: Pod, classes: ReadonlyArray<PriorityClass>): E.Either<Status, Pod> => {
  let priority = 0;
  let policy: Pod['spec']['preemptionPolicy'] = pod.spec.preemptionPolicy;
  let className = pod.spec.priorityClassName;
  if (className !== undefined && className !== '') {
    const pc = classes.find((c) => c.metadata.name === className);
    if (pc === undefined) return E.left(forbidden(`pods "${pod.metadata.name}" is forbidden: no PriorityClass with name ${className} was found`));
    priority = pc.value;
    policy = pc.preemptionPolicy ?? policy;
  } else {
    const def = classes.find((c) => c.globalDefault === true);
    if (def !== undefined) {
      priority = def.value;
      className = def.metadata.name;
      policy = def.preemptionPolicy ?? policy;
    }
  }
  if (pod.spec.priority !== undefined && pod.spec.priority !== priority) {
    return E.left(forbidden(`pods "${pod.metadata.name}" is forbidden: the integer value of priority (${pod.spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`));
  }
  const tolerations: Toleration[] = [...(pod.spec.tolerations ?? [])];
  for (const key of [TAINT_NOT_READY, TAINT_UNREACHABLE]) {
    const has = tolerations.some((t) => (t.key === key || (t.key === undefined && t.operator === 'Exists')) && (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute'));
    if (!has) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  return E.right({ ...pod, spec: { ...pod.spec, priority, priorityClassName: className, preemptionPolicy: policy, tolerations } });
};

/** Allocates ClusterIPs from 10.96.0.0/16. */
export class ClusterIpAllocator {
  private readonly used = new Set<string>();
  private next = 1;

  /** Forget everything and mark the IPs of these services as used. */
  reset(services: Iterable<KubeObject>): void {
    this.used.clear();
    for (const s of services) {
      const ip = (s as Service).spec?.clusterIP;
      if (ip !== undefined && ip !== 'None' && ip !== '') this.used.add(ip);
    }
  }

  /** A free IP, or undefined when the range is full. */
  allocate(): string | undefined {
    for (let i = 0; i < 65_534; i++) {
      const n = ((this.next - 1 + i) % 65_534) + 1;
      const ip = `10.96.${n >> 8}.${n & 255}`;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        this.next = n + 1;
        return ip;
      }
    }
    return undefined;
  }

  /** Mark an IP as used (a service asked for it). Returns false if taken. */
  claim(ip: string): boolean {
    if (this.used.has(ip)) return false;
    this.used.add(ip);
    return true;
  }

  /** Free an IP (its service was deleted). */
  release(ip: string | undefined): void {
    if (ip !== undefined) this.used.delete(ip);
  }
}
