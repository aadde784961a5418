import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { createActorSystem, defineBehavior, refCodec, type ActorSystem, type Ref, type Signal } from '../../../lib/actor/index.js';
import { createSimulation } from '../../../lib/sim/index.js';
import { settle } from '../../support/simSystem.js';

/**
 * Conformance: the same behaviours, driven by the nact dispatcher (real time,
 * short timers) and by the simulation, must give the same outcomes — message
 * order, state, supervision, timers, asks, death watch. Only wall-clock timing
 * may differ.
 */

const Log = t.type({ type: t.literal('log'), entry: t.string });
const Dump = t.type({ type: t.literal('dump'), replyTo: refCodec<string[]>() });
type LogMsg = t.TypeOf<typeof Log> | t.TypeOf<typeof Dump>;

/** The scenario every dispatcher runs; records into a log actor and returns its entries. */
const scenario = async (system: ActorSystem, advance: (ms: number) => Promise<void>): Promise<string[]> => {
  const log = system.spawn(
    defineBehavior({
      name: 'log',
      protocol: t.union([Log, Dump]),
      init: () => [] as string[],
      receive: (xs, m: LogMsg, ctx) => {
        if (m.type === 'log') return [...xs, m.entry];
        ctx.tell(m.replyTo, xs);
        return xs;
      },
    }),
    'log',
  );
  const note = (ctx: { tell: ActorSystem['tell'] }, entry: string): void => ctx.tell(log, { type: 'log', entry });

  // 1. a worker that counts, fails on 'boom', restarts (one-for-all with a sibling), and echoes timers
  const Worker = defineBehavior({
    name: 'worker',
    protocol: t.string,
    init: (ctx) => {
      note(ctx, `${ctx.name} init g${ctx.generation}`);
      if (ctx.name === 'w1') ctx.timers.startSingleTimer('once', 'timer-fired', 20);
      return 0;
    },
    receive: (n, m, ctx) => {
      if (m === 'boom') throw new Error('boom');
      note(ctx, `${ctx.name} ${m} #${n + 1}`);
      if (m === 'stop') ctx.stopSelf();
      return n + 1;
    },
    onStop: (n, ctx) => note(ctx, `${ctx.name} stopped after ${n}`),
  });
  const Sup = defineBehavior({
    name: 'sup',
    protocol: t.string,
    supervision: { strategy: 'one-for-all', maxRestarts: 5, withinMs: 60_000 },
    init: (ctx) => ({ w1: ctx.spawn(Worker, 'w1'), w2: ctx.spawn(Worker, 'w2') }),
    receive: (s, m, ctx) => {
      const [to, what] = m.split(':');
      ctx.tell(to === 'w1' ? s.w1 : s.w2, what);
      return s;
    },
  });
  const sup = system.spawn(Sup, 'sup');
  // 2. a watcher of w2
  system.spawn(
    defineBehavior({
      name: 'watcher',
      protocol: t.unknown,
      init: (ctx) => ctx.watch(system.find(ctx.node, '/sup/w2')!),
      receive: (s) => s,
      onSignal: (s, sig: Signal, ctx) => (note(ctx, `watcher saw ${sig.type} ${sig.type === 'terminated' ? sig.reason : ''}`), s),
    }),
    'watcher',
  );
  for (const m of ['w1:a', 'w2:b', 'w1:c', 'w2:boom', 'w1:d', 'w2:e']) system.tell(sup, m);
  await advance(100);
  // 3. ask with a reply, and an ask that times out
  const c = system.ask(log, (replyTo: Ref<string[]>) => ({ type: 'dump' as const, replyTo }), 1000)();
  const silent = system.spawn(defineBehavior({ name: 'silent', protocol: t.unknown, init: () => 0, receive: (s) => s }), 'silent');
  const timeout = system.ask(silent, () => 'hello', 30)();
  await advance(100);
  const dumped = await c;
  const timedOut = await timeout;
  system.tell(sup, 'w2:stop');
  await advance(100);
  const final = system.ask(log, (replyTo: Ref<string[]>) => ({ type: 'dump' as const, replyTo }), 1000)();
  await advance(100);
  const r = await final;
  return [
    `dump before had ${E.isRight(dumped) ? dumped.right.length : 'error'} entries`,
    `timeout: ${E.isLeft(timedOut) ? timedOut.left._tag : 'no'}`,
    ...(E.isRight(r) ? r.right : ['final dump failed']),
  ];
};

describe('conformance: nact dispatcher vs simulation', () => {
  it('should give the same outcomes on both dispatchers', async () => {
    const sim = createSimulation({ seed: 3, trace: false });
    const simulated = await scenario(sim.system, async (ms) => {
      sim.runFor(ms);
    });
    const live = createActorSystem({ seed: 3 });
    try {
      const real = await scenario(live, async (ms) => {
        await settle(20);
        await new Promise((resolve) => setTimeout(resolve, ms));
        await settle(20);
      });
      expect(real).to.deep.equal(simulated);
    } finally {
      await live.shutdown();
    }
    expect(simulated).to.deep.equal([
      'dump before had 12 entries',
      'timeout: AskTimeout',
      'w1 init g0',
      'w2 init g0',
      'w1 a #1',
      'w2 b #1',
      'w1 c #2',
      'w2 stopped after 1',
      'w1 stopped after 2',
      'w1 init g1',
      'w2 init g1',
      'w1 d #1',
      'w2 e #1',
      'w1 timer-fired #2',
      'w2 stop #2',
      'w2 stopped after 2',
      'watcher saw terminated stopped',
    ]);
  });
});
