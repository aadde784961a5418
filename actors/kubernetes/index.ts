/** The Kubernetes control plane as troupe actors: public API. */
// State store
export { MvccStore } from './store/MvccStore.js';
export type { Lease as StoreLease, TxnOutcome } from './store/MvccStore.js';
export { storeBehavior, StoreMessage, STORE_DEFAULTS } from './store/storeBehavior.js';
export type { StoreOptions } from './store/storeBehavior.js';
export { etcdStoreBehavior, EtcdStoreMessage, ETCD_STORE_DEFAULTS } from './store/etcdStoreBehavior.js';
export type { EtcdStoreOptions } from './store/etcdStoreBehavior.js';
export { parseStoreUrl } from './store/etcd/parseStoreUrl.js';
export type { StoreUrl, BadStoreUrl } from './store/etcd/parseStoreUrl.js';
export {
  KeyValue,
  StoreEvent,
  KeyRange,
  RangeRequest,
  RangeResult,
  Compare,
  TxnOp,
  TxnOpResult,
  TxnRequest,
  TxnResult,
  StoreError,
  StoreReply,
  StoreWatchMessage,
  StoreRequest,
  prefixEnd,
  inRange,
} from './store/protocol.js';
export type { StoreStatus } from './store/protocol.js';
// Resources
export { ObjectMeta, OwnerReference, ObjectReference, LabelSelector, Condition, StringMap, objectKey, controllerOf, findCondition, setCondition } from './api/meta.js';
export type { KubeObject } from './api/meta.js';
export { Pod, PodSpec, PodStatus, Container, Toleration, ContainerStatus, PodTemplateSpec, isPodReady, isPodAvailable, isTerminal } from './api/Pod.js';
export { Node, Taint, nodeReadyStatus, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE } from './api/Node.js';
export { ReplicaSet, Deployment, Scale, REVISION_ANNOTATION, POD_TEMPLATE_HASH_LABEL, resolveIntOrPercent } from './api/workloads.js';
export { Service, Endpoints } from './api/networking.js';
export { Namespace, Binding, Lease, Event, ConfigMap, PriorityClass } from './api/cluster.js';
export { Status, StatusCause, StatusReason, status, notFound, alreadyExists, conflict, invalid, expired } from './api/Status.js';
export { ApiRequest, ApiReply, WatchEvent, WatchMessage, DeleteOptions } from './api/protocol.js';
export type { ObjectList } from './api/protocol.js';
export { registerResource, resourceInfo, resourceForKind, allResources } from './api/resources.js';
export type { ResourceInfo } from './api/resources.js';
export { parseLabelSelector, fromLabelSelector, matches as matchesLabels } from './api/labelSelector.js';
export { parseFieldSelector } from './api/fieldSelector.js';
export { mergePatch } from './api/mergePatch.js';
export { applyPatch, patchTypeOfContentType } from './api/applyPatch.js';
export type { PatchType } from './api/applyPatch.js';
export { strategicMergePatch, strategicMergePatchWith, PATCH_SCHEMAS } from './api/strategicMergePatch.js';
export type { PatchSchema, FieldPatchMeta } from './api/strategicMergePatch.js';
export { jsonPatch, JsonPatchOperation } from './api/jsonPatch.js';
export { parseQuantity, milliCpu } from './api/quantity.js';
export { formatTime } from './api/time.js';
// API server
export { apiServerBehavior, ApiServerMessage } from './apiserver/apiServerBehavior.js';
export type { ApiServerOptions, ApiServerHooks } from './apiserver/ApiServer.js';
export type { CacheEvent } from './apiserver/WatchCache.js';
// Clients
export { ApiClient, ApiResultMessage } from './client/ApiClient.js';
export type { ApiResult, ObjectRef } from './client/ApiClient.js';
export { Informer } from './client/Informer.js';
export type { InformerHandlers, InformerOptions } from './client/Informer.js';
export { InformerSet } from './client/InformerSet.js';
// Scheduler
export { schedulerBehavior, SchedulerMessage } from './scheduler/schedulerBehavior.js';
export type { SchedulerOptions, SchedulerHooks } from './scheduler/schedulerBehavior.js';
export { registerPlugin, createPlugin, pluginNames, pluginStatus, SUCCESS, SKIP, DEFAULT_PROFILE, numFeasibleNodesToFind } from './scheduler/Plugin.js';
export type { Code, PluginStatus, CycleState, Snapshot, Plugin, PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, PluginFactory, Profile } from './scheduler/Plugin.js';
export { Framework, fitErrorMessage } from './scheduler/Framework.js';
export type { ScheduleResult, Preemption } from './scheduler/Framework.js';
export { NodeInfo } from './scheduler/NodeInfo.js';
export { podInfoOf } from './scheduler/PodInfo.js';
export type { PodInfo } from './scheduler/PodInfo.js';
export { SchedulingQueue } from './scheduler/SchedulingQueue.js';
export type { QueuedPodInfo, SchedulingQueueOptions } from './scheduler/SchedulingQueue.js';
export { SchedulerCache } from './scheduler/SchedulerCache.js';
// Controllers
export { controllerManagerBehavior, ControllerManagerMessage, BUILTIN_CONTROLLERS } from './controllers/controllerManager.js';
export type { ControllerManagerOptions } from './controllers/controllerManager.js';
export { registerController, createController, controllerNames } from './controllers/Controller.js';
export type { Controller, ControllerContext, ControllerFactory } from './controllers/Controller.js';
export { rollbackTo, templateHash } from './controllers/deploymentController.js';
export { EventRecorder } from './controllers/EventRecorder.js';
export type { EventRecorderOptions } from './controllers/EventRecorder.js';
export { NODE_LEASE_NAMESPACE } from './controllers/nodeLifecycleController.js';
export type { NodeLifecycleOptions } from './controllers/nodeLifecycleController.js';
// Workers
export { kubeletBehavior, KubeletMessage, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, BACKOFF_RESET_MS, EXIT_SIGKILL, EXIT_SIGTERM } from './node/kubelet.js';
export { ContainerLogsRequest, ContainerLogs, LogBuffer, readContainerLogs, logContainerOf } from './node/ContainerLogs.js';
export type { LogFollower, LogQuery } from './node/ContainerLogs.js';
export { FollowLogsRequest, UnfollowLogs, LogStreamMessage, startFollow } from './node/LogFollow.js';
export type { KubeletOptions } from './node/kubelet.js';
export { kubeProxyBehavior, KubeProxyMessage, ServiceUnavailable } from './node/kubeProxy.js';
export type { KubeProxyOptions } from './node/kubeProxy.js';
export { service, serviceSend, type ServiceAddress, type ServiceSendOptions } from './node/serviceSend.js';
export { registerImage, resolveImage, imageNames, containerApi, ContainerReport, ContainerSignal } from './node/images.js';
export type { Image, ContainerEnv } from './node/images.js';
// REST front door (live mode: kubectl, client libraries)
export { startKubeServer } from './http/startKubeServer.js';
export { toTable, humanDuration } from './http/tablePrinters.js';
export type { Table, TableRow, TableColumnDefinition, TableOptions } from './http/tablePrinters.js';
export type { KubeServer, KubeServerOptions } from './http/startKubeServer.js';
export { createKubeHandler } from './http/createKubeHandler.js';
export type { KubeHttpContext, FieldValidation } from './http/KubeHttpContext.js';
export { parseApiPath } from './http/apiPath.js';
export type { ApiPath, ResourcePath } from './http/apiPath.js';
export { apiResourceList, apiGroupList, apiVersions, KUBE_VERSION } from './http/discovery.js';
export { createCertificates } from './http/createCertificates.js';
export type { Certificates, CertificateOptions } from './http/createCertificates.js';
export { kubeconfigYaml } from './http/kubeconfig.js';
export { pruneUnknownFields } from './http/pruneUnknownFields.js';
// Clusters, scenarios, invariants
export { bootCluster, bootstrapBehavior, BOOTSTRAP_OBJECTS } from './cluster.js';
export type { Cluster, ClusterOptions, ClusterHost } from './cluster.js';
export { driverBehavior, counterBehavior } from './driver.js';
export type { DriverStep, StepOutcome, CounterTally } from './driver.js';
export { BindingLedger, storedObjects, overcommittedNodes, rolloutViolations, orphans, replicaSetsOf } from './invariants.js';
export { RolloutLedger } from './RolloutLedger.js';
export {
  kubernetesScenarios,
  rolloutRollbackScenario,
  nodeFailureScenario,
  crashLoopScenario,
  preemptionScenario,
  namespaceDeletionScenario,
  chaosScenario,
  deploymentManifest,
} from './scenarios.js';
