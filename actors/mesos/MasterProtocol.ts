import * as t from 'io-ts';
import { refCodec } from '../../lib/actor/index.js';
import { AgentFramework, AgentMsg, AgentTask, StatusUpdate } from './AgentProtocol.js';
import { Attributes, FrameworkInfo } from './FrameworkInfo.js';
import { LeaseReply, WriteAck } from './LeaseProtocol.js';
import { Resources } from './Resources.js';
import { SchedulerEvent } from './SchedulerEvent.js';
import { Operation } from './TaskInfo.js';

/**
 * Calls from a framework to the master (v1 scheduler `Call`). Every call but
 * SUBSCRIBE names the framework; the master ignores calls that do not come
 * from the framework's current subscriber (the actor that subscribed last).
 * Times are in ms (`refuseMs` is v1's `filters.refuse_seconds` × 1000).
 */
export const SchedulerCall = t.union([
  t.type({ type: t.literal('subscribe'), framework: FrameworkInfo, frameworkId: t.union([t.string, t.null]), replyTo: refCodec<SchedulerEvent>() }),
  t.intersection([
    t.type({ type: t.literal('accept'), frameworkId: t.string, offerIds: t.array(t.string), operations: t.array(Operation) }),
    t.partial({ refuseMs: t.number }),
  ]),
  t.intersection([t.type({ type: t.literal('decline'), frameworkId: t.string, offerIds: t.array(t.string) }), t.partial({ refuseMs: t.number })]),
  t.intersection([t.type({ type: t.literal('revive'), frameworkId: t.string }), t.partial({ roles: t.array(t.string) })]),
  t.intersection([t.type({ type: t.literal('suppress'), frameworkId: t.string }), t.partial({ roles: t.array(t.string) })]),
  t.intersection([t.type({ type: t.literal('kill'), frameworkId: t.string, taskId: t.string }), t.partial({ agentId: t.string })]),
  t.type({ type: t.literal('shutdown'), frameworkId: t.string, executorId: t.string, agentId: t.string }),
  t.type({ type: t.literal('acknowledge'), frameworkId: t.string, agentId: t.string, taskId: t.string, uuid: t.string }),
  t.type({ type: t.literal('reconcile'), frameworkId: t.string, tasks: t.array(t.intersection([t.type({ taskId: t.string }), t.partial({ agentId: t.string })])) }),
  t.type({ type: t.literal('framework-message'), frameworkId: t.string, agentId: t.string, executorId: t.string, data: t.string }),
  t.type({ type: t.literal('teardown'), frameworkId: t.string }),
]);
export type SchedulerCall = t.TypeOf<typeof SchedulerCall>;

/** Messages from agents to the master. */
export const AgentToMaster = t.union([
  t.type({
    type: t.literal('register-agent'),
    agentId: t.union([t.string, t.null]),
    hostname: t.string,
    resources: Resources,
    attributes: Attributes,
    tasks: t.array(AgentTask),
    frameworks: t.array(AgentFramework),
    replyTo: refCodec<AgentMsg>(),
  }),
  t.type({ type: t.literal('pong'), agentId: t.string, agent: refCodec<AgentMsg>() }),
  StatusUpdate,
]);
export type AgentToMaster = t.TypeOf<typeof AgentToMaster>;

/** A read of the master's state (for /master/state, specs and invariants). */
export const GetMasterState = t.type({ type: t.literal('get-state'), replyTo: refCodec() });

/** The master's own timers and internal notices. */
const MasterInternal = t.union([
  t.type({ type: t.literal('lease-tick') }),
  t.type({ type: t.literal('allocate') }),
  t.type({ type: t.literal('ping-agents') }),
  t.type({ type: t.literal('heartbeat') }),
  t.type({ type: t.literal('offer-timeout'), offerId: t.string }),
  t.type({ type: t.literal('failover-timeout'), frameworkId: t.string, generation: t.number }),
  t.type({ type: t.literal('framework-gone'), frameworkId: t.string, generation: t.number }),
  t.type({ type: t.literal('reregister-timeout') }),
]);

/** Protocol of a master. */
export const MasterMsg = t.union([SchedulerCall, AgentToMaster, LeaseReply, WriteAck, GetMasterState, MasterInternal]);
export type MasterMsg = t.TypeOf<typeof MasterMsg>;
