import { expect } from 'chai';
import { itSim } from '../../../lib/testkit/index.js';
import { respLength } from '../../../actors/redis/index.js';
import { startCluster } from './redisTestKit.js';

describe('redis replication', () => {
  it('should count offsets in bytes of the RESP encoding', () => {
    // *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n
    expect(respLength(['SET', 'k', 'v'])).to.equal(27);
    expect(respLength(['SET', 'k', 'é'])).to.equal(28);
  });

  itSim('should resend stream data lost in a short cut, resync partially after a broken link, fully after a restart', (sim) => {
    const t = startCluster(sim, { node: { replTimeoutMs: 1500, replPingReplicaPeriodMs: 500 } });
    const master = t.cluster.nodes[2];
    const replica = t.cluster.nodes.find((n) => n.initialMaster === master.addr)!;
    for (let i = 0; i < 20; i++) t.cmd(master.addr, ['SET', `{x}${i}`, String(i)]);
    sim.runFor(500);
    expect(t.cluster.view(replica.addr)!.dbsize()).to.equal(20);
    // A short cut (the link stays up): the lost stream is sent again when the replica's ACK shows it behind.
    const others = t.cluster.servers.filter((s) => s !== replica.server).concat(['laptop']);
    const cut = sim.now();
    sim.partition([[replica.server], others]);
    for (let i = 20; i < 25; i++) t.cmd(master.addr, ['SET', `{x}${i}`, String(i)]);
    sim.runFor(300);
    sim.heal();
    sim.runFor(2_000);
    const view = t.cluster.view(replica.addr)!;
    expect(view.dbsize()).to.equal(25);
    expect(view.replicationOffset()).to.equal(t.cluster.view(master.addr)!.replicationOffset());
    let ms = sim.trace!.events().filter((e) => e.kind === 'milestone' && e.t >= cut && e.data?.node === replica.id);
    expect(ms.map((e) => e.type)).to.not.include('partial-resync').and.not.include('full-resync');
    // A cut longer than repl-timeout breaks the link: PSYNC continues from the backlog.
    const cut2 = sim.now();
    sim.partition([[replica.server], others]);
    for (let i = 25; i < 30; i++) t.cmd(master.addr, ['SET', `{x}${i}`, String(i)]);
    sim.runFor(2_500);
    sim.heal();
    sim.runFor(3_000);
    expect(view.dbsize()).to.equal(30);
    ms = sim.trace!.events().filter((e) => e.kind === 'milestone' && e.t >= cut2 && e.data?.node === replica.id);
    expect(ms.map((e) => e.type)).to.include('partial-resync').and.not.include('full-resync');
    // Restart the replica's server: it comes back empty and needs everything.
    const restart = sim.now();
    sim.crash(replica.server);
    sim.runFor(500);
    sim.restart(replica.server);
    sim.runFor(3_000);
    expect(t.cluster.view(replica.addr)!.dbsize()).to.equal(30);
    const after = sim.trace!.events().filter((e) => e.kind === 'milestone' && e.t >= restart && e.data?.node === replica.id);
    expect(after.find((e) => e.type === 'full-resync')?.data).to.include({ keys: 30 });
  }, { seed: 1, simulation: { trace: { memory: true } } });

  itSim('should keep the data of acknowledged writes through a failover (the replica has them)', (sim) => {
    const t = startCluster(sim);
    const master = t.cluster.nodes[0];
    for (let i = 0; i < 10; i++) t.cmd(master.addr, ['SET', `{b}${i}`, String(i)], 'w');
    expect(t.cmd(master.addr, ['WAIT', '1', '1000'], 'w')).to.deep.equal({ kind: 'integer', value: 1 });
    sim.crash(master.server);
    sim.runFor(5_000);
    const replica = t.cluster.nodes.find((n) => n.initialMaster === master.addr)!;
    const promoted = t.cluster.view(replica.addr)!;
    expect(promoted.role()).to.equal('master');
    for (let i = 0; i < 10; i++) expect(promoted.peek(`{b}${i}`)).to.equal(String(i));
  }, { seed: 2 });
});
