import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior } from '../../../lib/actor/index.js';
import { simSystem } from '../../support/simSystem.js';

const log: string[] = [];

/** A node of a tree: spawns `kids` children named `${name}.${i}` and logs its stop hook. */
const tree = (depth: number, kids: number): ReturnType<typeof defineBehavior<unknown, string>> =>
  defineBehavior({
    name: 'tree',
    protocol: t.unknown,
    init: (ctx) => {
      if (depth > 0) for (let i = 1; i <= kids; i++) ctx.spawn(tree(depth - 1, kids), `${ctx.name}.${i}`);
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, 10);
      return ctx.name;
    },
    receive: (s) => s,
    onStop: (name) => {
      log.push(name);
    },
  });

describe('stopping an actor', () => {
  beforeEach(() => {
    log.length = 0;
  });

  it('should stop children first, in reverse start order, then run its own stop hook', () => {
    const { system } = simSystem();
    const root = system.spawn(tree(2, 2), 'r');
    system.stop(root);
    expect(log).to.deep.equal(['r.2.2', 'r.2.1', 'r.2', 'r.1.2', 'r.1.1', 'r.1', 'r']);
  });

  it('should cancel its timers', () => {
    const { system, clock, trace } = simSystem();
    const root = system.spawn(tree(1, 3), 'r');
    clock.advanceBy(35);
    const before = trace.byKind('timer').length;
    expect(before).to.equal(12);
    system.stop(root);
    clock.advanceBy(1000);
    expect(trace.byKind('timer').length).to.equal(before);
    expect(clock.pending).to.equal(0);
  });

  it('should not run stop hooks when its node crashes', () => {
    const { system } = simSystem();
    system.spawn(tree(1, 2), 'r', { node: 'n1' });
    system.node('n1').crash();
    expect(log).to.deep.equal([]);
  });

  it('should finish the current message before stopSelf takes effect', () => {
    const { system, run } = simSystem();
    const seen: string[] = [];
    const Self = defineBehavior({
      name: 'self',
      protocol: t.string,
      init: () => undefined,
      receive: (s, msg, ctx) => {
        if (msg === 'stop') ctx.stopSelf();
        seen.push(msg);
        return s;
      },
      onStop: () => {
        seen.push('stopped');
      },
    });
    const a = system.spawn(Self, 'a');
    system.tell(a, 'one');
    system.tell(a, 'stop');
    system.tell(a, 'never');
    run();
    expect(seen).to.deep.equal(['one', 'stop', 'stopped']);
  });

  it('should restart a node by running its boot again, keeping only its disk', () => {
    const { system } = simSystem();
    const boots: number[] = [];
    const node = system.node('n1', {
      boot: (n) => {
        const count = ((n.disk.get('boots') as number | undefined) ?? 0) + 1;
        n.disk.set('boots', count);
        boots.push(count);
        n.spawn(tree(0, 0), 'app');
      },
    });
    const first = node.actors()[0];
    node.crash();
    expect(node.actors()).to.deep.equal([]);
    node.restart();
    const second = node.actors()[0];
    expect(boots).to.deep.equal([1, 2]);
    expect(second.path).to.equal(first.path);
    expect(second.incarnation).to.not.equal(first.incarnation);
    expect(system.isAlive(first)).to.equal(false);
  });
});
