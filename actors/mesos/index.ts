// Public API of actors/mesos: a Mesos cluster as actors (masters, lease store, agents, frameworks),
// the pluggable allocator, the shipped frameworks and the scenarios.
export { Resources, PortRange, resources, add, subtract, contains, isEmpty, isAllocatable, dominantShare, takePorts, formatResources, EMPTY, SCALARS } from './Resources.js';
export { TaskState, TaskReason, TaskSource, isTerminal, canTransition } from './TaskState.js';
export { FrameworkInfo, Offer, Attributes, frameworkInfo } from './FrameworkInfo.js';
export { TaskInfo, TaskStatus, Operation, taskInfo } from './TaskInfo.js';
export { MESOS_DEFAULTS, FAST_MESOS, mesosConfig } from './MesosConfig.js';
export type { MesosConfig } from './MesosConfig.js';
export { SchedulerEvent } from './SchedulerEvent.js';
export { MasterMsg, SchedulerCall, AgentToMaster } from './MasterProtocol.js';
export { AgentMsg, MasterToAgent, AgentTask, StatusUpdate } from './AgentProtocol.js';
export { LeaseMsg, LeaseReply, LeaderIs, WriteAck, RegistryEntry } from './LeaseProtocol.js';
export { LeaseReplica } from './LeaseReplica.js';
export { agreedLeader } from './agreedLeader.js';
export type { LeaderAnswers } from './agreedLeader.js';
export { masterBehavior } from './Master.js';
export type { MasterOptions } from './Master.js';
export type { MasterView, MasterTask, MasterAgent, MasterFramework } from './master/MasterState.js';
export { masterSnapshot } from './master/masterSnapshot.js';
export type { MasterSnapshot } from './master/masterSnapshot.js';
export { agentBehavior, agentUsed } from './Agent.js';
export type { AgentOptions, AgentView, AgentTaskRecord, AgentCheckpoint } from './Agent.js';
export { registerWorkload, workloadNames, commandWorkload, runWorkload } from './Workload.js';
export type { Workload, WorkloadOutcome } from './Workload.js';
export { registerAllocator, createAllocator, allocatorNames } from './allocator/Allocator.js';
export type { Allocator, AllocatorOptions, AllocatorFactory, Allocation, AgentUse, QuotaLimit } from './allocator/Allocator.js';
export { DrfAllocator } from './allocator/DrfAllocator.js';
export type { SiblingOrder } from './allocator/DrfAllocator.js';
export type { Scheduler, SchedulerDriver } from './frameworks/Scheduler.js';
export { schedulerActor, FrameworkMsg } from './frameworks/schedulerActor.js';
export type { SchedulerActorOptions, FrameworkView, KnownTask } from './frameworks/schedulerActor.js';
export { serviceScheduler, ServiceCommand } from './frameworks/ServiceScheduler.js';
export type { AppSpec, ServiceSchedulerOptions, ServiceState } from './frameworks/ServiceScheduler.js';
export { batchScheduler } from './frameworks/BatchScheduler.js';
export type { JobSpec, BatchSchedulerOptions, BatchState } from './frameworks/BatchScheduler.js';
export { bootMesosCluster, DEFAULT_AGENT_RESOURCES } from './MesosCluster.js';
export type { MesosCluster, MesosClusterOptions, AgentSpec } from './MesosCluster.js';
export { mesosSafetyInvariants, mesosConvergenceProblems, roleShareGap } from './mesosInvariants.js';
export type { MesosInvariant } from './mesosInvariants.js';
export {
  mesosScenarios,
  mesosOffersScenario,
  mesosAgentLossScenario,
  mesosMasterFailoverScenario,
  mesosFrameworkFailoverScenario,
  mesosDrfScenario,
  mesosChaosScenario,
} from './scenarios.js';
// The live v1 Scheduler HTTP API (actors/mesos/http): a master and simulated agents served over HTTP.
export { startMesosServer } from './http/startMesosServer.js';
export type { MesosServer, MesosServerOptions } from './http/startMesosServer.js';
export { encodeRecord, RecordIODecoder } from './http/RecordIO.js';
export type { RecordIOError } from './http/RecordIO.js';
export { schedulerEndpoint, acceptsMediaType } from './http/schedulerEndpoint.js';
export type { EndpointRequest, EndpointReply, SchedulerEndpointEnv } from './http/schedulerEndpoint.js';
export { decodeCall, validateCall, planCall, toFrameworkInfo } from './http/v1Call.js';
export type { V1Call, CallPlan, ForwardedCall, RejectedTask } from './http/v1Call.js';
export { eventToV1, offerToV1, statusToV1, resourcesToV1 } from './http/v1Event.js';
export type { EventContext, MasterInfoJson, V1Json } from './http/v1Event.js';
export { subscriptionProxy, SubscriptionMsg } from './http/subscriptionProxy.js';
export type { EventSink, SubscriptionProxyOptions, SubscriptionState } from './http/subscriptionProxy.js';
