import * as chai from 'chai';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as t from 'io-ts';
import { defineBehavior, refCodec } from '../../../lib/actor/index.js';
import { createSimulation } from '../../../lib/sim/index.js';
import { createProbe, forSeeds, range, ProbeExpectationError, troupeChai, withSeed } from '../../../lib/testkit/index.js';

chai.use(troupeChai);

const Echo = defineBehavior({
  name: 'echo',
  protocol: t.type({ text: t.string, delayMs: t.number, replyTo: refCodec<string>() }),
  init: () => undefined,
  receive: (s, m, ctx) => {
    ctx.clock.schedule(() => ctx.tell(m.replyTo, m.text), m.delayMs);
    return s;
  },
});

describe('test kit', () => {
  describe('probe', () => {
    it('should return the message that arrives within the time', () => {
      const sim = createSimulation({ seed: 1 });
      const echo = sim.spawn(Echo, 'echo');
      const probe = createProbe<string>(sim, 'probe');
      sim.tell(echo, { text: 'hi', delayMs: 50, replyTo: probe.ref });
      expect(probe.expectMessage(100)).to.equal('hi');
      expect(sim.now()).to.equal(50);
    });

    it('should fail with the seed and time when nothing arrives in time', () => {
      const sim = createSimulation({ seed: 5 });
      const echo = sim.spawn(Echo, 'echo');
      const probe = createProbe<string>(sim, 'probe');
      sim.tell(echo, { text: 'late', delayMs: 500, replyTo: probe.ref });
      expect(() => probe.expectMessage(100)).to.throw(ProbeExpectationError, /no message within 100 ms.*t=100ms, seed 5/);
      expect(probe.expectMessage(1000)).to.equal('late');
    });

    it('should pick a matching message and leave the others queued', () => {
      const sim = createSimulation({ seed: 1 });
      const echo = sim.spawn(Echo, 'echo');
      const probe = createProbe<string>(sim, 'probe');
      for (const [text, delayMs] of [['a', 10], ['b', 20], ['c', 30]] as const) sim.tell(echo, { text, delayMs, replyTo: probe.ref });
      expect(probe.expectMessage(100, (m) => m === 'b')).to.equal('b');
      expect(probe.queue).to.deep.equal(['a']);
      expect(probe.expectMessages(2, 100)).to.deep.equal(['a', 'c']);
    });

    it('should fail expectNoMessage when something arrives', () => {
      const sim = createSimulation({ seed: 1 });
      const echo = sim.spawn(Echo, 'echo');
      const probe = createProbe<string>(sim, 'probe');
      sim.tell(echo, { text: 'x', delayMs: 10, replyTo: probe.ref });
      expect(() => probe.expectNoMessage(100)).to.throw(/expected no message for 100 ms, got "x"/);
    });
  });

  describe('trace assertions', () => {
    const run = () => {
      const sim = createSimulation({ seed: 1, trace: { memory: true } });
      const echo = sim.spawn(Echo, 'echo', { node: 'a' });
      const probe = createProbe<string>(sim, 'probe', { node: 'b' });
      sim.tell(echo, { text: 'first', delayMs: 5, replyTo: probe.ref });
      sim.tell(echo, { text: 'second', delayMs: 50, replyTo: probe.ref });
      sim.runFor(20);
      sim.partition([['a'], ['b']]);
      sim.runFor(100);
      return sim;
    };

    it('should assert deliveries, sends and drops, and fail when absent', () => {
      const sim = run();
      expect(sim.trace).to.have.delivered({ type: 'string', actor: '/probe', from: '/echo' });
      expect(sim.trace).to.have.sent({ actor: '/echo', to: '/probe' });
      expect(sim.trace).to.have.dropped({ reason: 'partition' });
      expect(sim.trace).not.to.have.dropped({ reason: 'loss' });
      expect(() => expect(sim.trace).to.have.delivered({ actor: '/nobody' })).to.throw(/expected the trace to have delivered/);
    });

    it('should assert order of deliveries', () => {
      const sim = createSimulation({ seed: 1, trace: { memory: true } });
      const echo = sim.spawn(Echo, 'echo');
      const probe = createProbe<string>(sim, 'probe');
      sim.tell(echo, { text: 'late', delayMs: 50, replyTo: probe.ref });
      sim.tell(echo, { text: 'early', delayMs: 5, replyTo: probe.ref });
      sim.run();
      const events = sim.trace!.events();
      const deliveredTexts = events.filter((e) => e.kind === 'deliver' && e.actor === '/probe').map((e) => e.msg);
      expect(deliveredTexts).to.have.length(2);
      expect(sim.trace).to.have.deliveredBefore({ actor: '/echo' }, { actor: '/probe' });
      expect(() => expect(sim.trace).to.have.deliveredBefore({ actor: '/probe' }, { actor: '/echo' })).to.throw(/to be delivered before/);
    });

    it('should assert milestones with their data', () => {
      const sim = createSimulation({ seed: 1, trace: { memory: true } });
      sim.spawn(defineBehavior({ name: 'm', protocol: t.unknown, init: (ctx) => ctx.milestone('ready', { port: 1 }), receive: (s) => s }), 'm');
      expect(sim.trace).to.have.milestone('ready', { port: 1 });
      expect(sim.trace).not.to.have.milestone('ready', { port: 2 });
    });
  });

  describe('seeds', () => {
    it('should add the seed and the replay command to a failing test error', () => {
      const err = withSeed(new Error('boom'), 17, 'my test') as Error;
      expect(err.message).to.contain('simulation seed 17').and.to.contain('TROUPE_SEED=17');
    });

    forSeeds(range(1, 20), 'should run a body once per seed', (sim, seed) => {
      expect(sim.seed).to.equal(seed);
    });
  });

  it('the testing guide should quote its example spec verbatim', () => {
    const guide = readFileSync(new URL('../../../docs/testing.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../../examples/testingGuide.spec.ts', import.meta.url), 'utf8');
    expect(guide).to.contain(example.trim());
  });
});
