import * as t from 'io-ts';

/**
 * Mesos task states (v1 `TaskState`). A task normally moves STAGING →
 * STARTING → RUNNING → (KILLING) → a terminal state. FINISHED, FAILED,
 * KILLED, ERROR, DROPPED and GONE are terminal; LOST is terminal for the
 * agent but a task reported LOST can reappear when its agent comes back (as
 * in Mesos ≥ 1.5), so the master treats it as terminal only for resource
 * accounting; UNREACHABLE and UNKNOWN are not terminal.
 */
export const TaskState = t.keyof({
  TASK_STAGING: null,
  TASK_STARTING: null,
  TASK_RUNNING: null,
  TASK_KILLING: null,
  TASK_FINISHED: null,
  TASK_FAILED: null,
  TASK_KILLED: null,
  TASK_ERROR: null,
  TASK_LOST: null,
  TASK_DROPPED: null,
  TASK_GONE: null,
  TASK_UNREACHABLE: null,
  TASK_GONE_BY_OPERATOR: null,
  TASK_UNKNOWN: null,
});
export type TaskState = t.TypeOf<typeof TaskState>;

const TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
]);

/**
 * Whether a state is terminal (the task will not run again under this id).
 *
 * @example
 * isTerminal('TASK_FINISHED'); // true
 * isTerminal('TASK_UNREACHABLE'); // false
 */
export const isTerminal = (state: TaskState): boolean => TERMINAL.has(state);

/** Rank of the live states, for the forward-only rule of {@link canTransition}. */
const RANK: Partial<Record<TaskState, number>> = {
  TASK_STAGING: 0,
  TASK_STARTING: 1,
  TASK_RUNNING: 2,
  TASK_KILLING: 3,
};

/**
 * Whether an agent may move a task from `from` to `to`: live states only move
 * forward (STAGING → STARTING → RUNNING → KILLING), any live state may end in
 * a terminal state, and a terminal state never changes. UNREACHABLE / UNKNOWN
 * are master-side views and may go back to the state the agent reports.
 *
 * @example
 * canTransition('TASK_RUNNING', 'TASK_FINISHED'); // true
 * canTransition('TASK_FINISHED', 'TASK_RUNNING'); // false
 */
export const canTransition = (from: TaskState, to: TaskState): boolean => {
  if (isTerminal(from)) return false;
  if (from === 'TASK_UNREACHABLE' || from === 'TASK_UNKNOWN') return true;
  if (isTerminal(to) || to === 'TASK_UNREACHABLE' || to === 'TASK_UNKNOWN') return true;
  const a = RANK[from];
  const b = RANK[to];
  return a !== undefined && b !== undefined && b >= a;
};

/** Why a status update was sent (a subset of Mesos' `TaskStatus.Reason`). */
export const TaskReason = t.keyof({
  REASON_COMMAND_EXECUTOR_FAILED: null,
  REASON_EXECUTOR_TERMINATED: null,
  REASON_TASK_KILLED_DURING_LAUNCH: null,
  REASON_TASK_INVALID: null,
  REASON_TASK_UNKNOWN: null,
  REASON_INVALID_OFFERS: null,
  REASON_AGENT_REMOVED: null,
  REASON_AGENT_UNKNOWN: null,
  REASON_AGENT_RESTARTED: null,
  REASON_AGENT_REREGISTERED: null,
  REASON_AGENT_DISCONNECTED: null,
  REASON_FRAMEWORK_REMOVED: null,
  REASON_MASTER_DISCONNECTED: null,
  REASON_RECONCILIATION: null,
  REASON_RESOURCES_UNKNOWN: null,
});
export type TaskReason = t.TypeOf<typeof TaskReason>;

/** Who produced a status update. */
export const TaskSource = t.keyof({ SOURCE_MASTER: null, SOURCE_AGENT: null, SOURCE_EXECUTOR: null });
export type TaskSource = t.TypeOf<typeof TaskSource>;
