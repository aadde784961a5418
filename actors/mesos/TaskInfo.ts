import * as t from 'io-ts';
import { Resources } from './Resources.js';
import { TaskReason, TaskSource, TaskState } from './TaskState.js';

/**
 * A task to launch (v1 `TaskInfo`, the fields this model uses). `command` is
 * run by the agent's simulated command executor (`sleep 5`, `exit 1`,
 * `sleep 2 && exit 3`, anything else runs until killed); `executor` names a
 * registered {@link Workload} instead.
 *
 * @example
 * const task = taskInfo({ taskId: 'web-1', agentId: offer.agentId, resources: resources({ cpus: 1, mem: 128 }), command: 'sleep 30' });
 */
export const TaskInfo = t.intersection([
  t.type({
    taskId: t.string,
    name: t.string,
    agentId: t.string,
    resources: Resources,
  }),
  t.partial({
    command: t.string,
    executor: t.string,
    labels: t.record(t.string, t.string),
  }),
]);
export type TaskInfo = t.TypeOf<typeof TaskInfo>;

/** Build a TaskInfo (name defaults to the task id). */
export const taskInfo = (task: Omit<TaskInfo, 'name'> & { name?: string }): TaskInfo => ({ ...task, name: task.name ?? task.taskId });

/** An offer operation: LAUNCH tasks, or LAUNCH_GROUP (all or none, on one agent). */
export const Operation = t.union([
  t.type({ type: t.literal('LAUNCH'), tasks: t.array(TaskInfo) }),
  t.type({ type: t.literal('LAUNCH_GROUP'), tasks: t.array(TaskInfo) }),
]);
export type Operation = t.TypeOf<typeof Operation>;

/**
 * A task status update. Updates from the agent carry a `uuid` and are
 * retried until the framework acknowledges that uuid; updates the master makes
 * up (TASK_LOST for a removed agent, reconciliation answers) carry none.
 */
export const TaskStatus = t.intersection([
  t.type({
    taskId: t.string,
    frameworkId: t.string,
    agentId: t.string,
    state: TaskState,
    source: TaskSource,
    timestampMs: t.number,
  }),
  t.partial({
    uuid: t.string,
    reason: TaskReason,
    message: t.string,
  }),
]);
export type TaskStatus = t.TypeOf<typeof TaskStatus>;
