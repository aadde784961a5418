import * as t from 'io-ts';
import { refCodec } from '../../lib/actor/index.js';
import { FrameworkInfo } from './FrameworkInfo.js';
import { LeaderIs } from './LeaseProtocol.js';
import { TaskInfo, TaskStatus } from './TaskInfo.js';
import { TaskState } from './TaskState.js';

/** A task as an agent reports it when it (re-)registers. */
export const AgentTask = t.type({
  frameworkId: t.string,
  role: t.string,
  task: TaskInfo,
  state: TaskState,
});
export type AgentTask = t.TypeOf<typeof AgentTask>;

/** A framework with tasks on an agent, as the agent reports it on re-registration. */
export const AgentFramework = t.type({ frameworkId: t.string, info: FrameworkInfo });
export type AgentFramework = t.TypeOf<typeof AgentFramework>;

/** Messages from masters to an agent. `master` identifies the sender: an agent obeys only the master it registered with. */
export const MasterToAgent = t.union([
  t.type({ type: t.literal('registered'), agentId: t.string, master: refCodec(), epoch: t.number }),
  t.type({ type: t.literal('ping'), master: refCodec(), epoch: t.number }),
  t.type({
    type: t.literal('run-tasks'),
    master: refCodec(),
    frameworkId: t.string,
    framework: FrameworkInfo,
    role: t.string,
    tasks: t.array(TaskInfo),
  }),
  t.type({ type: t.literal('kill-task'), master: refCodec(), frameworkId: t.string, taskId: t.string }),
  t.type({ type: t.literal('shutdown-framework'), master: refCodec(), frameworkId: t.string }),
  t.type({ type: t.literal('status-ack'), master: refCodec(), frameworkId: t.string, taskId: t.string, uuid: t.string }),
  t.type({ type: t.literal('framework-message'), master: refCodec(), frameworkId: t.string, executorId: t.string, data: t.string }),
  t.type({ type: t.literal('not-leader'), master: refCodec() }),
]);
export type MasterToAgent = t.TypeOf<typeof MasterToAgent>;

/** The agent's own timers. */
const AgentTimer = t.union([
  t.type({ type: t.literal('detect') }),
  t.type({ type: t.literal('register') }),
  t.type({ type: t.literal('task-step'), taskId: t.string, frameworkId: t.string, state: TaskState }),
  t.type({ type: t.literal('retry-update'), key: t.string }),
]);

/** Inspection: the agent's tasks and resources (for specs, invariants, /master/state). */
export const AgentProbe = t.type({ type: t.literal('agent-state'), replyTo: refCodec() });

/** Protocol of an agent. */
export const AgentMsg = t.union([MasterToAgent, AgentTimer, LeaderIs, AgentProbe]);
export type AgentMsg = t.TypeOf<typeof AgentMsg>;

/** A status update from an agent to the master (retried until acknowledged). */
export const StatusUpdate = t.type({ type: t.literal('status-update'), agent: refCodec<AgentMsg>(), status: TaskStatus });
export type StatusUpdate = t.TypeOf<typeof StatusUpdate>;
