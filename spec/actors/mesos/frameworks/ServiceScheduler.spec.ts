import * as chai from 'chai';
import { expect } from 'chai';
import { itSim, troupeChai } from '../../../../lib/testkit/index.js';
import { resources } from '../../../../actors/mesos/Resources.js';
import { serviceScheduler, type ServiceState } from '../../../../actors/mesos/frameworks/ServiceScheduler.js';
import { fastCluster } from '../support.js';
import { isTerminal } from '../../../../actors/mesos/TaskState.js';
import type { MesosCluster } from '../../../../actors/mesos/MesosCluster.js';

chai.use(troupeChai);
const opts = { simulation: { network: { link: { fifo: true } }, trace: { memory: true } } } as const;
const live = (c: MesosCluster) =>
  [...c.agentViews.values()].flatMap((a) => [...a.cp.tasks.values()].filter((t) => !isTerminal(t.state)).map((t) => ({ host: a.hostname, id: t.info.taskId })));

describe('mesos service scheduler (Marathon-like)', () => {
  itSim('should keep N instances, one per host with hostname:UNIQUE, and suppress offers once there', (sim) => {
    const c = fastCluster(sim, { agents: 3 });
    c.addFramework('marathon', serviceScheduler({ apps: [{ id: 'web', instances: 3, resources: resources({ cpus: 1, mem: 128 }), constraints: [['hostname', 'UNIQUE']] }] }));
    sim.runFor(3000);
    const tasks = live(c);
    expect(tasks).to.have.length(3);
    expect(new Set(tasks.map((t) => t.host)).size).to.equal(3);
    expect(sim.trace).to.have.milestone('framework-suppressed');
  }, { seed: 21, ...opts });

  itSim('should not place a fourth UNIQUE instance on three hosts', (sim) => {
    const c = fastCluster(sim, { agents: 3 });
    c.addFramework('marathon', serviceScheduler({ apps: [{ id: 'web', instances: 4, resources: resources({ cpus: 1, mem: 128 }), constraints: [['hostname', 'UNIQUE']] }] }));
    sim.runFor(5000);
    expect(live(c)).to.have.length(3);
  }, { seed: 22, ...opts });

  itSim('should relaunch failing instances with a backoff of 1 s × 1.15 per failure', (sim) => {
    const c = fastCluster(sim, { agents: 1 });
    c.addFramework('marathon', serviceScheduler({ apps: [{ id: 'crash', instances: 1, resources: resources({ cpus: 1, mem: 128 }), command: 'exit 1' }] }));
    sim.runFor(12_000);
    const delays = sim.trace!.events().filter((e) => e.kind === 'milestone' && e.type === 'app-backoff').map((e) => (e.data as { delayMs: number }).delayMs);
    expect(delays.slice(0, 4)).to.deep.equal([1000, 1150, 1323, 1521]);
    const launches = sim.trace!.events().filter((e) => e.kind === 'milestone' && e.type === 'task-launched').map((e) => e.t);
    for (let i = 1; i < Math.min(4, launches.length); i++) expect(launches[i] - launches[i - 1], `gap ${i}`).to.be.at.least(delays[i - 1]);
  }, { seed: 23, ...opts });

  itSim('should scale up and down on command, killing the surplus', (sim) => {
    const c = fastCluster(sim, { agents: 2 });
    const ref = c.addFramework('marathon', serviceScheduler({ apps: [{ id: 'web', instances: 2, resources: resources({ cpus: 1, mem: 128 }) }] }));
    sim.runFor(3000);
    expect(live(c)).to.have.length(2);
    sim.tell(ref, { type: 'command', command: { type: 'scale', appId: 'web', instances: 5 } });
    sim.runFor(3000);
    expect(live(c)).to.have.length(5);
    sim.tell(ref, { type: 'command', command: { type: 'scale', appId: 'web', instances: 1 } });
    sim.runFor(3000);
    expect(live(c)).to.have.length(1);
    const state = c.frameworkViews.get('fw-marathon')!.user as ServiceState;
    expect([...state.apps.get('web')!.tasks.values()].filter((t) => t.state === 'TASK_RUNNING')).to.have.length(1);
  }, { seed: 24, ...opts });
});
