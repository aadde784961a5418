import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior, pathRef, type Ref } from '../../../lib/actor/index.js';
import { createSimulation, generateNemesis, InvariantViolation, registerFault } from '../../../lib/sim/index.js';
import { createRandom } from '../../../lib/random/index.js';

/** Counts ticks of a periodic timer; stops after `limit`. */
const ticker = (periodMs: number, limit: number) =>
  defineBehavior({
    name: 'ticker',
    protocol: t.literal('tick'),
    init: (ctx) => {
      ctx.timers.startPeriodicTimer('t', 'tick', periodMs);
      return 0;
    },
    receive: (n, _m, ctx) => {
      if (n + 1 >= limit) ctx.timers.cancel('t');
      ctx.milestone('tick', { n: n + 1 });
      return n + 1;
    },
  });

describe('Simulation', () => {
  it('should run to quiescence and jump time straight to each timer', () => {
    const sim = createSimulation({ seed: 1, trace: { memory: true } });
    sim.spawn(ticker(250, 4), 'ticker');
    const steps = sim.run();
    expect(sim.trace!.filter({ kind: 'milestone' }).map((e) => e.t)).to.deep.equal([250, 500, 750, 1000]);
    expect(sim.now()).to.equal(1000);
    expect(steps).to.equal(4); // 4 timer fires, each delivering its message to the idle mailbox in the same event
  });

  it('should run exactly a span of virtual time with runFor', () => {
    const sim = createSimulation({ seed: 1, trace: { memory: true } });
    sim.spawn(ticker(100, 1000), 'ticker');
    sim.runFor(1050);
    expect(sim.now()).to.equal(1050);
    expect(sim.trace!.filter({ kind: 'milestone' })).to.have.length(10);
  });

  it('should stop runUntil as soon as the predicate holds, or give up at the limit', () => {
    const sim = createSimulation({ seed: 1, trace: { memory: true } });
    sim.spawn(ticker(100, 1000), 'ticker');
    expect(sim.runUntil(() => sim.trace!.filter({ kind: 'milestone' }).length === 3, 10_000)).to.equal(true);
    expect(sim.now()).to.equal(300);
    expect(sim.runUntil(() => false, 500)).to.equal(false);
    expect(sim.now()).to.equal(800);
  });

  it('should run one event per step, handling everything due now before moving time', () => {
    const sim = createSimulation({ seed: 1, trace: false });
    const seen: number[] = [];
    const A = defineBehavior({ name: 'a', protocol: t.number, init: () => 0, receive: (s, n, ctx) => (seen.push(ctx.now()), s) });
    const a = sim.spawn(A, 'a');
    sim.tell(a, 1);
    sim.tell(a, 2);
    sim.clock.schedule(() => sim.tell(a, 3), 10);
    expect(sim.step()).to.equal(true);
    expect(seen).to.deep.equal([0]);
    expect(sim.step()).to.equal(true);
    expect(sim.step()).to.equal(true); // the timer at 10, delivering to the idle mailbox in the same event
    expect(sim.now()).to.equal(10);
    expect(sim.step()).to.equal(false);
    expect(seen).to.deep.equal([0, 0, 10]);
  });

  it('should stop at the first invariant violation and report the seed, time and last events', () => {
    const sim = createSimulation({ seed: 99 });
    let ticks = 0;
    sim.spawn(
      defineBehavior({ name: 'c', protocol: t.literal('tick'), init: (ctx) => (ctx.timers.startPeriodicTimer('t', 'tick', 100), 0), receive: (n) => (ticks++, n + 1) }),
      'c',
    );
    sim.invariant('fewer than 5 ticks', () => ticks < 5 || `ticks = ${ticks}`);
    let error: unknown;
    try {
      sim.runFor(10_000);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(InvariantViolation);
    const v = error as InvariantViolation;
    expect([v.invariant, v.detail, v.seed, v.atMs]).to.deep.equal(['fewer than 5 ticks', 'ticks = 5', 99, 500]);
    expect(v.message).to.contain('seed 99').and.to.contain('"kind":"timer"');
    expect(v.recent.length).to.be.greaterThan(0);
    expect(() => sim.runFor(10)).to.throw(InvariantViolation);
  });

  it('should check periodic invariants on their schedule', () => {
    const sim = createSimulation({ seed: 1 });
    const checkedAt: number[] = [];
    sim.invariant('sampled', () => (checkedAt.push(sim.now()), true), { everyMs: 1000 });
    sim.runFor(3500);
    expect(checkedAt).to.deep.equal([1000, 2000, 3000]);
  });

  it('should apply a nemesis schedule at its times, each fault traced', () => {
    const sim = createSimulation({ seed: 1, trace: { memory: true } });
    for (const n of ['n1', 'n2', 'n3']) sim.node(n, { boot: (node) => node.spawn(ticker(1000, 1000), 'ticker') });
    sim.nemesis([
      { atMs: 100, fault: { type: 'crash', node: 'n1' } },
      { atMs: 200, fault: { type: 'partition', groups: [['n2'], ['n3']] } },
      { atMs: 300, fault: { type: 'loss', probability: 0.5 } },
      { atMs: 400, fault: { type: 'skew', node: 'n3', offsetMs: 250 } },
      { atMs: 500, fault: { type: 'kill', node: 'n2', path: '/ticker' } },
      { atMs: 600, fault: { type: 'heal' } },
      { atMs: 700, fault: { type: 'restart', node: 'n1' } },
    ]);
    sim.runFor(1000);
    const faults = sim.trace!.filter({ kind: 'fault' }).map((e) => `${e.t} ${e.type}`);
    expect(faults).to.deep.equal(['100 node-crash', '200 partition', '300 loss-burst', '400 clock-skew', '500 kill-actor', '600 heal', '700 node-restart']);
    expect(sim.trace!.filter({ kind: 'restart', actor: '/ticker', node: 'n2' })).to.have.length(1);
    expect(sim.system.node('n3').clock.now() - sim.now()).to.equal(250);
  });

  it('should accept user-registered fault types', () => {
    const sim = createSimulation({ seed: 1, trace: { memory: true } });
    registerFault('slow-links', (s, f) => s.network.setDefaultLink({ latency: { kind: 'constant', ms: Number(f.ms) } }));
    sim.at(10, { type: 'slow-links', ms: 500 });
    sim.runFor(20);
    expect(() => sim.inject({ type: 'no-such-fault' })).to.throw(/unknown fault type 'no-such-fault'/);
  });

  it('should generate the same nemesis from the same seed, within its limits', () => {
    const options = { nodes: ['a', 'b', 'c', 'd', 'e'], durationMs: 600_000, crashesPerMin: 3, partitionsPerMin: 2, lossBurstsPerMin: 1, maxDown: 2 };
    const one = generateNemesis(createRandom(5), options);
    expect(generateNemesis(createRandom(5), options)).to.deep.equal(one);
    expect(generateNemesis(createRandom(6), options)).to.not.deep.equal(one);
    expect(one.filter((s) => s.fault.type === 'crash').length).to.be.within(15, 45);
    // never more than maxDown nodes down at once
    const down = new Set<string>();
    for (const s of one) {
      if (s.fault.type === 'crash') down.add(String(s.fault.node));
      if (s.fault.type === 'restart') down.delete(String(s.fault.node));
      expect(down.size).to.be.at.most(2);
    }
  });

  it('should give a skewed node a skewed clock for timers and now()', () => {
    const sim = createSimulation({ seed: 1, trace: { memory: true } });
    sim.node('fast').setClockSkew({ drift: 1 }); // runs twice as fast
    sim.spawn(ticker(100, 3), 'ticker', { node: 'fast' });
    sim.run();
    expect(sim.trace!.filter({ kind: 'milestone' }).map((e) => e.t)).to.deep.equal([50, 100, 150]);
  });

  it('should keep a restarted node’s disk and reach its new actors through path refs', () => {
    const sim = createSimulation({ seed: 1, trace: { memory: true } });
    const Store = defineBehavior({
      name: 'store',
      protocol: t.number,
      init: () => undefined,
      receive: (s, n, ctx) => (ctx.disk.set('last', n), s),
    });
    sim.node('n1', { boot: (node) => node.spawn(Store, 'store') });
    const store: Ref<number> = pathRef('n1', '/store');
    sim.tell(store, 41);
    sim.run();
    sim.crash('n1');
    sim.restart('n1');
    sim.tell(store, 42);
    sim.run();
    expect(sim.system.node('n1').disk.get('last')).to.equal(42);
    expect(sim.system.deadLetters).to.equal(0);
  });
});
