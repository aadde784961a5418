import { expect } from 'chai';
import { canTransition, isTerminal, type TaskState } from '../../../actors/mesos/TaskState.js';
import { commandWorkload } from '../../../actors/mesos/Workload.js';
import { resources } from '../../../actors/mesos/Resources.js';
import { createRandom } from '../../../lib/random/index.js';

describe('mesos TaskState', () => {
  const terminal: Array<[TaskState, boolean]> = [
    ['TASK_STAGING', false],
    ['TASK_RUNNING', false],
    ['TASK_KILLING', false],
    ['TASK_FINISHED', true],
    ['TASK_FAILED', true],
    ['TASK_KILLED', true],
    ['TASK_ERROR', true],
    ['TASK_LOST', true],
    ['TASK_DROPPED', true],
    ['TASK_GONE', true],
    ['TASK_UNREACHABLE', false],
    ['TASK_UNKNOWN', false],
  ];
  for (const [s, t] of terminal) it(`should treat ${s} as ${t ? '' : 'not '}terminal`, () => expect(isTerminal(s)).to.equal(t));

  const moves: Array<[TaskState, TaskState, boolean]> = [
    ['TASK_STAGING', 'TASK_STARTING', true],
    ['TASK_STARTING', 'TASK_RUNNING', true],
    ['TASK_RUNNING', 'TASK_KILLING', true],
    ['TASK_RUNNING', 'TASK_STARTING', false],
    ['TASK_KILLING', 'TASK_RUNNING', false],
    ['TASK_STAGING', 'TASK_FAILED', true],
    ['TASK_FINISHED', 'TASK_RUNNING', false],
    ['TASK_KILLED', 'TASK_FINISHED', false],
    ['TASK_UNREACHABLE', 'TASK_RUNNING', true],
  ];
  for (const [a, b, ok] of moves) it(`should ${ok ? 'allow' : 'refuse'} ${a} → ${b}`, () => expect(canTransition(a, b)).to.equal(ok));
});

describe('mesos command workload', () => {
  const cases: Array<[string | undefined, number | undefined, string]> = [
    ['sleep 5', 5000, 'TASK_FINISHED'],
    ['exit 0', 0, 'TASK_FINISHED'],
    ['exit 3', 0, 'TASK_FAILED'],
    ['sleep 2 && exit 1', 2000, 'TASK_FAILED'],
    ['fail', 0, 'TASK_FAILED'],
    ['./server --port 80', undefined, 'TASK_FINISHED'],
    [undefined, undefined, 'TASK_FINISHED'],
  ];
  for (const [command, runMs, state] of cases) {
    it(`should run '${command ?? '(none)'}' ${runMs === undefined ? 'until killed' : `for ${runMs} ms then end ${state}`}`, () => {
      const out = commandWorkload({ taskId: 't', name: 't', agentId: 'a', resources: resources({ cpus: 1 }), ...(command === undefined ? {} : { command }) }, createRandom(1));
      expect(out.runMs).to.equal(runMs);
      if (runMs !== undefined) expect(out.state).to.equal(state);
    });
  }
});
