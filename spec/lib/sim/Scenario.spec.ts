import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior } from '../../../lib/actor/index.js';
import { defineScenario, parseSeeds, runScenario, runSeeds } from '../../../lib/sim/index.js';

/** A scenario whose invariant fails exactly for seeds whose random draw is below 0.3. */
const flaky = defineScenario({
  name: 'flaky',
  description: 'fails for some seeds',
  durationMs: 1000,
  setup: (sim) => ({ bad: sim.random.next() < 0.3 }),
  invariants: (sim, world) => [{ name: 'not bad', check: () => !world.bad || sim.now() < 500 || 'bad seed' }],
  check: () => [],
});

describe('scenarios', () => {
  it('should parse seed ranges and single seeds, and refuse nonsense', () => {
    expect(parseSeeds('3..6')).to.deep.equal([3, 4, 5, 6]);
    expect(parseSeeds('9')).to.deep.equal([9]);
    expect(() => parseSeeds('6..3')).to.throw(/empty seed range/);
    expect(() => parseSeeds('x')).to.throw(/seeds must look like/);
  });

  it('should report exactly the failing seeds of a many-seed run', () => {
    const report = runSeeds(flaky, parseSeeds('1..50'));
    const expected = parseSeeds('1..50').filter((seed) => !runScenario(flaky, { seed }).ok);
    expect(report.total).to.equal(50);
    expect(report.failures.map((f) => f.seed)).to.deep.equal(expected);
    expect(expected.length).to.be.within(5, 25);
    expect(report.failures[0].problems[0]).to.contain("invariant 'not bad' violated").and.to.contain(`seed ${expected[0]}`);
  });

  it('should run final checks and report their problems', () => {
    const scenario = defineScenario({
      name: 'checked',
      description: 'final check fails',
      durationMs: 100,
      setup: (sim) => sim.spawn(defineBehavior({ name: 'x', protocol: t.unknown, init: () => 0, receive: (s) => s }), 'x'),
      check: (sim) => (sim.now() === 100 ? ['ran exactly 100 ms, and this check says so'] : []),
    });
    const r = runScenario(scenario, { seed: 1 });
    expect(r.ok).to.equal(false);
    expect(r.problems).to.deep.equal(['ran exactly 100 ms, and this check says so']);
  });

  it('should stop early when onResult returns false', () => {
    const report = runSeeds(flaky, parseSeeds('1..50'), { onResult: (r) => r.ok });
    expect(report.total).to.be.lessThan(50);
    expect(report.failures).to.have.length(1);
  });
});
