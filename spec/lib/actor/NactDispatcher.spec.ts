import { expect } from 'chai';
import * as t from 'io-ts';
import { createActorSystem, createNactDispatcher, defineBehavior, DRAINING_ENVELOPES_PER_TURN, NACT_DISPATCHER_DEFAULTS, type ActorSystem } from '../../../lib/actor/index.js';

/** Event-loop iterations counted by a chain of setImmediate callbacks (no wall clock). */
const iterationCounter = (): { readonly now: () => number; stop(): void } => {
  let n = 0;
  let on = true;
  const tick = (): void => {
    n++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => n, stop: () => void (on = false) };
};

interface Seen {
  readonly actor: string;
  readonly value: number;
  readonly iteration: number;
}

/** Records every number it gets (and the event-loop iteration it got it in); resolves `done` at `expected` records overall. */
const recorder = (name: string, log: Seen[], iteration: () => number, expected: number, done: () => void, asyncEvery = 0) =>
  defineBehavior({
    name: `recorder-${name}`,
    protocol: t.number,
    init: () => 0,
    receive: (count, value) => {
      log.push({ actor: name, value, iteration: iteration() });
      if (log.length === expected) done();
      // Every asyncEvery-th message is handled asynchronously: the next one must wait for it.
      if (asyncEvery > 0 && value % asyncEvery === 0) return Promise.resolve().then(() => count + 1);
      return count + 1;
    },
  });

const run = async (envelopesPerTurn: number, body: (system: ActorSystem) => Promise<void>): Promise<void> => {
  const system = createActorSystem({ dispatcher: createNactDispatcher({ envelopesPerTurn }) });
  try {
    await body(system);
  } finally {
    await system.shutdown();
  }
};

describe('NactDispatcher', () => {
  it('should hand nact one envelope per turn by default (the simulation\'s interleaving of actors)', () => {
    const d = createNactDispatcher();
    expect(d.envelopesPerTurn).to.equal(NACT_DISPATCHER_DEFAULTS.envelopesPerTurn);
    expect(d.envelopesPerTurn).to.equal(1);
    d.shutdown();
  });

  it('should refuse an envelopesPerTurn below 1', () => {
    expect(() => createNactDispatcher({ envelopesPerTurn: 0 })).to.throw(RangeError, /envelopesPerTurn/);
    expect(() => createNactDispatcher({ envelopesPerTurn: 2.5 })).to.throw(RangeError, /envelopesPerTurn/);
  });

  for (const perTurn of [1, 3, DRAINING_ENVELOPES_PER_TURN]) {
    it(`should deliver envelopes in post order, one at a time, awaiting async receives (envelopesPerTurn ${perTurn})`, async () => {
      await run(perTurn, async (system) => {
        const log: Seen[] = [];
        const clock = iterationCounter();
        let inFlight = 0;
        let overlap = false;
        const finished = new Promise<void>((resolve) => {
          const a = system.spawn(
            defineBehavior({
              name: 'slow',
              protocol: t.number,
              init: () => 0,
              receive: async (n, value) => {
                if (inFlight++ > 0) overlap = true;
                await Promise.resolve();
                await new Promise((r) => setImmediate(r));
                inFlight--;
                log.push({ actor: 'a', value, iteration: clock.now() });
                if (log.length === 20) resolve();
                return n + 1;
              },
            }),
            'a',
          );
          for (let i = 0; i < 20; i++) system.tell(a, i);
        });
        await finished;
        clock.stop();
        expect(overlap, 'two receives ran at once').to.equal(false);
        expect(log.map((s) => s.value)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
      });
    });
  }

  it('should hand an actor every envelope waiting in its mailbox in one turn', async () => {
    await run(DRAINING_ENVELOPES_PER_TURN, async (system) => {
      const log: Seen[] = [];
      const clock = iterationCounter();
      await new Promise<void>((resolve) => {
        const a = system.spawn(recorder('a', log, clock.now, 200, resolve, 7), 'a');
        for (let i = 0; i < 200; i++) system.tell(a, i);
      });
      clock.stop();
      expect(log.map((s) => s.value)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i));
      expect(new Set(log.map((s) => s.iteration)).size, 'event-loop iterations used').to.equal(1);
    });
  });

  it('should hand nact one envelope per turn with envelopesPerTurn 1 (one per event-loop iteration)', async () => {
    await run(1, async (system) => {
      const log: Seen[] = [];
      const clock = iterationCounter();
      await new Promise<void>((resolve) => {
        const a = system.spawn(recorder('a', log, clock.now, 50, resolve), 'a');
        for (let i = 0; i < 50; i++) system.tell(a, i);
      });
      clock.stop();
      expect(log.map((s) => s.value)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
      expect(new Set(log.map((s) => s.iteration)).size, 'event-loop iterations used').to.equal(50);
    });
  });

  it('should yield after envelopesPerTurn envelopes, so other actors run in between', async () => {
    await run(10, async (system) => {
      const log: Seen[] = [];
      const clock = iterationCounter();
      await new Promise<void>((resolve) => {
        const a = system.spawn(recorder('a', log, clock.now, 60, resolve), 'a');
        const b = system.spawn(recorder('b', log, clock.now, 60, resolve), 'b');
        for (let i = 0; i < 30; i++) system.tell(a, i);
        for (let i = 0; i < 30; i++) system.tell(b, i);
      });
      clock.stop();
      const order = log.map((s) => `${s.actor}${s.value}`);
      expect(order.slice(0, 20)).to.deep.equal([...Array.from({ length: 10 }, (_, i) => `a${i}`), ...Array.from({ length: 10 }, (_, i) => `b${i}`)]);
      expect(order.filter((x) => x.startsWith('a'))).to.deep.equal(Array.from({ length: 30 }, (_, i) => `a${i}`));
      expect(order.filter((x) => x.startsWith('b'))).to.deep.equal(Array.from({ length: 30 }, (_, i) => `b${i}`));
    });
  });

  it('should run, in the same turn, what an actor sends itself while draining', async () => {
    await run(DRAINING_ENVELOPES_PER_TURN, async (system) => {
      const clock = iterationCounter();
      const iterations: number[] = [];
      await new Promise<void>((resolve) => {
        const looper = system.spawn(
          defineBehavior({
            name: 'looper',
            protocol: t.number,
            init: () => undefined,
            receive: (s, n, ctx) => {
              iterations.push(clock.now());
              if (n < 99) ctx.tell(ctx.self, n + 1);
              else resolve();
              return s;
            },
          }),
          'looper',
        );
        system.tell(looper, 0);
      });
      clock.stop();
      expect(iterations).to.have.length(100);
      expect(new Set(iterations).size).to.equal(1);
    });
  });

  it('should drop what is posted to a stopped actor (a dead letter), not deliver it', async () => {
    await run(DRAINING_ENVELOPES_PER_TURN, async (system) => {
      const log: Seen[] = [];
      const clock = iterationCounter();
      await new Promise<void>((resolve) => {
        const a = system.spawn(recorder('a', log, clock.now, 3, resolve), 'a');
        for (let i = 0; i < 3; i++) system.tell(a, i);
        setImmediate(() => {
          system.stop(a);
          system.tell(a, 99);
        });
      });
      await new Promise((r) => setImmediate(r));
      clock.stop();
      expect(log.map((s) => s.value)).to.deep.equal([0, 1, 2]);
      expect(system.deadLetters).to.equal(1);
    });
  });
});
