import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, refCodec, type AskError, type Ref } from '../../../lib/actor/index.js';
import { simSystem } from '../../support/simSystem.js';
import { Counter, getCount } from './fixtures.js';

/** Replies after `delayMs` of virtual time, or never when `silent`. */
const Slow = defineBehavior({
  name: 'slow',
  protocol: t.type({ type: t.literal('ping'), delayMs: t.number, replyTo: refCodec<string>() }),
  init: () => undefined,
  receive: (s, msg, ctx) => {
    ctx.clock.schedule(() => ctx.tell(msg.replyTo, `pong after ${msg.delayMs}`), msg.delayMs);
    return s;
  },
});

describe('ask', () => {
  it('should resolve with the reply', async () => {
    const { system, run } = simSystem();
    const c = system.spawn(Counter, 'c');
    system.tell(c, { type: 'inc' });
    const r = system.ask(c, getCount, 50)();
    run();
    expect(await r).to.deep.equal(E.right(1));
  });

  it('should time out on the troupe clock, exactly at the timeout', async () => {
    const { system, clock } = simSystem();
    const s = system.spawn(Slow, 's');
    const r = system.ask(s, (replyTo: Ref<string>) => ({ type: 'ping' as const, delayMs: 5000, replyTo }), 1000)();
    clock.advanceBy(999);
    let settled = false;
    void r.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).to.equal(false);
    clock.advanceBy(1);
    const result = await r;
    expect(result).to.deep.equal(E.left({ _tag: 'AskTimeout', target: s, timeoutMs: 1000 }));
  });

  it('should drop a reply that arrives after the timeout as a dead letter', async () => {
    const { system, clock } = simSystem();
    const s = system.spawn(Slow, 's');
    const r = system.ask(s, (replyTo: Ref<string>) => ({ type: 'ping' as const, delayMs: 200, replyTo }), 100)();
    clock.advanceBy(1000);
    expect(E.isLeft(await r)).to.equal(true);
    expect(system.deadLetters).to.equal(1);
  });

  it('should fail with AskDeadTarget when the target is already dead', async () => {
    const { system } = simSystem();
    const c = system.spawn(Counter, 'c');
    system.stop(c);
    const r = await system.ask(c, getCount, 100)();
    expect(r).to.deep.equal(E.left({ _tag: 'AskDeadTarget', target: c }));
  });

  it('should fail with AskDeadTarget when the target stops before replying', async () => {
    const { system, clock } = simSystem();
    const s = system.spawn(Slow, 's');
    const r = system.ask(s, (replyTo: Ref<string>) => ({ type: 'ping' as const, delayMs: 500, replyTo }), 1000)();
    clock.advanceBy(100);
    system.stop(s);
    const result = await r;
    expect(E.isLeft(result) && result.left._tag).to.equal('AskDeadTarget');
  });

  it('should use sequential reply ids, never random ones', () => {
    const { system, trace, run } = simSystem();
    const c = system.spawn(Counter, 'c');
    for (let i = 0; i < 3; i++) void system.ask(c, getCount, 100)();
    run();
    const askPaths = trace.byKind('deliver').filter((e) => e.actor.startsWith('/$ask/')).map((e) => e.actor);
    expect(askPaths).to.deep.equal(['/$ask/1', '/$ask/2', '/$ask/3']);
  });

  it('should give an actor the reply as a message to itself with ctx.ask', () => {
    const { system, run } = simSystem();
    const c = system.spawn(Counter, 'c');
    const results: Array<E.Either<AskError, number>> = [];
    const Asker = defineBehavior({
      name: 'asker',
      protocol: t.unknown,
      init: (ctx) => {
        ctx.ask(c, getCount, 100, (r) => r);
        return undefined;
      },
      receive: (s, msg) => {
        results.push(msg as E.Either<AskError, number>);
        return s;
      },
    });
    system.tell(c, { type: 'inc' });
    system.spawn(Asker, 'asker');
    run();
    expect(results).to.deep.equal([E.right(1)]);
  });
});
