/**
 * The protobuf schemas of the Kubernetes kinds troupe serves, as a table:
 * message → field number → JSON name, type and JSON presence. Field numbers
 * and names are those of Kubernetes' `generated.proto` files (core/v1,
 * apps/v1, scheduling/v1, coordination/v1, policy/v1, autoscaling/v1 and
 * apimachinery's meta/v1, intstr, resource); presence follows the Go types'
 * `json` tags, so a decoded object looks like the JSON a Go client would
 * have sent.
 *
 * Every field of a listed message is named, including those troupe's model
 * lacks: Go's protobuf encoder writes every non-pointer scalar even when it
 * is zero (`1a 00` for an empty string), and those must decode to nothing,
 * not to an unknown field. Message-typed fields troupe has no model for are
 * `unmodeled`: the decoder reports them by name instead of guessing their
 * JSON.
 */

/** Scalars: `int32`/`int64` are varints (negative numbers as 64-bit two's complement), `bytes` become base64. */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';

/** Maps travel as repeated entry messages `{1: key, 2: value}`. */
export type MapType = 'map<string,string>' | 'map<string,bytes>' | 'map<string,Quantity>';

/**
 * Messages with a JSON form of their own: `Time` (RFC 3339, seconds),
 * `MicroTime` (RFC 3339, microseconds), `Quantity` (its string),
 * `IntOrString` (a number or a string).
 */
export type BuiltinName = 'Time' | 'MicroTime' | 'Quantity' | 'IntOrString';

/** Messages that decode to a JSON object. */
export type ObjectName =
  // meta/v1
  | 'ObjectMeta'
  | 'OwnerReference'
  | 'LabelSelector'
  | 'LabelSelectorRequirement'
  | 'Condition'
  | 'DeleteOptions'
  | 'Preconditions'
  // core/v1
  | 'Namespace'
  | 'NamespaceSpec'
  | 'NamespaceStatus'
  | 'NamespaceCondition'
  | 'ConfigMap'
  | 'Pod'
  | 'PodSpec'
  | 'PodStatus'
  | 'PodCondition'
  | 'PodIP'
  | 'HostIP'
  | 'ContainerStatus'
  | 'ContainerState'
  | 'ContainerStateWaiting'
  | 'ContainerStateRunning'
  | 'ContainerStateTerminated'
  | 'PodTemplateSpec'
  | 'Container'
  | 'ContainerPort'
  | 'EnvVar'
  | 'ResourceRequirements'
  | 'Probe'
  | 'ProbeHandler'
  | 'Toleration'
  | 'Affinity'
  | 'NodeAffinity'
  | 'NodeSelector'
  | 'NodeSelectorTerm'
  | 'NodeSelectorRequirement'
  | 'PreferredSchedulingTerm'
  | 'TopologySpreadConstraint'
  | 'Service'
  | 'ServiceSpec'
  | 'ServicePort'
  | 'ServiceStatus'
  | 'SessionAffinityConfig'
  | 'ClientIPConfig'
  | 'LoadBalancerStatus'
  | 'LoadBalancerIngress'
  | 'PortStatus'
  | 'Endpoints'
  | 'EndpointSubset'
  | 'EndpointAddress'
  | 'EndpointPort'
  | 'Event'
  | 'EventSource'
  | 'EventSeries'
  | 'ObjectReference'
  | 'Binding'
  | 'Node'
  | 'NodeSpec'
  | 'Taint'
  | 'NodeStatus'
  | 'NodeCondition'
  | 'NodeAddress'
  | 'NodeDaemonEndpoints'
  | 'DaemonEndpoint'
  | 'NodeSystemInfo'
  // apps/v1
  | 'Deployment'
  | 'DeploymentSpec'
  | 'DeploymentStrategy'
  | 'RollingUpdateDeployment'
  | 'DeploymentStatus'
  | 'DeploymentCondition'
  | 'ReplicaSet'
  | 'ReplicaSetSpec'
  | 'ReplicaSetStatus'
  | 'ReplicaSetCondition'
  // scheduling/v1, coordination/v1, policy/v1, autoscaling/v1
  | 'PriorityClass'
  | 'Lease'
  | 'LeaseSpec'
  | 'Eviction'
  | 'Scale'
  | 'ScaleSpec'
  | 'ScaleStatus';

/** Every message the table describes. */
export type MessageName = ObjectName | BuiltinName;

/**
 * A field's type: a scalar, a map, a message, a repeated string or message
 * (`[]Container`), `unmodeled` (a real field whose message troupe does not
 * model: reported by name, not decoded) or `skipped` (dropped silently:
 * `managedFields`, which troupe does not keep).
 */
export type FieldType = ScalarType | MapType | MessageName | `[]${'string' | ObjectName}` | 'unmodeled' | 'skipped';

/**
 * How a field appears in the JSON, after Go's encoding/json:
 * - `omitempty`: only when non-zero (the default for scalars; repeated fields and maps are always omitted when empty);
 * - `always`: even when zero or absent from the wire (no `omitempty`, or a non-pointer struct — the default for messages);
 * - `pointer`: whenever it is on the wire, zero or not (a Go pointer: `*int32 replicas`);
 * - `inline`: an embedded struct whose fields join the parent's (`Probe.ProbeHandler`).
 *
 * A zero `Time`/`MicroTime` is `null` in Go's JSON and is always left out.
 */
export type Presence = 'omitempty' | 'always' | 'pointer' | 'inline';

/** One field of a message. */
export interface FieldSchema {
  readonly number: number;
  readonly json: string;
  readonly type: FieldType;
  readonly presence: Presence;
}

/** A message's fields by number. */
export type MessageSchema = ReadonlyMap<number, FieldSchema>;

type Row = readonly [json: string, type: FieldType, presence?: Presence];
type Table = { readonly [M in MessageName]: { readonly [n: number]: Row } };

const OBJECT_META: Row = ['metadata', 'ObjectMeta'];

const TABLE: Table = {
  // ------------------------------------------------------------ built-ins (apimachinery)
  Time: { 1: ['seconds', 'int64'], 2: ['nanos', 'int32'] },
  MicroTime: { 1: ['seconds', 'int64'], 2: ['nanos', 'int32'] },
  Quantity: { 1: ['string', 'string'] },
  IntOrString: { 1: ['type', 'int64'], 2: ['intVal', 'int32'], 3: ['strVal', 'string'] },

  // ------------------------------------------------------------ meta/v1
  ObjectMeta: {
    1: ['name', 'string'],
    2: ['generateName', 'string'],
    3: ['namespace', 'string'],
    4: ['selfLink', 'string'],
    5: ['uid', 'string'],
    6: ['resourceVersion', 'string'],
    7: ['generation', 'int64'],
    8: ['creationTimestamp', 'Time'],
    9: ['deletionTimestamp', 'Time', 'pointer'],
    10: ['deletionGracePeriodSeconds', 'int64', 'pointer'],
    11: ['labels', 'map<string,string>'],
    12: ['annotations', 'map<string,string>'],
    13: ['ownerReferences', '[]OwnerReference'],
    14: ['finalizers', '[]string'],
    17: ['managedFields', 'skipped'],
  },
  OwnerReference: {
    1: ['kind', 'string', 'always'],
    3: ['name', 'string', 'always'],
    4: ['uid', 'string', 'always'],
    5: ['apiVersion', 'string', 'always'],
    6: ['controller', 'bool', 'pointer'],
    7: ['blockOwnerDeletion', 'bool', 'pointer'],
  },
  LabelSelector: { 1: ['matchLabels', 'map<string,string>'], 2: ['matchExpressions', '[]LabelSelectorRequirement'] },
  LabelSelectorRequirement: { 1: ['key', 'string', 'always'], 2: ['operator', 'string', 'always'], 3: ['values', '[]string'] },
  Condition: {
    1: ['type', 'string', 'always'],
    2: ['status', 'string', 'always'],
    3: ['observedGeneration', 'int64'],
    4: ['lastTransitionTime', 'Time'],
    5: ['reason', 'string', 'always'],
    6: ['message', 'string', 'always'],
  },
  DeleteOptions: {
    1: ['gracePeriodSeconds', 'int64', 'pointer'],
    2: ['preconditions', 'Preconditions', 'pointer'],
    3: ['orphanDependents', 'bool', 'pointer'],
    4: ['propagationPolicy', 'string', 'pointer'],
    5: ['dryRun', '[]string'],
    6: ['ignoreStoreReadErrorWithClusterBreakingPotential', 'bool', 'pointer'],
  },
  Preconditions: { 1: ['uid', 'string', 'pointer'], 2: ['resourceVersion', 'string', 'pointer'] },

  // ------------------------------------------------------------ core/v1: namespaces, config, bindings, events
  Namespace: { 1: OBJECT_META, 2: ['spec', 'NamespaceSpec'], 3: ['status', 'NamespaceStatus'] },
  NamespaceSpec: { 1: ['finalizers', '[]string'] },
  NamespaceStatus: { 1: ['phase', 'string'], 2: ['conditions', '[]NamespaceCondition'] },
  NamespaceCondition: {
    1: ['type', 'string', 'always'],
    2: ['status', 'string', 'always'],
    4: ['lastTransitionTime', 'Time'],
    5: ['reason', 'string'],
    6: ['message', 'string'],
  },
  ConfigMap: { 1: OBJECT_META, 2: ['data', 'map<string,string>'], 3: ['binaryData', 'map<string,bytes>'], 4: ['immutable', 'bool', 'pointer'] },
  Binding: { 1: OBJECT_META, 2: ['target', 'ObjectReference'] },
  ObjectReference: {
    1: ['kind', 'string'],
    2: ['namespace', 'string'],
    3: ['name', 'string'],
    4: ['uid', 'string'],
    5: ['apiVersion', 'string'],
    6: ['resourceVersion', 'string'],
    7: ['fieldPath', 'string'],
  },
  Event: {
    1: OBJECT_META,
    2: ['involvedObject', 'ObjectReference'],
    3: ['reason', 'string'],
    4: ['message', 'string'],
    5: ['source', 'EventSource'],
    6: ['firstTimestamp', 'Time'],
    7: ['lastTimestamp', 'Time'],
    8: ['count', 'int32'],
    9: ['type', 'string'],
    10: ['eventTime', 'MicroTime'],
    11: ['series', 'EventSeries', 'pointer'],
    12: ['action', 'string'],
    13: ['related', 'ObjectReference', 'pointer'],
    14: ['reportingComponent', 'string', 'always'],
    15: ['reportingInstance', 'string', 'always'],
  },
  EventSource: { 1: ['component', 'string'], 2: ['host', 'string'] },
  EventSeries: { 1: ['count', 'int32'], 2: ['lastObservedTime', 'MicroTime'] },

  // ------------------------------------------------------------ core/v1: pods
  Pod: { 1: OBJECT_META, 2: ['spec', 'PodSpec'], 3: ['status', 'PodStatus'] },
  PodTemplateSpec: { 1: OBJECT_META, 2: ['spec', 'PodSpec'] },
  PodSpec: {
    1: ['volumes', 'unmodeled'],
    2: ['containers', '[]Container'],
    3: ['restartPolicy', 'string'],
    4: ['terminationGracePeriodSeconds', 'int64', 'pointer'],
    5: ['activeDeadlineSeconds', 'int64', 'pointer'],
    6: ['dnsPolicy', 'string'],
    7: ['nodeSelector', 'map<string,string>'],
    8: ['serviceAccountName', 'string'],
    9: ['serviceAccount', 'string'],
    10: ['nodeName', 'string'],
    11: ['hostNetwork', 'bool'],
    12: ['hostPID', 'bool'],
    13: ['hostIPC', 'bool'],
    14: ['securityContext', 'unmodeled'],
    15: ['imagePullSecrets', 'unmodeled'],
    16: ['hostname', 'string'],
    17: ['subdomain', 'string'],
    18: ['affinity', 'Affinity', 'pointer'],
    19: ['schedulerName', 'string'],
    20: ['initContainers', '[]Container'],
    21: ['automountServiceAccountToken', 'bool', 'pointer'],
    22: ['tolerations', '[]Toleration'],
    23: ['hostAliases', 'unmodeled'],
    24: ['priorityClassName', 'string'],
    25: ['priority', 'int32', 'pointer'],
    26: ['dnsConfig', 'unmodeled'],
    27: ['shareProcessNamespace', 'bool', 'pointer'],
    28: ['readinessGates', 'unmodeled'],
    29: ['runtimeClassName', 'string', 'pointer'],
    30: ['enableServiceLinks', 'bool', 'pointer'],
    31: ['preemptionPolicy', 'string', 'pointer'],
    32: ['overhead', 'map<string,Quantity>'],
    33: ['topologySpreadConstraints', '[]TopologySpreadConstraint'],
    34: ['ephemeralContainers', 'unmodeled'],
    35: ['setHostnameAsFQDN', 'bool', 'pointer'],
    36: ['os', 'unmodeled'],
    37: ['hostUsers', 'bool', 'pointer'],
    38: ['schedulingGates', 'unmodeled'],
    39: ['resourceClaims', 'unmodeled'],
    40: ['resources', 'ResourceRequirements', 'pointer'],
    41: ['hostnameOverride', 'string', 'pointer'],
    43: ['schedulingGroup', 'unmodeled'],
    44: ['evictionResponders', 'unmodeled'],
  },
  Container: {
    1: ['name', 'string', 'always'],
    2: ['image', 'string'],
    3: ['command', '[]string'],
    4: ['args', '[]string'],
    5: ['workingDir', 'string'],
    6: ['ports', '[]ContainerPort'],
    7: ['env', '[]EnvVar'],
    8: ['resources', 'ResourceRequirements'],
    9: ['volumeMounts', 'unmodeled'],
    10: ['livenessProbe', 'Probe', 'pointer'],
    11: ['readinessProbe', 'Probe', 'pointer'],
    12: ['lifecycle', 'unmodeled'],
    13: ['terminationMessagePath', 'string'],
    14: ['imagePullPolicy', 'string'],
    15: ['securityContext', 'unmodeled'],
    16: ['stdin', 'bool'],
    17: ['stdinOnce', 'bool'],
    18: ['tty', 'bool'],
    19: ['envFrom', 'unmodeled'],
    20: ['terminationMessagePolicy', 'string'],
    21: ['volumeDevices', 'unmodeled'],
    22: ['startupProbe', 'Probe', 'pointer'],
    23: ['resizePolicy', 'unmodeled'],
    24: ['restartPolicy', 'string', 'pointer'],
    25: ['restartPolicyRules', 'unmodeled'],
  },
  ContainerPort: {
    1: ['name', 'string'],
    2: ['hostPort', 'int32'],
    3: ['containerPort', 'int32', 'always'],
    4: ['protocol', 'string'],
    5: ['hostIP', 'string'],
  },
  EnvVar: { 1: ['name', 'string', 'always'], 2: ['value', 'string'], 3: ['valueFrom', 'unmodeled'] },
  ResourceRequirements: { 1: ['limits', 'map<string,Quantity>'], 2: ['requests', 'map<string,Quantity>'], 3: ['claims', 'unmodeled'] },
  Probe: {
    1: ['handler', 'ProbeHandler', 'inline'],
    2: ['initialDelaySeconds', 'int32'],
    3: ['timeoutSeconds', 'int32'],
    4: ['periodSeconds', 'int32'],
    5: ['successThreshold', 'int32'],
    6: ['failureThreshold', 'int32'],
    7: ['terminationGracePeriodSeconds', 'int64', 'pointer'],
  },
  ProbeHandler: { 1: ['exec', 'unmodeled'], 2: ['httpGet', 'unmodeled'], 3: ['tcpSocket', 'unmodeled'], 4: ['grpc', 'unmodeled'] },
  Toleration: {
    1: ['key', 'string'],
    2: ['operator', 'string'],
    3: ['value', 'string'],
    4: ['effect', 'string'],
    5: ['tolerationSeconds', 'int64', 'pointer'],
  },
  Affinity: { 1: ['nodeAffinity', 'NodeAffinity', 'pointer'], 2: ['podAffinity', 'unmodeled'], 3: ['podAntiAffinity', 'unmodeled'] },
  NodeAffinity: {
    1: ['requiredDuringSchedulingIgnoredDuringExecution', 'NodeSelector', 'pointer'],
    2: ['preferredDuringSchedulingIgnoredDuringExecution', '[]PreferredSchedulingTerm'],
  },
  NodeSelector: { 1: ['nodeSelectorTerms', '[]NodeSelectorTerm'] },
  NodeSelectorTerm: { 1: ['matchExpressions', '[]NodeSelectorRequirement'], 2: ['matchFields', '[]NodeSelectorRequirement'] },
  NodeSelectorRequirement: { 1: ['key', 'string', 'always'], 2: ['operator', 'string', 'always'], 3: ['values', '[]string'] },
  PreferredSchedulingTerm: { 1: ['weight', 'int32', 'always'], 2: ['preference', 'NodeSelectorTerm'] },
  TopologySpreadConstraint: {
    1: ['maxSkew', 'int32', 'always'],
    2: ['topologyKey', 'string', 'always'],
    3: ['whenUnsatisfiable', 'string', 'always'],
    4: ['labelSelector', 'LabelSelector', 'pointer'],
    5: ['minDomains', 'int32', 'pointer'],
    6: ['nodeAffinityPolicy', 'string', 'pointer'],
    7: ['nodeTaintsPolicy', 'string', 'pointer'],
    8: ['matchLabelKeys', '[]string'],
  },
  PodStatus: {
    1: ['phase', 'string'],
    2: ['conditions', '[]PodCondition'],
    3: ['message', 'string'],
    4: ['reason', 'string'],
    5: ['hostIP', 'string'],
    6: ['podIP', 'string'],
    7: ['startTime', 'Time', 'pointer'],
    8: ['containerStatuses', '[]ContainerStatus'],
    9: ['qosClass', 'string'],
    10: ['initContainerStatuses', '[]ContainerStatus'],
    11: ['nominatedNodeName', 'string'],
    12: ['podIPs', '[]PodIP'],
    13: ['ephemeralContainerStatuses', '[]ContainerStatus'],
    14: ['resize', 'string'],
    15: ['resourceClaimStatuses', 'unmodeled'],
    16: ['hostIPs', '[]HostIP'],
    17: ['observedGeneration', 'int64'],
    18: ['extendedResourceClaimStatus', 'unmodeled'],
    19: ['allocatedResources', 'map<string,Quantity>'],
    20: ['resources', 'ResourceRequirements', 'pointer'],
    21: ['nodeAllocatableResourceClaimStatuses', 'unmodeled'],
    22: ['volumeHealth', 'unmodeled'],
  },
  PodCondition: {
    1: ['type', 'string', 'always'],
    2: ['status', 'string', 'always'],
    3: ['lastProbeTime', 'Time'],
    4: ['lastTransitionTime', 'Time'],
    5: ['reason', 'string'],
    6: ['message', 'string'],
    7: ['observedGeneration', 'int64'],
  },
  PodIP: { 1: ['ip', 'string', 'always'] },
  HostIP: { 1: ['ip', 'string', 'always'] },
  ContainerStatus: {
    1: ['name', 'string', 'always'],
    2: ['state', 'ContainerState'],
    3: ['lastState', 'ContainerState'],
    4: ['ready', 'bool', 'always'],
    5: ['restartCount', 'int32', 'always'],
    6: ['image', 'string', 'always'],
    7: ['imageID', 'string', 'always'],
    8: ['containerID', 'string'],
    9: ['started', 'bool', 'pointer'],
    10: ['allocatedResources', 'map<string,Quantity>'],
    11: ['resources', 'ResourceRequirements', 'pointer'],
    12: ['volumeMounts', 'unmodeled'],
    13: ['user', 'unmodeled'],
    14: ['allocatedResourcesStatus', 'unmodeled'],
    15: ['stopSignal', 'string', 'pointer'],
  },
  ContainerState: {
    1: ['waiting', 'ContainerStateWaiting', 'pointer'],
    2: ['running', 'ContainerStateRunning', 'pointer'],
    3: ['terminated', 'ContainerStateTerminated', 'pointer'],
  },
  ContainerStateWaiting: { 1: ['reason', 'string'], 2: ['message', 'string'] },
  ContainerStateRunning: { 1: ['startedAt', 'Time'] },
  ContainerStateTerminated: {
    1: ['exitCode', 'int32', 'always'],
    2: ['signal', 'int32'],
    3: ['reason', 'string'],
    4: ['message', 'string'],
    5: ['startedAt', 'Time'],
    6: ['finishedAt', 'Time'],
    7: ['containerID', 'string'],
  },

  // ------------------------------------------------------------ core/v1: services and endpoints
  Service: { 1: OBJECT_META, 2: ['spec', 'ServiceSpec'], 3: ['status', 'ServiceStatus'] },
  ServiceSpec: {
    1: ['ports', '[]ServicePort'],
    2: ['selector', 'map<string,string>'],
    3: ['clusterIP', 'string'],
    4: ['type', 'string'],
    5: ['externalIPs', '[]string'],
    7: ['sessionAffinity', 'string'],
    8: ['loadBalancerIP', 'string'],
    9: ['loadBalancerSourceRanges', '[]string'],
    10: ['externalName', 'string'],
    11: ['externalTrafficPolicy', 'string'],
    12: ['healthCheckNodePort', 'int32'],
    13: ['publishNotReadyAddresses', 'bool'],
    14: ['sessionAffinityConfig', 'SessionAffinityConfig', 'pointer'],
    17: ['ipFamilyPolicy', 'string', 'pointer'],
    18: ['clusterIPs', '[]string'],
    19: ['ipFamilies', '[]string'],
    20: ['allocateLoadBalancerNodePorts', 'bool', 'pointer'],
    21: ['loadBalancerClass', 'string', 'pointer'],
    22: ['internalTrafficPolicy', 'string', 'pointer'],
    23: ['trafficDistribution', 'string', 'pointer'],
  },
  ServicePort: {
    1: ['name', 'string'],
    2: ['protocol', 'string'],
    3: ['port', 'int32', 'always'],
    // A non-pointer IntOrString: Go's JSON writes `0` when unset, but the API server treats
    // 0 as "unset" (defaulting it to `port`), so it is left out here, as troupe's defaulting expects.
    4: ['targetPort', 'IntOrString', 'omitempty'],
    5: ['nodePort', 'int32'],
    6: ['appProtocol', 'string', 'pointer'],
  },
  SessionAffinityConfig: { 1: ['clientIP', 'ClientIPConfig', 'pointer'] },
  ClientIPConfig: { 1: ['timeoutSeconds', 'int32', 'pointer'] },
  ServiceStatus: { 1: ['loadBalancer', 'LoadBalancerStatus'], 2: ['conditions', '[]Condition'] },
  LoadBalancerStatus: { 1: ['ingress', '[]LoadBalancerIngress'] },
  LoadBalancerIngress: { 1: ['ip', 'string'], 2: ['hostname', 'string'], 3: ['ipMode', 'string', 'pointer'], 4: ['ports', '[]PortStatus'] },
  PortStatus: { 1: ['port', 'int32', 'always'], 2: ['protocol', 'string', 'always'], 3: ['error', 'string', 'pointer'] },
  Endpoints: { 1: OBJECT_META, 2: ['subsets', '[]EndpointSubset'] },
  EndpointSubset: { 1: ['addresses', '[]EndpointAddress'], 2: ['notReadyAddresses', '[]EndpointAddress'], 3: ['ports', '[]EndpointPort'] },
  EndpointAddress: { 1: ['ip', 'string', 'always'], 2: ['targetRef', 'ObjectReference', 'pointer'], 3: ['hostname', 'string'], 4: ['nodeName', 'string', 'pointer'] },
  EndpointPort: { 1: ['name', 'string'], 2: ['port', 'int32', 'always'], 3: ['protocol', 'string'], 4: ['appProtocol', 'string', 'pointer'] },

  // ------------------------------------------------------------ core/v1: nodes
  Node: { 1: OBJECT_META, 2: ['spec', 'NodeSpec'], 3: ['status', 'NodeStatus'] },
  NodeSpec: {
    1: ['podCIDR', 'string'],
    2: ['externalID', 'string'],
    3: ['providerID', 'string'],
    4: ['unschedulable', 'bool'],
    5: ['taints', '[]Taint'],
    6: ['configSource', 'unmodeled'],
    7: ['podCIDRs', '[]string'],
    8: ['podPreemptionPolicy', 'unmodeled'],
  },
  Taint: { 1: ['key', 'string', 'always'], 2: ['value', 'string'], 3: ['effect', 'string', 'always'], 4: ['timeAdded', 'Time', 'pointer'] },
  NodeStatus: {
    1: ['capacity', 'map<string,Quantity>'],
    2: ['allocatable', 'map<string,Quantity>'],
    3: ['phase', 'string'],
    4: ['conditions', '[]NodeCondition'],
    5: ['addresses', '[]NodeAddress'],
    6: ['daemonEndpoints', 'NodeDaemonEndpoints'],
    7: ['nodeInfo', 'NodeSystemInfo'],
    8: ['images', 'unmodeled'],
    9: ['volumesInUse', '[]string'],
    10: ['volumesAttached', 'unmodeled'],
    11: ['config', 'unmodeled'],
    12: ['runtimeHandlers', 'unmodeled'],
    13: ['features', 'unmodeled'],
    14: ['declaredFeatures', '[]string'],
  },
  NodeCondition: {
    1: ['type', 'string', 'always'],
    2: ['status', 'string', 'always'],
    3: ['lastHeartbeatTime', 'Time'],
    4: ['lastTransitionTime', 'Time'],
    5: ['reason', 'string'],
    6: ['message', 'string'],
  },
  NodeAddress: { 1: ['type', 'string', 'always'], 2: ['address', 'string', 'always'] },
  NodeDaemonEndpoints: { 1: ['kubeletEndpoint', 'DaemonEndpoint'] },
  DaemonEndpoint: { 1: ['Port', 'int32', 'always'] },
  NodeSystemInfo: {
    1: ['machineID', 'string', 'always'],
    2: ['systemUUID', 'string', 'always'],
    3: ['bootID', 'string', 'always'],
    4: ['kernelVersion', 'string', 'always'],
    5: ['osImage', 'string', 'always'],
    6: ['containerRuntimeVersion', 'string', 'always'],
    7: ['kubeletVersion', 'string', 'always'],
    8: ['kubeProxyVersion', 'string', 'always'],
    9: ['operatingSystem', 'string', 'always'],
    10: ['architecture', 'string', 'always'],
    11: ['swap', 'unmodeled'],
  },

  // ------------------------------------------------------------ apps/v1
  Deployment: { 1: OBJECT_META, 2: ['spec', 'DeploymentSpec'], 3: ['status', 'DeploymentStatus'] },
  DeploymentSpec: {
    1: ['replicas', 'int32', 'pointer'],
    2: ['selector', 'LabelSelector', 'pointer'],
    3: ['template', 'PodTemplateSpec'],
    4: ['strategy', 'DeploymentStrategy'],
    5: ['minReadySeconds', 'int32'],
    6: ['revisionHistoryLimit', 'int32', 'pointer'],
    7: ['paused', 'bool'],
    9: ['progressDeadlineSeconds', 'int32', 'pointer'],
  },
  DeploymentStrategy: { 1: ['type', 'string'], 2: ['rollingUpdate', 'RollingUpdateDeployment', 'pointer'] },
  RollingUpdateDeployment: { 1: ['maxUnavailable', 'IntOrString', 'pointer'], 2: ['maxSurge', 'IntOrString', 'pointer'] },
  DeploymentStatus: {
    1: ['observedGeneration', 'int64'],
    2: ['replicas', 'int32'],
    3: ['updatedReplicas', 'int32'],
    4: ['availableReplicas', 'int32'],
    5: ['unavailableReplicas', 'int32'],
    6: ['conditions', '[]DeploymentCondition'],
    7: ['readyReplicas', 'int32'],
    8: ['collisionCount', 'int32', 'pointer'],
    9: ['terminatingReplicas', 'int32', 'pointer'],
  },
  DeploymentCondition: {
    1: ['type', 'string', 'always'],
    2: ['status', 'string', 'always'],
    4: ['reason', 'string'],
    5: ['message', 'string'],
    6: ['lastUpdateTime', 'Time'],
    7: ['lastTransitionTime', 'Time'],
  },
  ReplicaSet: { 1: OBJECT_META, 2: ['spec', 'ReplicaSetSpec'], 3: ['status', 'ReplicaSetStatus'] },
  ReplicaSetSpec: {
    1: ['replicas', 'int32', 'pointer'],
    2: ['selector', 'LabelSelector', 'pointer'],
    3: ['template', 'PodTemplateSpec'],
    4: ['minReadySeconds', 'int32'],
  },
  ReplicaSetStatus: {
    1: ['replicas', 'int32', 'always'],
    2: ['fullyLabeledReplicas', 'int32'],
    3: ['observedGeneration', 'int64'],
    4: ['readyReplicas', 'int32'],
    5: ['availableReplicas', 'int32'],
    6: ['conditions', '[]ReplicaSetCondition'],
    7: ['terminatingReplicas', 'int32', 'pointer'],
  },
  ReplicaSetCondition: {
    1: ['type', 'string', 'always'],
    2: ['status', 'string', 'always'],
    3: ['lastTransitionTime', 'Time'],
    4: ['reason', 'string'],
    5: ['message', 'string'],
  },

  // ------------------------------------------------------------ scheduling/v1, coordination/v1, policy/v1, autoscaling/v1
  PriorityClass: {
    1: OBJECT_META,
    2: ['value', 'int32', 'always'],
    3: ['globalDefault', 'bool'],
    4: ['description', 'string'],
    5: ['preemptionPolicy', 'string', 'pointer'],
  },
  Lease: { 1: OBJECT_META, 2: ['spec', 'LeaseSpec'] },
  LeaseSpec: {
    1: ['holderIdentity', 'string', 'pointer'],
    2: ['leaseDurationSeconds', 'int32', 'pointer'],
    3: ['acquireTime', 'MicroTime', 'pointer'],
    4: ['renewTime', 'MicroTime', 'pointer'],
    5: ['leaseTransitions', 'int32', 'pointer'],
    6: ['strategy', 'string', 'pointer'],
    7: ['preferredHolder', 'string', 'pointer'],
  },
  Eviction: { 1: OBJECT_META, 2: ['deleteOptions', 'DeleteOptions', 'pointer'] },
  Scale: { 1: OBJECT_META, 2: ['spec', 'ScaleSpec'], 3: ['status', 'ScaleStatus'] },
  ScaleSpec: { 1: ['replicas', 'int32'] },
  ScaleStatus: { 1: ['replicas', 'int32', 'always'], 2: ['selector', 'string'] },
};

/** Whether a field type names a message of the table. */
export const isMessageName = (type: string): type is MessageName => Object.prototype.hasOwnProperty.call(TABLE, type);

const toSchema = (rows: { readonly [n: number]: Row }): MessageSchema =>
  new Map(
    Object.entries(rows).map(([n, [json, type, presence]]) => {
      const number = Number(n);
      return [number, { number, json, type, presence: presence ?? (isMessageName(type) ? 'always' : 'omitempty') }];
    }),
  );

/** Every message's schema, by message name. */
export const kubeSchemas: { readonly [M in MessageName]: MessageSchema } = Object.fromEntries(
  Object.entries(TABLE).map(([name, rows]) => [name, toSchema(rows)]),
) as { readonly [M in MessageName]: MessageSchema };

/** Whether a message has a JSON form of its own (see {@link BuiltinName}). */
export const isBuiltin = (name: MessageName): name is BuiltinName => name === 'Time' || name === 'MicroTime' || name === 'Quantity' || name === 'IntOrString';

/** Top-level kinds by `apiVersion` and `kind`, as a runtime.Unknown's typeMeta names them. */
const KINDS: ReadonlyArray<readonly [apiVersion: string, kind: ObjectName]> = [
  ['v1', 'Namespace'],
  ['v1', 'ConfigMap'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'Endpoints'],
  ['v1', 'Event'],
  ['v1', 'Binding'],
  ['v1', 'Node'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['scheduling.k8s.io/v1', 'PriorityClass'],
  ['coordination.k8s.io/v1', 'Lease'],
  ['policy/v1', 'Eviction'],
  ['autoscaling/v1', 'Scale'],
];

const kindKey = (apiVersion: string, kind: string): string => `${apiVersion}\u0000${kind}`;
const kinds = new Map(KINDS.map(([apiVersion, kind]) => [kindKey(apiVersion, kind), kind]));

/** The message of a top-level kind (`apps/v1`, `Deployment` → `Deployment`), if troupe decodes it. */
export const schemaForKind = (apiVersion: string, kind: string): ObjectName | undefined => kinds.get(kindKey(apiVersion, kind));

/** The `apiVersion/kind` pairs {@link schemaForKind} knows, for error messages. */
export const decodableKinds = (): string[] => KINDS.map(([apiVersion, kind]) => `${apiVersion}/${kind}`);
