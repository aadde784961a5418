import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior, type Ref, type Signal } from '../../../lib/actor/index.js';
import { simSystem } from '../../support/simSystem.js';

/** A replica-group member: reports an offset it is told, records signals and its role at init. */
const Member = defineBehavior({
  name: 'member',
  protocol: t.union([t.type({ type: t.literal('offset'), offset: t.number }), t.type({ type: t.literal('boom') })]) as t.Type<MemberMsg>,
  init: (ctx) => {
    log.push(`${ctx.name} init as ${ctx.role}`);
    return undefined;
  },
  receive: (s, msg, ctx) => {
    if (msg.type === 'boom') throw new Error('primary died');
    ctx.reportOffset(msg.offset);
    return s;
  },
  onSignal: (s, sig: Signal, ctx) => {
    log.push(`${ctx.name} got ${sig.type}${sig.type === 'terminated' ? '' : ` ${'primary' in sig ? sig.primary.path : ''}`}`.trim());
    return s;
  },
});

const log: string[] = [];

const Group = (demotedPrimary: 'rejoin-as-replica' | 'stop' = 'rejoin-as-replica') =>
  defineBehavior({
    name: 'group',
    protocol: t.unknown,
    supervision: { strategy: 'replica-group', demotedPrimary },
    init: (ctx) => {
      ctx.spawn(Member, 'm0', { role: 'primary' });
      ctx.spawn(Member, 'm1');
      ctx.spawn(Member, 'm2');
      ctx.spawn(Member, 'm3');
      return undefined;
    },
    receive: (s) => s,
    onSignal: (s, sig: Signal) => {
      if (sig.type === 'primary-changed') log.push(`group: primary is now ${sig.primary.path} (offset ${sig.offset})`);
      return s;
    },
  });

type MemberMsg = { type: 'offset'; offset: number } | { type: 'boom' };
const member = (system: ReturnType<typeof simSystem>['system'], name: string) => system.find('local', `/g/${name}`) as Ref<MemberMsg>;

describe('replica-group supervision', () => {
  beforeEach(() => {
    log.length = 0;
  });

  it('should promote the replica with the highest offset when the primary fails, and tell the group', () => {
    const { system, run, trace } = simSystem();
    system.spawn(Group(), 'g');
    system.tell(member(system, 'm1'), { type: 'offset', offset: 100 });
    system.tell(member(system, 'm2'), { type: 'offset', offset: 250 });
    system.tell(member(system, 'm3'), { type: 'offset', offset: 90 });
    run(10);
    log.length = 0;
    system.tell(member(system, 'm0'), { type: 'boom' });
    run(10);
    // The demoted primary restarts at once (synchronously); signals arrive through mailboxes after.
    expect(log).to.deep.equal([
      'm0 init as replica',
      'm2 got promoted',
      'm1 got primary-changed /g/m2',
      'm3 got primary-changed /g/m2',
      'group: primary is now /g/m2 (offset 250)',
      'm0 got demoted /g/m2',
    ]);
    const milestone = trace.byKind('milestone')[0];
    expect(milestone.type).to.equal('promoted');
    expect(milestone.data).to.deep.equal({ primary: '/g/m2', previous: '/g/m0', offset: 250 });
  });

  it('should break offset ties by start order', () => {
    const { system, run } = simSystem();
    system.spawn(Group(), 'g');
    system.tell(member(system, 'm2'), { type: 'offset', offset: 7 });
    system.tell(member(system, 'm3'), { type: 'offset', offset: 7 });
    run(10);
    log.length = 0;
    system.stop(member(system, 'm0'));
    run(10);
    expect(log[0]).to.equal('m2 got promoted');
  });

  it('should promote when the primary stops (not only when it fails), and not restart it', () => {
    const { system, run } = simSystem();
    system.spawn(Group(), 'g');
    system.tell(member(system, 'm3'), { type: 'offset', offset: 1 });
    run(10);
    system.stop(member(system, 'm0'));
    run(10);
    expect(log).to.include('m3 got promoted');
    expect(system.find('local', '/g/m0')).to.equal(undefined);
  });

  it('should stop the failed primary instead of demoting it when asked to', () => {
    const { system, run } = simSystem();
    system.spawn(Group('stop'), 'g');
    system.tell(member(system, 'm1'), { type: 'offset', offset: 1 });
    system.tell(member(system, 'm0'), { type: 'boom' });
    run(10);
    expect(log).to.include('m1 got promoted');
    expect(system.find('local', '/g/m0')).to.equal(undefined);
  });

  it('should restart a failed replica in place, as a replica', () => {
    const { system, run } = simSystem();
    system.spawn(Group(), 'g');
    run(10);
    log.length = 0;
    system.tell(member(system, 'm1'), { type: 'boom' });
    run(10);
    expect(log).to.deep.equal(['m1 init as replica', 'm1 got demoted /g/m0']);
  });
});
