import { expect } from 'chai';
import { runSeeds, type Scenario } from '../../../lib/sim/index.js';
import { range as seeds } from '../../../lib/testkit/index.js';
import {
  mesosAgentLossScenario,
  mesosChaosScenario,
  mesosDrfScenario,
  mesosFrameworkFailoverScenario,
  mesosMasterFailoverScenario,
  mesosOffersScenario,
  mesosScenarios,
} from '../../../actors/mesos/index.js';

/** Run a scenario over seeds; fail listing every failing seed with its first problems. */
const expectAllPass = <W>(scenario: Scenario<W>, list: number[]): void => {
  const report = runSeeds(scenario, list);
  const detail = report.failures.slice(0, 3).map((f) => `seed ${f.seed} (replay: runScenario(${scenario.name}, { seed: ${f.seed} })):\n  ${f.problems.join('\n  ').slice(0, 1500)}`);
  expect(report.failures.map((f) => f.seed), `failing seeds of ${scenario.name}\n${detail.join('\n')}`).to.deep.equal([]);
};

describe('mesos scenarios', () => {
  it('should export every scenario with a unique name', () => {
    expect(new Set(mesosScenarios.map((s) => s.name)).size).to.equal(mesosScenarios.length);
    expect(mesosScenarios.map((s) => s.name)).to.include.members(['mesos-offers', 'mesos-agent-loss', 'mesos-master-failover', 'mesos-framework-failover', 'mesos-drf', 'mesos-chaos']);
  });

  it('should share agents between a service and a batch job through offers (10 seeds)', () => expectAllPass(mesosOffersScenario, seeds(1, 10)));
  it('should replace the instance of a lost agent and kill the surplus when it returns (10 seeds)', () => expectAllPass(mesosAgentLossScenario, seeds(1, 10)));
  it('should lose no task across two master fail-overs (20 seeds)', () => expectAllPass(mesosMasterFailoverScenario, seeds(1, 20)));
  it('should remove a framework after its failover timeout and keep one that returns in time (10 seeds)', () => expectAllPass(mesosFrameworkFailoverScenario, seeds(1, 10)));
  it('should keep equal-weight roles within one task share under contention (10 seeds)', () => expectAllPass(mesosDrfScenario, seeds(1, 10)));
  it('should keep offered + used ≤ capacity through crashes, partitions and leader crashes, and converge after (chaos, 100 seeds)', () =>
    expectAllPass(mesosChaosScenario, seeds(1, 100)));

  it('should catch an over-offer: the capacity invariant fails when an agent is given more than it has', () => {
    // The check itself can fail: run the offers scenario with agents that lie about their size to the master.
    const lying = { ...mesosOffersScenario, name: 'mesos-offers-lying' };
    const report = runSeeds(
      {
        ...lying,
        setup: (sim) => {
          const world = mesosOffersScenario.setup(sim);
          sim.clock.schedule(() => {
            for (const a of world.agentViews.values()) (a as { resources: unknown }).resources = { ...a.resources, cpus: 1 };
          }, 5000);
          return world;
        },
      },
      [1],
    );
    expect(report.failures).to.have.length(1);
    expect(report.failures[0].problems.join('\n')).to.match(/offered \+ used ≤ capacity/);
  });
});
