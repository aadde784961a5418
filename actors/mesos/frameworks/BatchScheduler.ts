import { frameworkInfo, type FrameworkInfo } from '../FrameworkInfo.js';
import { contains, subtract, type Resources } from '../Resources.js';
import { taskInfo, type TaskInfo } from '../TaskInfo.js';
import { isTerminal } from '../TaskState.js';
import type { Scheduler } from './Scheduler.js';

/** A batch job: `tasks` independent tasks of one shape. */
export interface JobSpec {
  readonly id: string;
  readonly tasks: number;
  readonly resources: Resources;
  /** Command of each task. @default 'sleep 5' */
  readonly command?: string;
  /** Attempts per task after the first. @default 3 */
  readonly maxRetries?: number;
}

/** Options of the batch scheduler. */
export interface BatchSchedulerOptions {
  readonly job: JobSpec;
  /** @default name 'spark', role '*', failover 60 s */
  readonly info?: Partial<FrameworkInfo>;
  /** Most tasks launched from one offer. @default Infinity */
  readonly maxLaunchesPerOffer?: number;
  /** Filter for declined offers. @default 5000 */
  readonly declineRefuseMs?: number;
  /** Tear the framework down once the job is over. @default false */
  readonly teardownWhenDone?: boolean;
}

/** Progress of a batch job. */
export interface BatchState {
  /** Task indexes waiting for resources. */
  readonly pending: number[];
  /** Attempts made per task index. */
  readonly attempts: number[];
  /** Running attempt ids → task index. */
  readonly running: Map<string, number>;
  readonly finished: Set<number>;
  readonly failed: Set<number>;
  done: boolean;
  suppressed: boolean;
}

const indexOf = (taskId: string): number => Number(/-(\d+)-a\d+$/.exec(taskId)?.[1] ?? -1);

/**
 * A Spark-like batch scheduler: runs a job of M tasks, launching as many as
 * offers fit, retrying each failed (or lost) task up to `maxRetries` times,
 * and finishing when every task has finished or run out of attempts
 * (milestone `job-completed` with the counts). Then it suppresses offers (or
 * tears the framework down).
 *
 * @example
 * const spark = batchScheduler({ job: { id: 'pi', tasks: 100, resources: resources({ cpus: 1, mem: 512 }), command: 'sleep 3' } });
 */
export const batchScheduler = (options: BatchSchedulerOptions): Scheduler<BatchState> => {
  const job = options.job;
  const maxRetries = job.maxRetries ?? 3;
  const perOffer = options.maxLaunchesPerOffer ?? Infinity;
  const refuse = options.declineRefuseMs ?? 5000;
  return {
    info: frameworkInfo({ name: 'spark', failoverTimeoutMs: 60_000, ...options.info }),
    init: () => ({
      pending: Array.from({ length: job.tasks }, (_, i) => i),
      attempts: Array.from({ length: job.tasks }, () => 0),
      running: new Map(),
      finished: new Set(),
      failed: new Set(),
      done: job.tasks === 0,
      suppressed: false,
    }),
    offers: (s, offers, d) => {
      for (const offer of offers) {
        const launches: TaskInfo[] = [];
        let left = offer.resources;
        while (s.pending.length > 0 && launches.length < perOffer && contains(left, job.resources)) {
          const i = s.pending.shift()!;
          const taskId = `${job.id}-${i}-a${s.attempts[i]++}`;
          launches.push(taskInfo({ taskId, agentId: offer.agentId, resources: job.resources, command: job.command ?? 'sleep 5' }));
          s.running.set(taskId, i);
          left = subtract(left, job.resources);
        }
        if (launches.length === 0) d.decline([offer.id], refuse);
        else d.launch(offer, launches, refuse);
      }
      if (s.pending.length === 0 && !s.suppressed) {
        d.suppress();
        s.suppressed = true;
      }
      return s;
    },
    update: (s, status, d) => {
      if (!isTerminal(status.state)) return s;
      const i = s.running.get(status.taskId) ?? indexOf(status.taskId);
      if (!s.running.delete(status.taskId) || i < 0) return s;
      if (status.state === 'TASK_FINISHED') s.finished.add(i);
      else if (s.attempts[i] <= maxRetries) {
        s.pending.push(i);
        if (s.suppressed) {
          d.revive();
          s.suppressed = false;
        }
      } else s.failed.add(i);
      if (!s.done && s.finished.size + s.failed.size === job.tasks) {
        s.done = true;
        d.milestone('job-completed', { jobId: job.id, finished: s.finished.size, failed: s.failed.size });
        if (options.teardownWhenDone === true) d.teardown();
        else if (!s.suppressed) {
          d.suppress();
          s.suppressed = true;
        }
      }
      return s;
    },
    subscribed: (s, _id, d) => {
      if (s.pending.length > 0 && s.suppressed) {
        d.revive();
        s.suppressed = false;
      }
      return s;
    },
  };
};
