import { expect } from 'chai';
import { runSeeds } from '../../../lib/sim/index.js';
import { range, seedFromEnv } from '../../../lib/testkit/index.js';
import { CHAOS_STRATEGIES, gossipChaos, gossipChaosScenario } from '../../../actors/gossip/index.js';

const seeds = (): number[] => {
  const only = seedFromEnv();
  return only === undefined ? range(1, 100) : [only];
};

const report = (failures: ReadonlyArray<{ seed: number; problems: string[] }>): string =>
  failures.length === 0
    ? ''
    : `${failures.length} seeds failed: ${failures.map((f) => f.seed).join(', ')} (replay: TROUPE_SEED=N)\n` +
      failures
        .slice(0, 3)
        .map((f) => `--- seed ${f.seed}\n${f.problems.slice(0, 3).join('\n')}`)
        .join('\n');

describe('gossip chaos', () => {
  it('should converge every node to the newest version of every key after crashes, partitions and loss heal (100 seeds, all four strategies)', () => {
    const r = runSeeds(gossipChaosScenario, seeds());
    expect(r.failures, report(r.failures)).to.deep.equal([]);
    expect(r.total).to.equal(seeds().length);
    expect(CHAOS_STRATEGIES).to.have.length(4);
  });

  it('should catch divergence: without anti-entropy the same faults leave nodes disagreeing for many seeds', () => {
    const r = runSeeds(gossipChaos({ antiEntropyMs: 0, name: 'gossip-chaos-no-anti-entropy' }), range(1, 40));
    expect(r.failures.length).to.be.greaterThan(5);
    expect(r.failures[0].problems.join('\n')).to.match(/holds .*; expected/);
  });
});
