import * as chai from 'chai';
import { expect } from 'chai';
import { itSim, troupeChai } from '../../../lib/testkit/index.js';
import { resources } from '../../../actors/mesos/Resources.js';
import { taskInfo } from '../../../actors/mesos/TaskInfo.js';
import { fastCluster, recordingFramework } from './support.js';

chai.use(troupeChai);

const opts = { simulation: { network: { link: { fifo: true } }, trace: { memory: true } } } as const;

describe('mesos agent', () => {
  itSim('should recover checkpointed tasks after a crash and re-register them with the master', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec');
    sim.runUntil(() => fw.offers.length > 0, 5000);
    const o = fw.offers[0];
    fw.act((d) => d.launch(o, [taskInfo({ taskId: 'long', agentId: o.agentId, resources: resources({ cpus: 1, mem: 64 }) }), taskInfo({ taskId: 'short', agentId: o.agentId, resources: resources({ cpus: 1, mem: 64 }), command: 'sleep 2' })]), 500);
    expect(fw.states('long').at(-1)).to.equal('TASK_RUNNING');
    sim.crash('agent1');
    sim.runFor(2500); // 'short' ran out while its agent was down
    sim.restart('agent1');
    sim.runFor(2000);
    expect(fw.states('long')).to.not.include('TASK_LOST');
    expect(fw.states('short').at(-1)).to.equal('TASK_FINISHED');
    const agent = cluster.agentViews.get('agent1')!;
    expect([...agent.cp.tasks.values()].map((t) => `${t.info.taskId}:${t.state}`)).to.deep.equal(['long:TASK_RUNNING']);
    expect([...cluster.leader()!.view.tasks.values()].map((t) => `${t.info.taskId}:${t.state}`)).to.deep.equal(['long:TASK_RUNNING']);
    expect(sim.trace).to.have.milestone('agent-registered', { reregistered: true });
  }, { seed: 11, ...opts });

  itSim('should kill a task that is still staging at once (TASK_KILLED, never started)', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec', { taskKillingState: true });
    sim.runUntil(() => fw.offers.length > 0, 5000);
    const o = fw.offers[0];
    fw.act((d) => {
      d.launch(o, [taskInfo({ taskId: 't', agentId: o.agentId, resources: resources({ cpus: 1, mem: 64 }) })]);
      d.kill('t');
    }, 500);
    expect(fw.states('t')).to.deep.equal(['TASK_KILLED']);
  }, { seed: 12, ...opts });

  itSim('should go through TASK_KILLING when the framework asks for it', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec', { taskKillingState: true });
    sim.runUntil(() => fw.offers.length > 0, 5000);
    const o = fw.offers[0];
    fw.act((d) => d.launch(o, [taskInfo({ taskId: 't', agentId: o.agentId, resources: resources({ cpus: 1, mem: 64 }) })]), 500);
    fw.act((d) => d.kill('t'), 500);
    expect(fw.states('t')).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED']);
  }, { seed: 13, ...opts });
});
