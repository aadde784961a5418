import { expect } from 'chai';
import { itSim } from '../../../lib/testkit/index.js';
import { checkAckedWrites, checkAllSlotsServed, checkNoSplitBrain, createWriteLog } from '../../../actors/redis/index.js';
import { startCluster } from './redisTestKit.js';

describe('redis invariants (the checkers can fail)', () => {
  itSim('should report two reachable masters serving the same slots in the same configEpoch', (sim) => {
    const t = startCluster(sim, { servers: 2, replicasPerMaster: 0, bootstrap: 'empty' }, 100);
    for (const n of t.cluster.nodes) {
      t.cmd(n.addr, ['CLUSTER', 'SET-CONFIG-EPOCH', '1']);
      t.cmd(n.addr, ['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    }
    sim.runFor(3_000);
    expect(checkNoSplitBrain(sim, t.cluster)).to.match(/served by 127\.0\.0\.1:30001 and 127\.0\.0\.1:30002, both configEpoch 1/);
    // Cut apart, each is alone in a minority of one of two masters: no longer "reaching a majority".
    sim.partition([['s1'], ['s2']]);
    expect(checkNoSplitBrain(sim, t.cluster)).to.equal(undefined);
  }, { seed: 1 });

  itSim('should report slots not served while a failover is under way, and none once it is over', (sim) => {
    const t = startCluster(sim);
    expect(checkAllSlotsServed(t.cluster)).to.equal(undefined);
    sim.crash('s1');
    sim.runFor(1_800);
    expect(checkAllSlotsServed(t.cluster)).to.be.a('string');
    sim.runFor(4_000);
    expect(checkAllSlotsServed(t.cluster)).to.equal(undefined);
  }, { seed: 2 });

  itSim('should report an acknowledged write that is not on its master', (sim) => {
    const t = startCluster(sim);
    const log = createWriteLog();
    t.cmd('127.0.0.1:30003', ['SET', 'foo', '5']);
    log.acked.set('foo', 5);
    expect(checkAckedWrites(t.cluster, log)).to.deep.equal([]);
    log.acked.set('foo', 6);
    log.acked.set('b', 1);
    expect(checkAckedWrites(t.cluster, log)).to.deep.equal([
      'acknowledged write lost: foo=6 (now 5 on 127.0.0.1:30003)',
      'acknowledged write lost: b=1 (now missing on 127.0.0.1:30001)',
    ]);
  }, { seed: 3 });
});
