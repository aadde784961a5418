import * as chai from 'chai';
import { expect } from 'chai';
import { itSim, troupeChai } from '../../../lib/testkit/index.js';
import { FAST_MESOS } from '../../../actors/mesos/MesosConfig.js';
import { resources } from '../../../actors/mesos/Resources.js';
import { taskInfo } from '../../../actors/mesos/TaskInfo.js';
import type { Offer } from '../../../actors/mesos/FrameworkInfo.js';
import { fastCluster, recordingFramework, type Recorder } from './support.js';
import type { Simulation } from '../../../lib/sim/index.js';

chai.use(troupeChai);

const opts = { simulation: { network: { link: { fifo: true } }, trace: { memory: true } } } as const;
const task = (id: string, o: Offer, cpus = 1, command = '') => taskInfo({ taskId: id, agentId: o.agentId, resources: resources({ cpus, mem: 128 }), command });
const waitOffers = (sim: Simulation, fw: Recorder, n = 1): Offer[] => {
  const start = fw.offers.length;
  sim.runUntil(() => fw.offers.length >= start + n, 5000);
  return fw.offers.slice(start);
};
const lastState = (fw: Recorder, id: string): string | undefined => fw.states(id).at(-1);

describe('mesos master', () => {
  itSim('should elect one leader and register every agent', (sim) => {
    const cluster = fastCluster(sim, { agents: 3 });
    expect(cluster.leaders()).to.have.length(1);
    expect(cluster.leader()!.view.agents.size).to.equal(3);
    expect(sim.trace).to.have.milestone('leader-elected');
    expect(sim.trace).to.have.milestone('agent-registered');
  }, { seed: 1, ...opts });

  itSim('should offer each agent to a subscribed framework and run a launched task to TASK_FINISHED', (sim) => {
    const cluster = fastCluster(sim);
    const fw = recordingFramework(sim, cluster, 'rec');
    const offers = waitOffers(sim, fw, 2);
    expect(offers.map((o) => o.resources.cpus)).to.deep.equal([4, 4]);
    fw.act((d) => d.launch(offers[0], [task('t1', offers[0], 1, 'sleep 1')]));
    sim.runFor(2000);
    expect(fw.states('t1')).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']);
    expect(sim.trace).to.have.milestone('task-launched', { taskId: 't1' });
    // every update was acknowledged: the agent keeps nothing to retry, the master forgot the task
    for (const a of cluster.agentViews.values()) expect(a.cp.updates.size).to.equal(0);
    expect(cluster.leader()!.view.tasks.size).to.equal(0);
  }, { seed: 2, ...opts });

  itSim('should not re-offer declined resources before refuse_seconds, and offer them after', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec');
    const [o] = waitOffers(sim, fw);
    fw.act((d) => d.decline([o.id], 3000));
    const before = fw.offers.length;
    sim.runFor(2500);
    expect(fw.offers.length, 'offered during the filter').to.equal(before);
    sim.runFor(1000);
    expect(fw.offers.length, 'offered after the filter').to.be.greaterThan(before);
  }, { seed: 3, ...opts });

  itSim('should clear filters on REVIVE and stop offers on SUPPRESS', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec');
    const [o] = waitOffers(sim, fw);
    fw.act((d) => d.decline([o.id], 60_000));
    const n = fw.offers.length;
    fw.act((d) => d.revive(), 500);
    expect(fw.offers.length).to.equal(n + 1);
    fw.act((d) => {
      d.suppress();
      d.decline([fw.offers.at(-1)!.id], 0);
    }, 3000);
    expect(fw.offers.length).to.equal(n + 1);
  }, { seed: 4, ...opts });

  itSim('should launch only what fits and answer invalid tasks with TASK_ERROR (all of a LAUNCH_GROUP)', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec');
    const [o] = waitOffers(sim, fw);
    fw.act((d) =>
      d.accept([o.id], [
        { type: 'LAUNCH', tasks: [task('ok', o, 3), task('too-big', o, 2)] },
        { type: 'LAUNCH_GROUP', tasks: [task('g1', o, 0.5), task('g1', o, 0.5)] },
      ]),
    500);
    expect(lastState(fw, 'ok')).to.equal('TASK_RUNNING');
    expect(lastState(fw, 'too-big')).to.equal('TASK_ERROR');
    expect(fw.states('g1')).to.deep.equal(['TASK_ERROR', 'TASK_ERROR']);
    expect(cluster.leader()!.view.tasks.size).to.equal(1);
  }, { seed: 5, ...opts });

  itSim('should answer an ACCEPT of an offer that is gone with TASK_LOST, or TASK_DROPPED when partition-aware', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const plain = recordingFramework(sim, cluster, 'plain');
    const aware = recordingFramework(sim, cluster, 'aware', { partitionAware: true });
    sim.runFor(500);
    const fake: Offer = { id: 'O-nope', frameworkId: '', agentId: 'S-x', hostname: 'x', role: '*', resources: resources({ cpus: 1 }), attributes: {} };
    plain.act((d) => d.launch(fake, [task('a', fake)]));
    aware.act((d) => d.launch(fake, [task('b', fake)]));
    expect(plain.states('a')).to.deep.equal(['TASK_LOST']);
    expect(aware.states('b')).to.deep.equal(['TASK_DROPPED']);
  }, { seed: 6, ...opts });

  itSim('should kill a task (TASK_KILLED), answer a kill of an unknown task with TASK_LOST, and reconcile', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec');
    const [o] = waitOffers(sim, fw);
    fw.act((d) => d.launch(o, [task('t1', o), task('t2', o)]), 500);
    fw.act((d) => d.kill('t1'), 200);
    expect(lastState(fw, 't1')).to.equal('TASK_KILLED');
    fw.act((d) => d.kill('ghost'));
    expect(fw.states('ghost')).to.deep.equal(['TASK_LOST']);
    fw.act((d) => d.reconcile([{ taskId: 't2' }, { taskId: 'ghost2' }]));
    expect(fw.updates.filter((u) => u.reason === 'REASON_RECONCILIATION').map((u) => `${u.taskId}:${u.state}`)).to.include.members(['t2:TASK_RUNNING', 'ghost2:TASK_LOST']);
    const before = fw.updates.length;
    fw.act((d) => d.reconcile([]));
    expect(fw.updates.slice(before).map((u) => `${u.taskId}:${u.state}`)).to.deep.equal(['t2:TASK_RUNNING']);
  }, { seed: 7, ...opts });

  itSim('should retry a status update until the framework acknowledges it', (sim) => {
    const cluster = fastCluster(sim, { agents: 1 });
    const fw = recordingFramework(sim, cluster, 'rec');
    const [o] = waitOffers(sim, fw);
    fw.act((d) => d.launch(o, [task('t1', o, 1, 'sleep 1')]), 10);
    // the framework cannot hear the master for 3 s: the agent keeps resending TASK_FINISHED
    sim.partition([['fw-rec'], [...cluster.masterNodes, ...cluster.agentNodes, ...cluster.replicaNodes]]);
    sim.runFor(3000);
    sim.heal();
    sim.runFor(3000);
    const sent = sim.trace!.events().filter((e) => e.kind === 'send' && e.type === 'status-update').length;
    expect(sent, 'status-update sends').to.be.greaterThan(3);
    expect(lastState(fw, 't1')).to.equal('TASK_FINISHED');
    for (const a of cluster.agentViews.values()) expect(a.cp.updates.size).to.equal(0);
  }, { seed: 8, ...opts });

  itSim('should rescind offers left unanswered longer than offer_timeout', (sim) => {
    const cluster = fastCluster(sim, { agents: 1, config: { ...FAST_MESOS, offerTimeoutMs: 1000 } });
    const fw = recordingFramework(sim, cluster, 'rec');
    const [o] = waitOffers(sim, fw);
    sim.runFor(1500);
    expect(fw.rescinds).to.include(o.id);
    expect(sim.trace).to.have.milestone('offer-rescinded', { offerId: o.id });
  }, { seed: 9, ...opts });

  itSim('should mark an agent unreachable after missed pings and report its tasks TASK_LOST', (sim) => {
    const cluster = fastCluster(sim, { agents: 2 });
    const fw = recordingFramework(sim, cluster, 'rec');
    const offers = waitOffers(sim, fw, 2);
    const o = offers.find((x) => x.hostname === 'agent1')!;
    fw.act((d) => d.launch(o, [task('t1', o)]), 500);
    sim.crash('agent1');
    sim.runFor(1000 * 3 + 1500);
    expect(lastState(fw, 't1')).to.equal('TASK_LOST');
    expect(sim.trace).to.have.milestone('agent-unreachable', { agentId: o.agentId });
    expect(cluster.leader()!.view.agents.size).to.equal(1);
  }, { seed: 10, ...opts });
});
