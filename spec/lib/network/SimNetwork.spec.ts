import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior, pathRef, type Ref } from '../../../lib/actor/index.js';
import { createSimulation, type Simulation } from '../../../lib/sim/index.js';
import type { LinkOptions } from '../../../lib/network/index.js';

type Arrival = { n: number; at: number };

/** A sink on node `b` recording (payload, arrival time); returns its arrivals. */
const setup = (link: LinkOptions, seed = 1): { sim: Simulation; sink: Ref<number>; arrivals: Arrival[]; from: Ref<number> } => {
  const sim = createSimulation({ seed, network: { link }, trace: { memory: true } });
  const arrivals: Arrival[] = [];
  const sink = sim.spawn(
    defineBehavior({
      name: 'sink',
      protocol: t.number,
      init: () => undefined,
      receive: (s, n, ctx) => {
        arrivals.push({ n, at: ctx.now() });
        return s;
      },
    }),
    'sink',
    { node: 'b' },
  );
  // A relay on node a forwards what outside code tells it to the sink, so messages cross a → b.
  const from = sim.spawn(
    defineBehavior({ name: 'relay', protocol: t.number, init: () => undefined, receive: (s, n, ctx) => (ctx.tell(sink, n), s) }),
    'relay',
    { node: 'a' },
  );
  return { sim, sink, arrivals, from };
};

describe('SimNetwork', () => {
  it('should delay each message by its link latency', () => {
    const { sim, from, arrivals } = setup({ latency: { kind: 'constant', ms: 7 } });
    sim.tell(from, 1);
    sim.run();
    expect(arrivals).to.deep.equal([{ n: 1, at: 7 }]);
  });

  it('should draw latencies within a uniform distribution', () => {
    const { sim, from, arrivals } = setup({ latency: { kind: 'uniform', minMs: 10, maxMs: 20 } });
    for (let i = 0; i < 500; i++) sim.tell(from, i);
    sim.run();
    const lat = arrivals.map((a) => a.at);
    expect(Math.min(...lat)).to.be.at.least(10);
    expect(Math.max(...lat)).to.be.below(20);
    expect(Math.max(...lat) - Math.min(...lat)).to.be.above(8);
  });

  it('should reorder messages by latency jitter unless the link is FIFO', () => {
    const jittery = setup({ latency: { kind: 'uniform', minMs: 1, maxMs: 50 } });
    const fifo = setup({ latency: { kind: 'uniform', minMs: 1, maxMs: 50 }, fifo: true });
    for (const s of [jittery, fifo]) {
      for (let i = 0; i < 100; i++) s.sim.tell(s.from, i);
      s.sim.run();
    }
    const inOrder = (xs: Arrival[]): boolean => xs.every((a, i) => i === 0 || xs[i - 1].n < a.n);
    expect(inOrder(jittery.arrivals)).to.equal(false);
    expect(inOrder(fifo.arrivals)).to.equal(true);
    expect(fifo.arrivals).to.have.length(100);
  });

  it('should lose about the configured fraction, traced as loss drops', () => {
    const { sim, from, arrivals } = setup({ loss: 0.2 });
    for (let i = 0; i < 5000; i++) sim.tell(from, i);
    sim.run();
    expect(arrivals.length).to.be.within(3800, 4200);
    expect(sim.trace!.filter({ kind: 'drop' }).every((e) => e.reason === 'loss')).to.equal(true);
    expect(sim.network.stats.lost).to.equal(5000 - arrivals.length);
  });

  it('should duplicate about the configured fraction, with the same message id', () => {
    const { sim, from, arrivals } = setup({ duplicate: 0.1 });
    for (let i = 0; i < 2000; i++) sim.tell(from, i);
    sim.run();
    expect(arrivals.length - 2000).to.equal(sim.network.stats.duplicated);
    expect(sim.network.stats.duplicated).to.be.within(150, 250);
    const ids = sim.trace!.filter({ kind: 'deliver', actor: '/sink' }).map((e) => e.msg);
    expect(new Set(ids).size).to.equal(2000);
  });

  it('should drop messages across a symmetric partition, in both directions, until healed', () => {
    const sim = createSimulation({ seed: 2, trace: { memory: true } });
    const got: string[] = [];
    const Echo = defineBehavior({
      name: 'echo',
      protocol: t.string,
      init: () => undefined,
      receive: (s, m, ctx) => {
        got.push(`${ctx.node} got ${m}`);
        return s;
      },
    });
    const Talker = defineBehavior({
      name: 'talker',
      protocol: t.type({ to: t.string, text: t.string }),
      init: () => undefined,
      receive: (s, m, ctx) => (ctx.tell(pathRef<string>(m.to, '/echo'), m.text), s),
    });
    for (const n of ['a', 'b', 'c']) {
      sim.spawn(Echo, 'echo', { node: n });
      sim.spawn(Talker, 'talker', { node: n });
    }
    const talk = (from: string, to: string, text: string): void => sim.tell(pathRef(from, '/talker'), { to, text });
    sim.partition([['a'], ['b', 'c']]);
    talk('a', 'b', 'a→b cut');
    talk('b', 'a', 'b→a cut');
    talk('b', 'c', 'b→c same side');
    sim.run();
    sim.heal();
    talk('a', 'b', 'a→b healed');
    sim.run();
    expect(got).to.deep.equal(['c got b→c same side', 'b got a→b healed']);
    expect(sim.trace!.filter({ kind: 'drop' }).map((e) => e.reason)).to.deep.equal(['partition', 'partition']);
    expect(sim.trace!.filter({ kind: 'fault' }).map((e) => e.type)).to.deep.equal(['partition', 'heal']);
  });

  it('should cut only one direction with a one-way partition', () => {
    const { sim, from, arrivals } = setup({});
    sim.network.partitionOneWay(['b'], ['a']);
    sim.tell(from, 1);
    sim.run();
    expect(arrivals.map((a) => a.n)).to.deep.equal([1]);
    sim.network.partitionOneWay(['a'], ['b']);
    sim.tell(from, 2);
    sim.run();
    expect(arrivals.map((a) => a.n)).to.deep.equal([1]);
  });

  it('should lose messages in flight when a partition cuts their link before they land', () => {
    const { sim, from, arrivals } = setup({ latency: { kind: 'constant', ms: 100 } });
    sim.tell(from, 1);
    sim.runFor(50);
    sim.partition([['a'], ['b']]);
    sim.runFor(100);
    expect(arrivals).to.deep.equal([]);
    expect(sim.network.stats.partitioned).to.equal(1);
  });

  it("should lose messages in flight from a node that crashed before they land", () => {
    const { sim, from, arrivals } = setup({ latency: { kind: 'constant', ms: 100 } });
    sim.tell(from, 1);
    sim.runFor(50);
    sim.crash('a');
    sim.restart('a');
    sim.runFor(100);
    expect(arrivals).to.deep.equal([]);
    expect(sim.trace!.filter({ kind: 'drop' }).map((e) => e.reason)).to.deep.equal(['node-down']);
  });

  it('should let same-node messages skip the network (no latency) but still trace them', () => {
    const sim = createSimulation({ seed: 1, network: { link: { latency: { kind: 'constant', ms: 1000 } } }, trace: { memory: true } });
    const arrivals: number[] = [];
    const sink = sim.spawn(defineBehavior({ name: 's', protocol: t.number, init: () => 0, receive: (s, _n, ctx) => (arrivals.push(ctx.now()), s) }), 'sink', { node: 'a' });
    const relay = sim.spawn(defineBehavior({ name: 'r', protocol: t.number, init: () => 0, receive: (s, n, ctx) => (ctx.tell(sink, n), s) }), 'relay', { node: 'a' });
    sim.tell(relay, 1);
    sim.run();
    expect(arrivals).to.deep.equal([0]);
    expect(sim.trace!.filter({ kind: 'send', actor: '/relay' })).to.have.length(1);
    expect(sim.network.stats.sent).to.equal(0);
  });

  it('should refuse invalid link settings with a clear error', () => {
    expect(() => createSimulation({ seed: 1, network: { link: { loss: 1.5 } } })).to.throw(/loss must be a probability/);
    expect(() => createSimulation({ seed: 1, network: { link: { latency: { kind: 'uniform', minMs: 5, maxMs: 1 } } } })).to.throw(/minMs ≤ maxMs/);
  });
});
