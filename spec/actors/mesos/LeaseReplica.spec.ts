import { expect } from 'chai';
import { itSim, createProbe } from '../../../lib/testkit/index.js';
import { LeaseReplica } from '../../../actors/mesos/LeaseReplica.js';
import { agreedLeader } from '../../../actors/mesos/agreedLeader.js';
import type { LeaderIs, LeaseReply, WriteAck } from '../../../actors/mesos/LeaseProtocol.js';
import { pathRef, type Ref } from '../../../lib/actor/index.js';

const a = pathRef<unknown>('m1', '/master');
const b = pathRef<unknown>('m2', '/master');

describe('mesos lease replica', () => {
  itSim('should grant a free lease, refuse a rival until it expires, then grant it at a higher epoch', (sim) => {
    const lease = sim.spawn(LeaseReplica, 'lease', { node: 'zk1' });
    const p = createProbe<LeaseReply>(sim, 'p', { node: 'm1' });
    const ask = (candidate: Ref<unknown>, epoch: number, renew = false) => {
      sim.tell(lease, { type: 'acquire', candidate, epoch, renew, attempt: 1, ttlMs: 1000, replyTo: p.ref });
      return p.expectMessage(50);
    };
    expect(ask(a, 1).granted).to.equal(true);
    expect(ask(b, 2).granted, 'held by a').to.equal(false);
    expect(ask(a, 1, true).granted, 'a renews').to.equal(true);
    expect(ask(a, 1).granted, 'no renewal without renew flag at the same epoch').to.equal(false);
    sim.runFor(1100);
    expect(ask(b, 1).granted, 'epoch must rise').to.equal(false);
    expect(ask(b, 2).granted).to.equal(true);
  }, { seed: 1 });

  itSim('should fence registry writes below its epoch and keep the newest entry per agent', (sim) => {
    const lease = sim.spawn(LeaseReplica, 'lease', { node: 'zk1' });
    const p = createProbe<WriteAck | LeaseReply>(sim, 'p', { node: 'm1' });
    sim.tell(lease, { type: 'acquire', candidate: a, epoch: 3, renew: false, attempt: 1, ttlMs: 1000, replyTo: p.ref });
    p.expectMessage(50);
    sim.tell(lease, { type: 'write', epoch: 2, writeId: 1, entries: [{ agentId: 's1', hostname: 'h', state: 'admitted', epoch: 2, seq: 1 }], replyTo: p.ref });
    expect(p.expectMessage(50)).to.include({ ok: false });
    sim.tell(lease, { type: 'write', epoch: 3, writeId: 2, entries: [{ agentId: 's1', hostname: 'h', state: 'unreachable', epoch: 3, seq: 5 }], replyTo: p.ref });
    expect(p.expectMessage(50)).to.include({ ok: true });
    sim.runFor(1100);
    sim.tell(lease, { type: 'acquire', candidate: b, epoch: 4, renew: false, attempt: 2, ttlMs: 1000, replyTo: p.ref });
    const reply = p.expectMessage(50) as LeaseReply;
    expect(reply.registry.map((e) => e.state)).to.deep.equal(['unreachable']);
  }, { seed: 2 });

  itSim('should remember its epoch and registry across a crash, and grant nothing for one TTL after restart', (sim) => {
    sim.node('zk1', { boot: (n) => n.spawn(LeaseReplica, 'lease') });
    const lease = pathRef<Parameters<typeof LeaseReplica.receive>[1]>('zk1', '/lease');
    const p = createProbe<LeaseReply | LeaderIs>(sim, 'p', { node: 'm1' });
    sim.tell(lease, { type: 'acquire', candidate: a, epoch: 5, renew: false, attempt: 1, ttlMs: 1000, replyTo: p.ref });
    expect(p.expectMessage(50)).to.include({ granted: true, epoch: 5 });
    sim.crash('zk1');
    sim.restart('zk1');
    sim.tell(lease, { type: 'acquire', candidate: b, epoch: 6, renew: false, attempt: 2, ttlMs: 1000, replyTo: p.ref });
    expect(p.expectMessage(50)).to.include({ granted: false, epoch: 5 });
    sim.runFor(1100);
    sim.tell(lease, { type: 'acquire', candidate: b, epoch: 6, renew: false, attempt: 3, ttlMs: 1000, replyTo: p.ref });
    expect(p.expectMessage(50)).to.include({ granted: true, epoch: 6 });
    sim.tell(lease, { type: 'who-leads', replyTo: p.ref });
    expect((p.expectMessage(50) as LeaderIs).leader).to.deep.include({ node: 'm2' });
  }, { seed: 3 });

  const answers = (...xs: Array<[string, Ref<unknown> | null, number]>) => new Map(xs.map(([r, leader, epoch]) => [r, { leader, epoch }]));
  const cases: Array<[string, ReturnType<typeof answers>, string | undefined]> = [
    ['a majority names the leader', answers(['zk1', a, 2], ['zk2', a, 2], ['zk3', b, 3]), 'm1'],
    ['one replica is not enough, even with a higher epoch', answers(['zk1', b, 9], ['zk2', null, 2]), undefined],
    ['the same master at different epochs does not agree', answers(['zk1', a, 1], ['zk2', a, 2], ['zk3', null, 2]), undefined],
  ];
  for (const [what, xs, expected] of cases) {
    it(`should detect a leader only when ${what}`, () => expect(agreedLeader(xs, 3)?.leader.node).to.equal(expected));
  }
});
