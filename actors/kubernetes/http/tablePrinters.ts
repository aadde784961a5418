/**
 * Server-side printing: the `meta.k8s.io/v1` Table the API server answers when
 * kubectl asks for `application/json;as=Table;v=v1;g=meta.k8s.io`. Columns,
 * cells and their formatting follow Kubernetes' `pkg/printers/internalversion`
 * as the API server runs it (always "wide": priority-1 columns carry cells too,
 * and kubectl shows them only with `-o wide`). Pure: the time is passed in.
 */
import { type Rec, age, containerCells, formatLabels, humanDuration, isRec, nameOf, num, orNone, rec, recs, selectorString, since, str } from './tableCells.js';

/** One column of a Table (metav1.TableColumnDefinition). */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  /** 0 always shown; 1 only with `-o wide`. */
  readonly priority: number;
}

/** A row condition (the API server marks finished pods `Completed`). */
export interface TableRowCondition {
  readonly type: 'Completed';
  readonly status: 'True';
  readonly reason: string;
  readonly message: string;
}

/** One row: a cell per column, and the object (as asked by `includeObject`). */
export interface TableRow {
  readonly cells: unknown[];
  readonly conditions?: TableRowCondition[];
  readonly object?: unknown;
}

/** The list's metadata, carried over to the Table's. */
export interface TableListMeta {
  readonly resourceVersion?: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** A `meta.k8s.io/v1` Table. */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: TableListMeta;
  readonly columnDefinitions: TableColumnDefinition[];
  readonly rows: TableRow[];
}

/** Options of {@link toTable}. */
export interface TableOptions {
  /** Now, in ms since the epoch (AGE and "ago" cells are relative to it). */
  readonly nowMs: number;
  /** What each row carries: PartialObjectMetadata, the whole object, or nothing. @default 'Metadata' */
  readonly includeObject?: 'None' | 'Metadata' | 'Object';
  readonly listMeta?: TableListMeta;
}

/**
 * The Table of `objects` of a resource (plural, e.g. `pods`), as the API
 * server returns it to kubectl. Resources without a printer get NAME and AGE.
 *
 * @example
 * toTable('pods', [pod], { nowMs: clock.now(), listMeta: { resourceVersion: '42' } });
 */
export const toTable = (resource: string, objects: unknown[], opts: TableOptions): Table => {
  const printer = PRINTERS[resource] ?? GENERIC;
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((o): TableRow => {
    const obj = rec(o);
    const { cells, conditions } = printer.row(obj, opts.nowMs);
    const object = include === 'Object' ? o : include === 'Metadata' ? { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: rec(obj.metadata) } : undefined;
    return { cells, ...(conditions === undefined ? {} : { conditions }), ...(object === undefined ? {} : { object }) };
  });
  const lm = opts.listMeta ?? {};
  const metadata: TableListMeta = {
    ...(lm.resourceVersion === undefined ? {} : { resourceVersion: lm.resourceVersion }),
    ...(lm.continue === undefined || lm.continue === '' ? {} : { continue: lm.continue }),
    ...(lm.remainingItemCount === undefined ? {} : { remainingItemCount: lm.remainingItemCount }),
  };
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
};

/** Re-exported: the AGE format. */
export { humanDuration } from './tableCells.js';

const DOC = {
  name: "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
  creationTimestamp: "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  podIP: "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
  nodeName: "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename",
  nominatedNodeName: "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.",
  readinessGates: "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates",
  rsReplicas: "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
  rsStatusReplicas: "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset",
  rsReadyReplicas: "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.",
  rsSelector: "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
  updatedReplicas: "Total number of non-terminating pods targeted by this deployment that have the desired template spec.",
  availableReplicas: "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.",
  deploymentSelector: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
  serviceType: "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types",
  clusterIP: "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies",
  externalIPs: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.",
  servicePorts: "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies",
  serviceSelector: "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/",
  subsets: "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.",
  kubeletVersion: "Kubelet Version reported by the node.",
  osImage: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
  kernelVersion: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
  containerRuntimeVersion: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
  addresses: "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
  lastTimestamp: "The time at which the most recent occurrence of this event was recorded.",
  eventType: "Type of this event (Normal, Warning), new types could be added in the future",
  reason: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  involvedObject: "The object that this event is about.",
  message: "A human-readable description of the status of this operation.",
  firstTimestamp: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
  count: "The number of times this event has occurred.",
  source: "The component reporting this event. Should be a short machine understandable string.",
  fieldPath: "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.",
  data: "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
  holderIdentity: "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.",
  value: "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.",
  globalDefault: "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.",
  preemptionPolicy: "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.",
  containers: 'Names of each container in the template.',
  images: 'Images referenced by each container in the template.',
} as const;

const col = (name: string, type: string, description: string, priority = 0, format = ''): TableColumnDefinition => ({ name, type, format, description, priority });
const NAME = col('Name', 'string', DOC.name, 0, 'name');
const AGE = col('Age', 'string', DOC.creationTimestamp);

interface Printer {
  readonly columns: TableColumnDefinition[];
  readonly row: (o: Rec, nowMs: number) => { cells: unknown[]; conditions?: TableRowCondition[] };
}

const GENERIC: Printer = { columns: [NAME, AGE], row: (o, now) => ({ cells: [nameOf(o), age(o, now)] }) };

// ---------------------------------------------------------------- pods

const POD_SUCCEEDED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const POD_FAILED: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

const hasCondition = (status: Rec, type: string): boolean => recs(status.conditions).some((c) => c.type === type && c.status === 'True');
const finishedAt = (cs: Rec): number => Date.parse(str(rec(rec(cs.lastState).terminated).finishedAt));

/** The STATUS, READY and RESTARTS of a pod, derived from its container statuses the way kubectl shows them. */
const printPod = (pod: Rec, now: number): { cells: unknown[]; conditions?: TableRowCondition[] } => {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const meta = rec(pod.metadata);
  const phase = str(status.phase);
  let reason = orNone(str(status.reason), phase);
  if (recs(status.conditions).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const initContainers = recs(spec.initContainers);
  const restartable = new Set(initContainers.filter((c) => c.restartPolicy === 'Always').map((c) => str(c.name)));
  const total = recs(spec.containers).length + restartable.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = Number.NaN;
  let lastSidecarRestart = Number.NaN;
  const later = (a: number, b: number): number => (Number.isFinite(b) && !(b <= a) ? b : a);

  let initializing = false;
  const initStatuses = recs(status.initContainerStatuses);
  for (const [i, cs] of initStatuses.entries()) {
    const state = rec(cs.state);
    const terminated = isRec(state.terminated) ? state.terminated : undefined;
    const waiting = isRec(state.waiting) ? state.waiting : undefined;
    const sidecar = restartable.has(str(cs.name));
    restarts += num(cs.restartCount);
    lastRestart = later(lastRestart, finishedAt(cs));
    if (sidecar) {
      sidecarRestarts += num(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, finishedAt(cs));
    }
    if (terminated !== undefined && num(terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated !== undefined) {
      const signal = num(terminated.signal);
      reason = str(terminated.reason) !== '' ? `Init:${str(terminated.reason)}` : signal !== 0 ? `Init:Signal:${signal}` : `Init:ExitCode:${num(terminated.exitCode)}`;
    } else if (waiting !== undefined && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = recs(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const state = rec(cs.state);
      const terminated = isRec(state.terminated) ? state.terminated : undefined;
      const waiting = isRec(state.waiting) ? state.waiting : undefined;
      restarts += num(cs.restartCount);
      lastRestart = later(lastRestart, finishedAt(cs));
      if (waiting !== undefined && str(waiting.reason) !== '') reason = str(waiting.reason);
      else if (terminated !== undefined && str(terminated.reason) !== '') reason = str(terminated.reason);
      else if (terminated !== undefined) reason = num(terminated.signal) !== 0 ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
      else if (cs.ready === true && isRec(state.running)) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(status, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = str(meta.deletionTimestamp) !== '';
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const restartsCell = restarts !== 0 && Number.isFinite(lastRestart) ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const podIP = orNone(str(recs(status.podIPs)[0]?.ip) || str(status.podIP));
  const gates = recs(spec.readinessGates);
  const gatesCell =
    gates.length === 0 ? '<none>' : `${gates.filter((g) => recs(status.conditions).find((c) => c.type === g.conditionType)?.status === 'True').length}/${gates.length}`;
  return {
    cells: [nameOf(pod), `${ready}/${total}`, reason, restartsCell, age(pod, now), podIP, orNone(str(spec.nodeName)), orNone(str(status.nominatedNodeName)), gatesCell],
    ...(phase === 'Succeeded' ? { conditions: POD_SUCCEEDED } : phase === 'Failed' ? { conditions: POD_FAILED } : {}),
  };
};

// ---------------------------------------------------------------- other kinds

const ROLE_PREFIX = 'node-role.kubernetes.io/';

const printNode = (node: Rec, now: number): { cells: unknown[] } => {
  const status = rec(node.status);
  const info = rec(status.nodeInfo);
  const readyCondition = recs(status.conditions).find((c) => c.type === 'Ready');
  const states = [readyCondition === undefined ? 'Unknown' : readyCondition.status === 'True' ? 'Ready' : 'NotReady'];
  if (rec(node.spec).unschedulable === true) states.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(rec(rec(node.metadata).labels))) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && str(v) !== '') roles.add(str(v));
  }
  const address = (type: string): string => orNone(str(recs(status.addresses).find((a) => a.type === type)?.address));
  return {
    cells: [
      nameOf(node),
      states.join(','),
      orNone([...roles].sort().join(',')),
      age(node, now),
      str(info.kubeletVersion),
      address('InternalIP'),
      address('ExternalIP'),
      orNone(str(info.osImage), '<unknown>'),
      orNone(str(info.kernelVersion), '<unknown>'),
      orNone(str(info.containerRuntimeVersion), '<unknown>'),
    ],
  };
};

const printDeployment = (d: Rec, now: number): { cells: unknown[] } => {
  const spec = rec(d.spec);
  const status = rec(d.status);
  const [names, images] = containerCells(rec(rec(spec.template).spec).containers);
  return {
    cells: [nameOf(d), `${num(status.readyReplicas)}/${num(spec.replicas, 1)}`, num(status.updatedReplicas), num(status.availableReplicas), age(d, now), names, images, selectorString(spec.selector)],
  };
};

const printReplicaSet = (rs: Rec, now: number): { cells: unknown[] } => {
  const spec = rec(rs.spec);
  const status = rec(rs.status);
  const [names, images] = containerCells(rec(rec(spec.template).spec).containers);
  return { cells: [nameOf(rs), num(spec.replicas, 1), num(status.replicas), num(status.readyReplicas), age(rs, now), names, images, orNone(selectorString(spec.selector))] };
};

const printService = (svc: Rec, now: number): { cells: unknown[] } => {
  const spec = rec(svc.spec);
  const type = str(spec.type) || 'ClusterIP';
  const clusterIP = orNone(Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string' ? spec.clusterIPs[0] : str(spec.clusterIP));
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs.map(str).filter((s) => s !== '') : [];
  const ingress = [...new Set(recs(rec(rec(svc.status).loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname)).filter((s) => s !== ''))].sort();
  let external: string;
  if (type === 'ClusterIP' || type === 'NodePort') external = orNone(externalIPs.join(','));
  else if (type === 'LoadBalancer') external = ingress.length + externalIPs.length > 0 ? [...ingress, ...externalIPs].join(',') : '<pending>';
  else if (type === 'ExternalName') external = str(spec.externalName);
  else external = '<unknown>';
  const ports = recs(spec.ports)
    .map((p) => {
      const protocol = str(p.protocol) || 'TCP';
      return num(p.nodePort) > 0 ? `${num(p.port)}:${num(p.nodePort)}/${protocol}` : `${num(p.port)}/${protocol}`;
    })
    .join(',');
  return { cells: [nameOf(svc), type, clusterIP, external, orNone(ports), age(svc, now), formatLabels(spec.selector)] };
};

/** Up to three `ip:port` endpoints, then `+ N more...`. */
const formatEndpoints = (ep: Rec): string => {
  const subsets = recs(ep.subsets);
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  let more = false;
  const hostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  for (const ss of subsets) {
    const addresses = recs(ss.addresses);
    const ports = recs(ss.ports);
    // A headless service may have addresses without ports.
    const targets: Array<number | undefined> = ports.length === 0 ? [undefined] : ports.map((p) => num(p.port));
    for (const port of targets) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(port === undefined ? str(a.ip) : hostPort(str(a.ip), port));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
};

const printEvent = (ev: Rec, now: number): { cells: unknown[] } => {
  const involved = rec(ev.involvedObject);
  const series = isRec(ev.series) ? ev.series : undefined;
  const first = str(ev.firstTimestamp) !== '' ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let last = str(ev.lastTimestamp) !== '' ? since(ev.lastTimestamp, now) : first;
  let count = num(ev.count);
  if (series !== undefined) {
    last = since(series.lastObservedTime, now);
    count = num(series.count);
  } else if (count === 0) count = 1;
  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name) !== '' ? `${kind}/${str(involved.name)}` : kind;
  const source = rec(ev.source);
  const component = str(source.component) || str(ev.reportingController);
  const host = str(source.host) || str(ev.reportingInstance);
  return {
    cells: [last, str(ev.type), str(ev.reason), target, str(involved.fieldPath), host === '' ? component : `${component}, ${host}`, str(ev.message).trim(), first, count, nameOf(ev)],
  };
};

const PRINTERS: Readonly<Record<string, Printer>> = {
  pods: {
    columns: [
      NAME,
      col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      AGE,
      col('IP', 'string', DOC.podIP, 1),
      col('Node', 'string', DOC.nodeName, 1),
      col('Nominated Node', 'string', DOC.nominatedNodeName, 1),
      col('Readiness Gates', 'string', DOC.readinessGates, 1),
    ],
    row: printPod,
  },
  nodes: {
    columns: [
      NAME,
      col('Status', 'string', 'The status of the node'),
      col('Roles', 'string', 'The roles of the node'),
      AGE,
      col('Version', 'string', DOC.kubeletVersion),
      col('Internal-IP', 'string', DOC.addresses, 1),
      col('External-IP', 'string', DOC.addresses, 1),
      col('OS-Image', 'string', DOC.osImage, 1),
      col('Kernel-Version', 'string', DOC.kernelVersion, 1),
      col('Container-Runtime', 'string', DOC.containerRuntimeVersion, 1),
    ],
    row: printNode,
  },
  namespaces: {
    columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
    row: (ns, now) => ({ cells: [nameOf(ns), str(rec(ns.status).phase), age(ns, now)] }),
  },
  deployments: {
    columns: [
      NAME,
      col('Ready', 'string', 'Number of the pod with ready state'),
      col('Up-to-date', 'string', DOC.updatedReplicas),
      col('Available', 'string', DOC.availableReplicas),
      AGE,
      col('Containers', 'string', DOC.containers, 1),
      col('Images', 'string', DOC.images, 1),
      col('Selector', 'string', DOC.deploymentSelector, 1),
    ],
    row: printDeployment,
  },
  replicasets: {
    columns: [
      NAME,
      col('Desired', 'integer', DOC.rsReplicas),
      col('Current', 'integer', DOC.rsStatusReplicas),
      col('Ready', 'integer', DOC.rsReadyReplicas),
      AGE,
      col('Containers', 'string', DOC.containers, 1),
      col('Images', 'string', DOC.images, 1),
      col('Selector', 'string', DOC.rsSelector, 1),
    ],
    row: printReplicaSet,
  },
  services: {
    columns: [
      NAME,
      col('Type', 'string', DOC.serviceType),
      col('Cluster-IP', 'string', DOC.clusterIP),
      col('External-IP', 'string', DOC.externalIPs),
      col('Port(s)', 'string', DOC.servicePorts),
      AGE,
      col('Selector', 'string', DOC.serviceSelector, 1),
    ],
    row: printService,
  },
  endpoints: {
    columns: [NAME, col('Endpoints', 'string', DOC.subsets), AGE],
    row: (ep, now) => ({ cells: [nameOf(ep), formatEndpoints(ep), age(ep, now)] }),
  },
  events: {
    columns: [
      col('Last Seen', 'string', DOC.lastTimestamp),
      col('Type', 'string', DOC.eventType),
      col('Reason', 'string', DOC.reason),
      col('Object', 'string', DOC.involvedObject),
      col('Subobject', 'string', DOC.fieldPath, 1),
      col('Source', 'string', DOC.source, 1),
      col('Message', 'string', DOC.message),
      col('First Seen', 'string', DOC.firstTimestamp, 1),
      col('Count', 'string', DOC.count, 1),
      col('Name', 'string', DOC.name, 1, 'name'),
    ],
    row: printEvent,
  },
  configmaps: {
    columns: [NAME, col('Data', 'string', DOC.data), AGE],
    row: (cm, now) => ({ cells: [nameOf(cm), Object.keys(rec(cm.data)).length + Object.keys(rec(cm.binaryData)).length, age(cm, now)] }),
  },
  leases: {
    columns: [NAME, col('Holder', 'string', DOC.holderIdentity), AGE],
    row: (l, now) => ({ cells: [nameOf(l), str(rec(l.spec).holderIdentity), age(l, now)] }),
  },
  priorityclasses: {
    columns: [
      NAME,
      col('Value', 'integer', DOC.value),
      col('Global-Default', 'boolean', DOC.globalDefault),
      AGE,
      col('PreemptionPolicy', 'string', DOC.preemptionPolicy),
    ],
    row: (pc, now) => ({ cells: [nameOf(pc), num(pc.value), pc.globalDefault === true, age(pc, now), str(pc.preemptionPolicy)] }),
  },
};
