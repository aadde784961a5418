import type { Random } from '../../lib/random/index.js';
import type { TaskInfo } from './TaskInfo.js';

/** How a simulated task ends: after `runMs` (never when undefined) in `state`. */
export interface WorkloadOutcome {
  readonly runMs: number | undefined;
  readonly state: 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_ERROR';
  readonly message?: string;
}

/**
 * What a task does once RUNNING, decided when it launches (and checkpointed
 * with it, so an agent restart resumes the same schedule). Contract: pure
 * apart from `random` (the agent's seeded stream); a task that can never run
 * returns TASK_ERROR with `runMs` 0.
 */
export type Workload = (task: TaskInfo, random: Random) => WorkloadOutcome;

const registry = new Map<string, Workload>();

/**
 * Register a workload by name; tasks use it with `executor: name`.
 *
 * @example
 * registerWorkload('flaky', (task, random) => ({ runMs: 5000, state: random.bool(0.2) ? 'TASK_FAILED' : 'TASK_FINISHED' }));
 */
export const registerWorkload = (name: string, workload: Workload): void => {
  registry.set(name, workload);
};

/** Names of the registered workloads. */
export const workloadNames = (): string[] => [...registry.keys()];

/**
 * The default `command` workload, a tiny shell: `sleep S` finishes after S
 * seconds, `exit N` ends at once (FINISHED for 0, FAILED otherwise),
 * `sleep S && exit N` both; `fail` fails at once; anything else (or no
 * command) runs until killed.
 */
export const commandWorkload: Workload = (task) => {
  const cmd = (task.command ?? '').trim();
  let runMs: number | undefined;
  let code: number | undefined;
  for (const part of cmd.split('&&').map((p) => p.trim())) {
    const sleep = /^sleep\s+(\d+(?:\.\d+)?)$/.exec(part);
    const exit = /^exit\s+(\d+)$/.exec(part);
    if (sleep !== null) runMs = (runMs ?? 0) + Number(sleep[1]) * 1000;
    else if (exit !== null) code = Number(exit[1]);
    else if (part === 'fail' || part === 'false') code = 1;
    else if (part === 'true') code = 0;
  }
  if (code === undefined) return { runMs, state: 'TASK_FINISHED' };
  return { runMs: runMs ?? 0, state: code === 0 ? 'TASK_FINISHED' : 'TASK_FAILED', message: `exited with status ${code}` };
};

registerWorkload('command', commandWorkload);

/** The outcome of a task: its `executor` workload, or the command workload. */
export const runWorkload = (task: TaskInfo, random: Random): WorkloadOutcome => {
  const w = registry.get(task.executor ?? 'command');
  if (w === undefined) return { runMs: 0, state: 'TASK_ERROR', message: `unknown executor '${task.executor}'` };
  return w(task, random);
};
