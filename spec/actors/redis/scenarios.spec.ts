import { expect } from 'chai';
import { parseSeeds, runScenario, runSeeds } from '../../../lib/sim/index.js';
import { redisChaosScenario, redisScenarios } from '../../../actors/redis/index.js';

describe('redis scenarios', () => {
  it('should name every scenario for the CLI', () => {
    expect(redisScenarios.map((s) => s.name)).to.deep.equal(['redis-failover', 'redis-minority-partition', 'redis-resharding', 'redis-rolling-restart', 'redis-chaos']);
  });

  for (const scenario of redisScenarios.filter((s) => s.name !== 'redis-chaos')) {
    it(`should pass ${scenario.name} (seed 1): ${scenario.description}`, () => {
      const r = runScenario(scenario, { seed: 1 });
      expect(r.problems, `seed 1 — replay: runScenario(${scenario.name}, { seed: 1 })`).to.deep.equal([]);
    });
  }

  it('should send only messages that decode with their receiver\u2019s codec (decodeAll)', () => {
    const r = runScenario(redisScenarios[0], { seed: 2, simulation: { decodeAll: true, trace: { memory: true } } });
    expect(r.problems).to.deep.equal([]);
    const invalid = r.sim.trace!.events().filter((e) => e.kind === 'dead-letter' && e.reason === 'invalid');
    expect(invalid.map((e) => `${e.type}: ${e.detail}`)).to.deep.equal([]);
  });

  it('should keep its invariants under crashes, partitions and loss on 100 seeds (redis-chaos)', function () {
    this.timeout(300_000);
    const report = runSeeds(redisChaosScenario, parseSeeds(process.env.REDIS_CHAOS_SEEDS ?? '1..100'));
    const failing = report.failures.map((f) => `seed ${f.seed}: ${f.problems[0]}`);
    expect(failing, `failing seeds (replay one with REDIS_CHAOS_SEEDS=N): ${report.failures.map((f) => f.seed).join(', ')}`).to.deep.equal([]);
    expect(report.total).to.be.at.least(process.env.REDIS_CHAOS_SEEDS === undefined ? 100 : 1);
  });
});
