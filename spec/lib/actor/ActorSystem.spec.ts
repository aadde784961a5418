import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, formatRef, type DeadLetter, type Ref } from '../../../lib/actor/index.js';
import { simSystem, settle } from '../../support/simSystem.js';
import { createActorSystem } from '../../../lib/actor/index.js';
import { Counter, getCount } from './fixtures.js';

describe('ActorSystem', () => {
  it('should deliver messages in send order and keep the state between them', async () => {
    const { system, run } = simSystem();
    const c = system.spawn(Counter, 'c');
    for (let i = 0; i < 5; i++) system.tell(c, { type: 'inc' });
    const reply = system.ask(c, getCount, 100)();
    run();
    expect(await reply).to.deep.equal(E.right(5));
  });

  it('should name refs by node, path and incarnation', () => {
    const { system } = simSystem();
    const parent = system.spawn(
      defineBehavior({ name: 'p', protocol: t.unknown, init: (ctx) => ctx.spawn(Counter, 'child'), receive: (s) => s }),
      'parent',
      { node: 'n1' },
    );
    expect(parent.node).to.equal('n1');
    expect(parent.path).to.equal('/parent');
    expect(formatRef(parent)).to.match(/^n1:\/parent#\d+$/);
    expect(JSON.parse(JSON.stringify(parent))).to.deep.equal({ node: 'n1', path: '/parent', incarnation: parent.incarnation });
  });

  it('should refuse a second live actor with the same name, and invalid names', () => {
    const { system } = simSystem();
    system.spawn(Counter, 'c');
    expect(() => system.spawn(Counter, 'c')).to.throw(/already exists/);
    for (const bad of ['', 'a/b', '$ask', 'sp ace']) expect(() => system.spawn(Counter, bad)).to.throw(/invalid actor name/);
  });

  it('should never let an old ref reach a new actor of the same name', async () => {
    const { system, run } = simSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters$.subscribe((d) => letters.push(d));
    const first = system.spawn(Counter, 'c');
    system.stop(first);
    const second = system.spawn(Counter, 'c');
    expect(second.incarnation).to.not.equal(first.incarnation);
    system.tell(first, { type: 'inc' });
    system.tell(second, { type: 'inc' });
    const reply = system.ask(second, getCount, 100)();
    run();
    expect(await reply).to.deep.equal(E.right(1));
    expect(letters.map((d) => [d.reason, d.to.incarnation])).to.deep.equal([['dead-letter', first.incarnation]]);
  });

  it('should give an actor spawned again at a path (after a node crash, or a stop) its own random numbers, the same for the same seed', () => {
    // The behaviour draws three numbers when it starts: what a restarted process draws for its id, its replid…
    const draws = (seed: number): number[][] => {
      const { system } = simSystem(seed);
      const seen: number[][] = [];
      const Drawer = defineBehavior({ name: 'drawer', protocol: t.unknown, init: (ctx) => void seen.push([0, 1, 2].map(() => ctx.random.int(0, 1_000_000))), receive: (s) => s });
      const node = system.node('n1', { boot: (n) => n.spawn(Drawer, 'app') });
      node.crash();
      node.restart();
      const other = system.spawn(Drawer, 'solo', { node: 'n2' });
      system.stop(other);
      system.spawn(Drawer, 'solo', { node: 'n2' });
      return seen;
    };
    const [first, afterCrash, solo, soloAgain] = draws(7);
    expect(afterCrash).to.not.deep.equal(first);
    expect(soloAgain).to.not.deep.equal(solo);
    expect(draws(7)).to.deep.equal([first, afterCrash, solo, soloAgain]);
    expect(draws(8)[0]).to.not.deep.equal(first);
  });

  it('should decode messages from outside the type system and dead-letter what fails, with the path report', async () => {
    const { system, run, trace } = simSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters$.subscribe((d) => letters.push(d));
    const c = system.spawn(Counter, 'c');
    expect(E.isRight(system.tellUnknown(c, { type: 'inc' }))).to.equal(true);
    const bad = system.tellUnknown(c, { type: 'inc', extra: 1 } as unknown);
    expect(E.isRight(bad)).to.equal(true); // io-ts t.type ignores extra fields, like JSON clients expect
    const invalid = system.tellUnknown(c, { type: 'get', replyTo: 'not-a-ref' });
    expect(E.isLeft(invalid)).to.equal(true);
    expect(letters).to.have.length(1);
    expect(letters[0].reason).to.equal('invalid');
    expect(letters[0].detail).to.contain('replyTo');
    const reply = system.ask(c, getCount, 100)();
    run();
    expect(await reply).to.deep.equal(E.right(2));
    const dead = trace.byKind('dead-letter');
    expect(dead).to.have.length(1);
    expect(dead[0].reason).to.equal('invalid');
    expect(system.deadLetters).to.equal(1);
  });

  it('should dead-letter messages sent to a stopped actor, including those still queued', () => {
    const { system, run } = simSystem();
    const letters: DeadLetter[] = [];
    system.deadLetters$.subscribe((d) => letters.push(d));
    const c = system.spawn(Counter, 'c');
    system.tell(c, { type: 'stop' });
    system.tell(c, { type: 'inc' }); // queued behind 'stop'
    run();
    system.tell(c, { type: 'inc' }); // after the stop
    expect(letters.map((d) => (d.message as { type: string }).type)).to.deep.equal(['inc', 'inc']);
  });

  it('should decode every message when decodeAll is on', () => {
    const { system } = simSystem(1, { decodeAll: true });
    const letters: DeadLetter[] = [];
    system.deadLetters$.subscribe((d) => letters.push(d));
    const c = system.spawn(Counter, 'c');
    system.tell(c, { type: 'nope' } as never);
    expect(letters.map((d) => d.reason)).to.deep.equal(['invalid']);
  });

  it('should run the same behaviour on the nact dispatcher with the same outcome', async () => {
    const system = createActorSystem();
    try {
      const c = system.spawn(Counter, 'c');
      for (let i = 0; i < 5; i++) system.tell(c, { type: 'inc' });
      system.tell(c, { type: 'boom' });
      system.tell(c, { type: 'inc' });
      const reply = await system.ask(c, getCount, 2000)();
      expect(reply).to.deep.equal(E.right(1));
    } finally {
      await system.shutdown();
    }
  });

  it('should keep running other actors when one keeps failing', async () => {
    const system = createActorSystem();
    try {
      const a = system.spawn(Counter, 'a');
      const b = system.spawn(Counter, 'b');
      for (let i = 0; i < 10; i++) {
        system.tell(a, { type: 'boom' });
        system.tell(b, { type: 'inc' });
      }
      await settle();
      expect(await system.ask(b, getCount, 2000)()).to.deep.equal(E.right(10));
      expect(system.isAlive(a)).to.equal(false); // budget (3 in 5 s) exhausted at the guardian: stopped
    } finally {
      await system.shutdown();
    }
  });

  it('should route a reply to an ask through the transport of its node', async () => {
    const { system, run } = simSystem();
    const c = system.spawn(Counter, 'c', { node: 'far' });
    const r = system.ask(c, (replyTo: Ref<number>) => ({ type: 'get' as const, replyTo }), 100)();
    run();
    expect(await r).to.deep.equal(E.right(0));
  });
});
