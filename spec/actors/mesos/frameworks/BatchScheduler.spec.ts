import * as chai from 'chai';
import { expect } from 'chai';
import { itSim, troupeChai } from '../../../../lib/testkit/index.js';
import { resources } from '../../../../actors/mesos/Resources.js';
import { batchScheduler, type BatchState } from '../../../../actors/mesos/frameworks/BatchScheduler.js';
import { registerWorkload } from '../../../../actors/mesos/Workload.js';
import { fastCluster } from '../support.js';

chai.use(troupeChai);
const opts = { simulation: { network: { link: { fifo: true } }, trace: { memory: true } } } as const;

// Fails its first attempt, succeeds after (the attempt number is in the task id).
registerWorkload('flaky-once', (task) => ({ runMs: 200, state: task.taskId.endsWith('-a0') ? 'TASK_FAILED' : 'TASK_FINISHED' }));

describe('mesos batch scheduler (Spark-like)', () => {
  itSim('should run a job of M tasks to completion on a cluster smaller than the job', (sim) => {
    const c = fastCluster(sim, { agents: 2 });
    c.addFramework('spark', batchScheduler({ job: { id: 'pi', tasks: 24, resources: resources({ cpus: 1, mem: 256 }), command: 'sleep 1' } }));
    sim.runFor(10_000);
    const job = c.frameworkViews.get('fw-spark')!.user as BatchState;
    expect(job.done).to.equal(true);
    expect(job.finished.size).to.equal(24);
    expect(sim.trace).to.have.milestone('job-completed', { jobId: 'pi', finished: 24, failed: 0 });
  }, { seed: 31, ...opts });

  itSim('should give up on a task after maxRetries attempts and still complete the job', (sim) => {
    const c = fastCluster(sim, { agents: 2 });
    c.addFramework('doomed', batchScheduler({ job: { id: 'd', tasks: 2, resources: resources({ cpus: 1, mem: 256 }), command: 'exit 2', maxRetries: 2 }, info: { name: 'doomed' } }));
    sim.runFor(8000);
    const doomed = c.frameworkViews.get('fw-doomed')!.user as BatchState;
    expect(doomed.done).to.equal(true);
    expect(doomed.failed.size).to.equal(2);
    expect(doomed.attempts).to.deep.equal([3, 3]);
  }, { seed: 32, ...opts });

  itSim('should finish a job whose first attempts fail', (sim) => {
    const c = fastCluster(sim, { agents: 2 });
    const job = batchScheduler({ job: { id: 'f', tasks: 4, resources: resources({ cpus: 1, mem: 256 }) }, info: { name: 'flaky' } });
    // route every task of this job to the flaky workload
    const withExecutor = { ...job, offers: (s: BatchState, offers: Parameters<typeof job.offers>[1], d: Parameters<typeof job.offers>[2]) => job.offers(s, offers, { ...d, launch: (o, tasks, r) => d.launch(o, tasks.map((t) => ({ ...t, executor: 'flaky-once' })), r) }) };
    c.addFramework('flaky', withExecutor);
    sim.runFor(8000);
    const state = c.frameworkViews.get('fw-flaky')!.user as BatchState;
    expect(state.finished.size).to.equal(4);
    expect(state.attempts).to.deep.equal([2, 2, 2, 2]);
  }, { seed: 33, ...opts });
});
