/**
 * The resource registry: what the API server serves. Each entry names a REST
 * resource (`pods`), its kind and group/version, its codec, scope and
 * subresources, and its defaulting, validation and selectable fields. Users
 * register their own kinds with {@link registerResource}.
 */
import type * as t from 'io-ts';
import { Binding, ConfigMap, Event, Lease, Namespace, PriorityClass } from './cluster.js';
import type { KubeObject } from './meta.js';
import { Endpoints, Service } from './networking.js';
import { Node } from './Node.js';
import { Pod, type PodSpec, type PodTemplateSpec } from './Pod.js';
import { cause, type StatusCause } from './Status.js';
import { isDnsLabel, validateMeta, validateMetaUpdate, validatePodSpec, validatePodSpecUpdate, validateRollingUpdate, validateSelector } from './validation.js';
import { deepEqual } from './mergePatch.js';
import { Deployment, ReplicaSet } from './workloads.js';

/** One servable resource. */
export interface ResourceInfo<T extends KubeObject = KubeObject> {
  /** Plural REST name, e.g. `pods`. */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  /** API group ('' for core). */
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  /** Structural (see `nonStructuralParts`): its type guard stands for decode on the write path. */
  readonly codec: t.Type<T, unknown, unknown>;
  readonly shortNames: ReadonlyArray<string>;
  /** Subresources (`status`, `scale`, `binding`, `eviction`, `finalize`). */
  readonly subresources: ReadonlyArray<string>;
  /** Spec changes bump `metadata.generation`. */
  readonly generation: boolean;
  /** Whether the name must be a DNS-1123 label (else subdomain). @default false */
  readonly nameIsLabel?: boolean;
  /** Fill defaults (returns a new object). */
  readonly defaults?: (obj: T) => T;
  /** Kind-specific validation on create (`old` undefined) and update. */
  readonly validate?: (obj: T, old: T | undefined) => StatusCause[];
  /** Kind-specific selectable fields (metadata.name and metadata.namespace always work). */
  readonly fields?: (obj: T, field: string) => string | undefined;
}

/** `apiVersion` of a resource (`v1`, `apps/v1`). */
export const apiVersionOf = (r: ResourceInfo): string => (r.group === '' ? r.version : `${r.group}/${r.version}`);

const registry = new Map<string, ResourceInfo>();
const byKind = new Map<string, ResourceInfo>();

/** Add (or replace) a resource the API server serves. */
export const registerResource = <T extends KubeObject>(info: ResourceInfo<T>): void => {
  registry.set(info.resource, info as unknown as ResourceInfo);
  byKind.set(info.kind, info as unknown as ResourceInfo);
};

/** A resource by plural name. */
export const resourceInfo = (resource: string): ResourceInfo | undefined => registry.get(resource);

/** A resource by kind. */
export const resourceForKind = (kind: string): ResourceInfo | undefined => byKind.get(kind);

/** Every registered resource. */
export const allResources = (): ResourceInfo[] => [...registry.values()];

/** Read a selectable field of an object (generic metadata fields plus the kind's own). */
export const fieldOf = (info: ResourceInfo, obj: KubeObject, field: string): string | undefined => {
  if (field === 'metadata.name') return obj.metadata.name;
  if (field === 'metadata.namespace') return obj.metadata.namespace;
  return info.fields?.(obj, field);
};

// ---------------------------------------------------------------- pods

/** Defaults of a pod spec (restart policy, grace period, scheduler, requests from limits). */
export const defaultPodSpec = (spec: PodSpec): PodSpec => ({
  ...spec,
  restartPolicy: spec.restartPolicy ?? 'Always',
  terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
  schedulerName: spec.schedulerName ?? 'default-scheduler',
  preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
  containers: spec.containers.map((c) => {
    const limits = c.resources?.limits;
    if (limits === undefined) return c;
    return { ...c, resources: { ...c.resources, requests: { ...limits, ...c.resources?.requests } } };
  }),
});

const defaultTemplate = (tpl: PodTemplateSpec): PodTemplateSpec => (tpl.spec === undefined ? tpl : { ...tpl, spec: defaultPodSpec(tpl.spec) });

registerResource<Pod>({
  resource: 'pods',
  singular: 'pod',
  kind: 'Pod',
  group: '',
  version: 'v1',
  namespaced: true,
  codec: Pod,
  shortNames: ['po'],
  subresources: ['status', 'binding', 'eviction', 'log'],
  generation: false,
  defaults: (pod) => ({ ...pod, spec: defaultPodSpec(pod.spec), status: pod.status ?? { phase: 'Pending' } }),
  validate: (pod, old) => {
    // A write that kept the stored spec object (status writes) has nothing new to check in it.
    if (old !== undefined && pod.spec === old.spec) return [];
    const out = validatePodSpec(pod.spec, 'spec');
    if (old !== undefined) out.push(...validatePodSpecUpdate(pod.spec, old.spec));
    return out;
  },
  fields: (pod, f) => {
    switch (f) {
      case 'spec.nodeName':
        return pod.spec.nodeName ?? '';
      case 'spec.schedulerName':
        return pod.spec.schedulerName;
      case 'spec.restartPolicy':
        return pod.spec.restartPolicy;
      case 'status.phase':
        return pod.status?.phase;
      case 'status.podIP':
        return pod.status?.podIP;
      case 'status.nominatedNodeName':
        return pod.status?.nominatedNodeName;
      default:
        return undefined;
    }
  },
});

// ---------------------------------------------------------------- cluster-scoped kinds

registerResource<Node>({
  resource: 'nodes',
  singular: 'node',
  kind: 'Node',
  group: '',
  version: 'v1',
  namespaced: false,
  codec: Node,
  shortNames: ['no'],
  subresources: ['status'],
  generation: false,
  defaults: (n) => ({ ...n, spec: n.spec ?? {} }),
  fields: (n, f) => (f === 'spec.unschedulable' ? String(n.spec?.unschedulable ?? false) : undefined),
});

registerResource<Namespace>({
  resource: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  group: '',
  version: 'v1',
  namespaced: false,
  nameIsLabel: true,
  codec: Namespace,
  shortNames: ['ns'],
  subresources: ['status', 'finalize'],
  generation: false,
  defaults: (ns) => ({ ...ns, spec: { finalizers: ns.spec?.finalizers ?? ['kubernetes'] }, status: { phase: ns.status?.phase ?? 'Active', ...ns.status } }),
  fields: (ns, f) => (f === 'status.phase' ? ns.status?.phase : undefined),
});

registerResource<PriorityClass>({
  resource: 'priorityclasses',
  singular: 'priorityclass',
  kind: 'PriorityClass',
  group: 'scheduling.k8s.io',
  version: 'v1',
  namespaced: false,
  codec: PriorityClass,
  shortNames: ['pc'],
  subresources: [],
  generation: false,
  defaults: (pc) => ({ ...pc, preemptionPolicy: pc.preemptionPolicy ?? 'PreemptLowerPriority' }),
  validate: (pc, old) => {
    const out: StatusCause[] = [];
    if (pc.value > 1_000_000_000 && !(pc.metadata.name ?? '').startsWith('system-')) out.push(cause('value', 'must be no greater than 1000000000'));
    if (old !== undefined && old.value !== pc.value) out.push(cause('value', 'field is immutable'));
    return out;
  },
});

// ---------------------------------------------------------------- namespaced kinds

registerResource<Binding>({
  resource: 'bindings',
  singular: 'binding',
  kind: 'Binding',
  group: '',
  version: 'v1',
  namespaced: true,
  codec: Binding,
  shortNames: [],
  subresources: [],
  generation: false,
  validate: (b) => ((b.target.name ?? '') === '' ? [cause('target.name', 'Required value', 'FieldValueRequired')] : []),
});

registerResource<Service>({
  resource: 'services',
  singular: 'service',
  kind: 'Service',
  group: '',
  version: 'v1',
  namespaced: true,
  nameIsLabel: true,
  codec: Service,
  shortNames: ['svc'],
  subresources: ['status'],
  generation: false,
  defaults: (s) => ({
    ...s,
    spec: {
      ...s.spec,
      type: s.spec.type ?? 'ClusterIP',
      sessionAffinity: s.spec.sessionAffinity ?? 'None',
      ports: (s.spec.ports ?? []).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port })),
    },
  }),
  validate: (s, old) => {
    const out: StatusCause[] = [];
    const names = new Set<string>();
    (s.spec.ports ?? []).forEach((p, i) => {
      if (!(p.port >= 1 && p.port <= 65535)) out.push(cause(`spec.ports[${i}].port`, 'must be between 1 and 65535, inclusive'));
      if ((s.spec.ports ?? []).length > 1 && (p.name ?? '') === '') out.push(cause(`spec.ports[${i}].name`, 'Required value', 'FieldValueRequired'));
      if (p.name !== undefined) {
        if (names.has(p.name)) out.push(cause(`spec.ports[${i}].name`, `Duplicate value: "${p.name}"`, 'FieldValueDuplicate'));
        names.add(p.name);
      }
    });
    if (old !== undefined && old.spec.clusterIP !== undefined && s.spec.clusterIP !== undefined && s.spec.clusterIP !== old.spec.clusterIP) {
      out.push(cause('spec.clusterIP', 'field is immutable'));
    }
    return out;
  },
});

registerResource<Endpoints>({
  resource: 'endpoints',
  singular: 'endpoints',
  kind: 'Endpoints',
  group: '',
  version: 'v1',
  namespaced: true,
  codec: Endpoints,
  shortNames: ['ep'],
  subresources: [],
  generation: false,
});

registerResource<Event>({
  resource: 'events',
  singular: 'event',
  kind: 'Event',
  group: '',
  version: 'v1',
  namespaced: true,
  codec: Event,
  shortNames: ['ev'],
  subresources: [],
  generation: false,
  defaults: (e) => ({ ...e, count: e.count ?? 1, type: e.type ?? 'Normal' }),
  fields: (e, f) => {
    switch (f) {
      case 'involvedObject.kind':
        return e.involvedObject.kind;
      case 'involvedObject.name':
        return e.involvedObject.name;
      case 'involvedObject.namespace':
        return e.involvedObject.namespace;
      case 'involvedObject.uid':
        return e.involvedObject.uid;
      case 'reason':
        return e.reason;
      case 'type':
        return e.type;
      case 'source':
        return e.source?.component;
      default:
        return undefined;
    }
  },
});

registerResource<ConfigMap>({
  resource: 'configmaps',
  singular: 'configmap',
  kind: 'ConfigMap',
  group: '',
  version: 'v1',
  namespaced: true,
  codec: ConfigMap,
  shortNames: ['cm'],
  subresources: [],
  generation: false,
  validate: (cm, old) => {
    if (old?.immutable === true && !deepEqual(old.data, cm.data)) return [cause('data', 'field is immutable when `immutable` is set', 'FieldValueForbidden')];
    return Object.keys(cm.data ?? {}).filter((k) => !/^[-._a-zA-Z0-9]+$/.test(k)).map((k) => cause(`data[${k}]`, 'a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\''));
  },
});

registerResource<Lease>({
  resource: 'leases',
  singular: 'lease',
  kind: 'Lease',
  group: 'coordination.k8s.io',
  version: 'v1',
  namespaced: true,
  codec: Lease,
  shortNames: [],
  subresources: [],
  generation: false,
  validate: (l) => (l.spec.leaseDurationSeconds !== undefined && l.spec.leaseDurationSeconds <= 0 ? [cause('spec.leaseDurationSeconds', 'must be greater than 0')] : []),
});

registerResource<ReplicaSet>({
  resource: 'replicasets',
  singular: 'replicaset',
  kind: 'ReplicaSet',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  codec: ReplicaSet,
  shortNames: ['rs'],
  subresources: ['status', 'scale'],
  generation: true,
  defaults: (rs) => ({ ...rs, spec: { ...rs.spec, replicas: rs.spec.replicas ?? 1, minReadySeconds: rs.spec.minReadySeconds ?? 0, template: defaultTemplate(rs.spec.template) } }),
  validate: (rs, old) => {
    if (old !== undefined && rs.spec === old.spec) return [];
    const out = validateSelector(rs.spec.selector, rs.spec.template.metadata?.labels, 'spec');
    if ((rs.spec.replicas ?? 0) < 0) out.push(cause('spec.replicas', 'must be greater than or equal to 0'));
    if (rs.spec.template.spec === undefined) out.push(cause('spec.template.spec', 'Required value', 'FieldValueRequired'));
    else out.push(...validatePodSpec(rs.spec.template.spec, 'spec.template.spec'));
    if (old !== undefined && !deepEqual(old.spec.selector, rs.spec.selector)) out.push(cause('spec.selector', 'field is immutable'));
    return out;
  },
});

registerResource<Deployment>({
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  codec: Deployment,
  shortNames: ['deploy'],
  subresources: ['status', 'scale'],
  generation: true,
  defaults: (d) => {
    const type = d.spec.strategy?.type ?? 'RollingUpdate';
    return {
      ...d,
      spec: {
        ...d.spec,
        replicas: d.spec.replicas ?? 1,
        strategy:
          type === 'Recreate'
            ? { type }
            : { type, rollingUpdate: { maxSurge: d.spec.strategy?.rollingUpdate?.maxSurge ?? '25%', maxUnavailable: d.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%' } },
        minReadySeconds: d.spec.minReadySeconds ?? 0,
        revisionHistoryLimit: d.spec.revisionHistoryLimit ?? 10,
        progressDeadlineSeconds: d.spec.progressDeadlineSeconds ?? 600,
        template: defaultTemplate(d.spec.template),
      },
    };
  },
  validate: (d, old) => {
    if (old !== undefined && d.spec === old.spec) return [];
    const out = validateSelector(d.spec.selector, d.spec.template.metadata?.labels, 'spec');
    if ((d.spec.replicas ?? 0) < 0) out.push(cause('spec.replicas', 'must be greater than or equal to 0'));
    if (d.spec.template.spec === undefined) out.push(cause('spec.template.spec', 'Required value', 'FieldValueRequired'));
    else {
      out.push(...validatePodSpec(d.spec.template.spec, 'spec.template.spec'));
      if (d.spec.template.spec.restartPolicy !== undefined && d.spec.template.spec.restartPolicy !== 'Always') {
        out.push(cause('spec.template.spec.restartPolicy', 'Unsupported value: only "Always" is supported', 'FieldValueNotSupported'));
      }
    }
    const s = d.spec.strategy;
    if (s?.type === 'Recreate' && s.rollingUpdate !== undefined) out.push(cause('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\'', 'FieldValueForbidden'));
    if (s?.type !== 'Recreate') out.push(...validateRollingUpdate(s?.rollingUpdate?.maxSurge, s?.rollingUpdate?.maxUnavailable, 'spec.strategy.rollingUpdate'));
    if ((d.spec.revisionHistoryLimit ?? 0) < 0) out.push(cause('spec.revisionHistoryLimit', 'must be greater than or equal to 0'));
    const pds = d.spec.progressDeadlineSeconds;
    if (pds !== undefined && pds <= (d.spec.minReadySeconds ?? 0)) out.push(cause('spec.progressDeadlineSeconds', 'must be greater than minReadySeconds'));
    if (old !== undefined && !deepEqual(old.spec.selector, d.spec.selector)) out.push(cause('spec.selector', 'field is immutable'));
    return out;
  },
});

/** Run generic and kind validation. */
export const validateObject = (info: ResourceInfo, obj: KubeObject, old: KubeObject | undefined): StatusCause[] => {
  const out = validateMeta(obj.metadata, info.namespaced, info.nameIsLabel ?? false);
  if (old !== undefined) out.push(...validateMetaUpdate(obj.metadata, old.metadata));
  out.push(...(info.validate?.(obj, old) ?? []));
  return out;
};

/** Namespace names are DNS labels. */
export const isValidNamespaceName = isDnsLabel;
