import { expect } from 'chai';
import { apiVersionOf, resourceInfo } from '../../../../../actors/kubernetes/api/resources.js';
import { decodableKinds, isMessageName, kubeSchemas, schemaForKind, type FieldType, type MessageName } from '../../../../../actors/kubernetes/http/protobuf/kubeSchemas.js';

/**
 * Field numbers read from Kubernetes' generated.proto files (k8s.io/api
 * core/v1, apps/v1, scheduling/v1, coordination/v1, policy/v1; apimachinery
 * meta/v1, util/intstr, api/resource), chosen where a wrong guess is easy:
 * gaps left by removed fields, fields added out of order, look-alikes.
 */
const UPSTREAM: Array<[MessageName, number, string, FieldType]> = [
  ['ObjectMeta', 8, 'creationTimestamp', 'Time'],
  ['ObjectMeta', 9, 'deletionTimestamp', 'Time'],
  ['ObjectMeta', 10, 'deletionGracePeriodSeconds', 'int64'],
  ['ObjectMeta', 11, 'labels', 'map<string,string>'],
  ['ObjectMeta', 12, 'annotations', 'map<string,string>'],
  ['ObjectMeta', 13, 'ownerReferences', '[]OwnerReference'],
  ['ObjectMeta', 14, 'finalizers', '[]string'],
  ['ObjectMeta', 17, 'managedFields', 'skipped'],
  ['OwnerReference', 1, 'kind', 'string'],
  ['OwnerReference', 3, 'name', 'string'],
  ['OwnerReference', 4, 'uid', 'string'],
  ['OwnerReference', 5, 'apiVersion', 'string'],
  ['OwnerReference', 7, 'blockOwnerDeletion', 'bool'],
  ['LabelSelector', 2, 'matchExpressions', '[]LabelSelectorRequirement'],
  ['IntOrString', 1, 'type', 'int64'],
  ['IntOrString', 2, 'intVal', 'int32'],
  ['IntOrString', 3, 'strVal', 'string'],
  ['Quantity', 1, 'string', 'string'],
  ['Time', 1, 'seconds', 'int64'],
  ['Time', 2, 'nanos', 'int32'],
  ['ConfigMap', 3, 'binaryData', 'map<string,bytes>'],
  ['ConfigMap', 4, 'immutable', 'bool'],
  ['PodSpec', 2, 'containers', '[]Container'],
  ['PodSpec', 10, 'nodeName', 'string'],
  ['PodSpec', 18, 'affinity', 'Affinity'],
  ['PodSpec', 19, 'schedulerName', 'string'],
  ['PodSpec', 20, 'initContainers', '[]Container'],
  ['PodSpec', 22, 'tolerations', '[]Toleration'],
  ['PodSpec', 24, 'priorityClassName', 'string'],
  ['PodSpec', 25, 'priority', 'int32'],
  ['PodSpec', 31, 'preemptionPolicy', 'string'],
  ['PodSpec', 33, 'topologySpreadConstraints', '[]TopologySpreadConstraint'],
  ['Container', 8, 'resources', 'ResourceRequirements'],
  ['Container', 11, 'readinessProbe', 'Probe'],
  ['Container', 14, 'imagePullPolicy', 'string'],
  ['Container', 21, 'volumeDevices', 'unmodeled'],
  ['ContainerPort', 3, 'containerPort', 'int32'],
  ['Probe', 1, 'handler', 'ProbeHandler'],
  ['Probe', 6, 'failureThreshold', 'int32'],
  ['Toleration', 5, 'tolerationSeconds', 'int64'],
  ['NodeSelectorTerm', 2, 'matchFields', '[]NodeSelectorRequirement'],
  ['TopologySpreadConstraint', 5, 'minDomains', 'int32'],
  ['PodStatus', 11, 'nominatedNodeName', 'string'],
  ['ContainerStatus', 9, 'started', 'bool'],
  ['ServiceSpec', 7, 'sessionAffinity', 'string'],
  ['ServiceSpec', 14, 'sessionAffinityConfig', 'SessionAffinityConfig'],
  ['ServiceSpec', 18, 'clusterIPs', '[]string'],
  ['ServicePort', 4, 'targetPort', 'IntOrString'],
  ['ServicePort', 5, 'nodePort', 'int32'],
  ['Event', 10, 'eventTime', 'MicroTime'],
  ['Event', 14, 'reportingComponent', 'string'],
  ['Taint', 4, 'timeAdded', 'Time'],
  ['NodeSpec', 4, 'unschedulable', 'bool'],
  ['NamespaceCondition', 4, 'lastTransitionTime', 'Time'],
  ['DeploymentSpec', 7, 'paused', 'bool'],
  ['DeploymentSpec', 9, 'progressDeadlineSeconds', 'int32'],
  ['RollingUpdateDeployment', 1, 'maxUnavailable', 'IntOrString'],
  ['RollingUpdateDeployment', 2, 'maxSurge', 'IntOrString'],
  ['DeploymentStatus', 7, 'readyReplicas', 'int32'],
  ['DeploymentStatus', 8, 'collisionCount', 'int32'],
  ['ReplicaSetStatus', 2, 'fullyLabeledReplicas', 'int32'],
  ['PriorityClass', 2, 'value', 'int32'],
  ['PriorityClass', 5, 'preemptionPolicy', 'string'],
  ['LeaseSpec', 3, 'acquireTime', 'MicroTime'],
  ['LeaseSpec', 4, 'renewTime', 'MicroTime'],
  ['Eviction', 2, 'deleteOptions', 'DeleteOptions'],
];

/** Go pointers the JSON keeps even when zero. */
const POINTERS: Array<[MessageName, string]> = [
  ['DeploymentSpec', 'replicas'],
  ['ReplicaSetSpec', 'replicas'],
  ['PodSpec', 'terminationGracePeriodSeconds'],
  ['PodSpec', 'priority'],
  ['Toleration', 'tolerationSeconds'],
  ['ConfigMap', 'immutable'],
  ['OwnerReference', 'controller'],
  ['LeaseSpec', 'holderIdentity'],
];

/** Fields without omitempty, written even when zero. */
const ALWAYS: Array<[MessageName, string]> = [
  ['Container', 'name'],
  ['ContainerPort', 'containerPort'],
  ['ServicePort', 'port'],
  ['PriorityClass', 'value'],
  ['ReplicaSetStatus', 'replicas'],
  ['Namespace', 'spec'],
  ['Container', 'resources'],
];

/** The kinds troupe serves and the apiVersion their protobuf envelope names. */
const SERVED: Array<[resource: string, apiVersion: string, kind: string]> = [
  ['namespaces', 'v1', 'Namespace'],
  ['configmaps', 'v1', 'ConfigMap'],
  ['pods', 'v1', 'Pod'],
  ['services', 'v1', 'Service'],
  ['endpoints', 'v1', 'Endpoints'],
  ['events', 'v1', 'Event'],
  ['bindings', 'v1', 'Binding'],
  ['nodes', 'v1', 'Node'],
  ['deployments', 'apps/v1', 'Deployment'],
  ['replicasets', 'apps/v1', 'ReplicaSet'],
  ['priorityclasses', 'scheduling.k8s.io/v1', 'PriorityClass'],
  ['leases', 'coordination.k8s.io/v1', 'Lease'],
];

const messageOf = (type: FieldType): MessageName | undefined => {
  const name = type.startsWith('[]') ? type.slice(2) : type;
  return isMessageName(name) ? name : undefined;
};

describe('kubeSchemas', () => {
  for (const [message, number, json, type] of UPSTREAM)
    it(`should have ${message} field ${number} be ${json} (${type})`, () => {
      const f = kubeSchemas[message].get(number);
      expect(f && [f.json, f.type]).to.deep.equal([json, type]);
    });

  for (const [message, json] of POINTERS)
    it(`should keep ${message}.${json} when zero (a Go pointer)`, () => expect([...kubeSchemas[message].values()].find((f) => f.json === json)?.presence).to.equal('pointer'));

  for (const [message, json] of ALWAYS)
    it(`should always write ${message}.${json} (no omitempty, or a struct)`, () => expect([...kubeSchemas[message].values()].find((f) => f.json === json)?.presence).to.equal('always'));

  it('should give each field of a message its own JSON name and a legal number', () => {
    for (const [name, schema] of Object.entries(kubeSchemas)) {
      const names = [...schema.values()].map((f) => f.json);
      expect(new Set(names).size, name).to.equal(names.length);
      for (const n of schema.keys()) expect(Number.isInteger(n) && n >= 1 && n < 2 ** 29, `${name} #${n}`).to.equal(true);
    }
  });

  it('should have no cycle of always-written structs (decoding an absent struct fills it in recursively)', () => {
    const visiting = new Set<MessageName>();
    const walk = (name: MessageName, trail: string[]): void => {
      expect(visiting.has(name), trail.join(' → ')).to.equal(false);
      visiting.add(name);
      for (const f of kubeSchemas[name].values()) {
        const child = messageOf(f.type);
        if (child !== undefined && f.presence === 'always' && !f.type.startsWith('[]')) walk(child, [...trail, `${name}.${f.json}`]);
      }
      visiting.delete(name);
    };
    for (const name of Object.keys(kubeSchemas) as MessageName[]) walk(name, []);
  });

  it('should put every inline field on a message (its fields join the parent)', () => {
    for (const schema of Object.values(kubeSchemas))
      for (const f of schema.values()) if (f.presence === 'inline') expect(messageOf(f.type), f.json).to.not.equal(undefined);
  });

  for (const [resource, apiVersion, kind] of SERVED)
    it(`should decode ${apiVersion} ${kind}, which troupe serves as ${resource}`, () => {
      const info = resourceInfo(resource);
      expect(info && [apiVersionOf(info), info.kind]).to.deep.equal([apiVersion, kind]);
      expect(schemaForKind(apiVersion, kind)).to.equal(kind);
    });

  it('should not decode a kind under another group\'s apiVersion', () => {
    expect(schemaForKind('v1', 'Deployment')).to.equal(undefined);
    expect(schemaForKind('apps/v1', 'Pod')).to.equal(undefined);
    expect(decodableKinds()).to.include('policy/v1/Eviction');
  });
});
