import { expect } from 'chai';
import { createSimulation } from '../../../lib/sim/index.js';
import { createRedisCluster } from '../../../actors/redis/index.js';

describe('createRedisCluster', () => {
  it('should lay out the source text\u2019s ring: server i hosts master i and the replica of master i−1', () => {
    const sim = createSimulation({ seed: 1, trace: false });
    const c = createRedisCluster(sim, { servers: 4, nodeTimeoutMs: 1000 });
    expect(c.servers).to.deep.equal(['s1', 's2', 's3', 's4']);
    for (let i = 0; i < 4; i++) {
      const hosted = c.nodesOn(c.servers[i]);
      expect(hosted.map((n) => n.initialRole).sort()).to.deep.equal(['master', 'replica']);
      const replica = hosted.find((n) => n.initialRole === 'replica')!;
      expect(c.node(replica.initialMaster!).server).to.equal(c.servers[(i + 3) % 4]);
    }
    sim.runFor(3_000);
    expect(c.liveViews().filter((v) => v.role() === 'master').map((v) => v.ownedSlots())).to.deep.equal([[[0, 4095]], [[4096, 8191]], [[8192, 12287]], [[12288, 16383]]]);
  });

  it('should build other layouts: masters only, or more replicas, spread over other servers', () => {
    const sim = createSimulation({ seed: 2, trace: false });
    const masters = createRedisCluster(sim, { servers: 3, replicasPerMaster: 0, basePort: 40001, serverName: (i) => `m${i}` });
    expect(masters.nodes.map((n) => n.initialRole)).to.deep.equal(['master', 'master', 'master']);
    const two = createRedisCluster(sim, { servers: 3, replicasPerMaster: 2, basePort: 50001, serverName: (i) => `r${i}` });
    for (const m of two.nodes.filter((n) => n.initialRole === 'master')) {
      const servers = [m.server, ...two.nodes.filter((n) => n.initialMaster === m.addr).map((n) => n.server)];
      expect(new Set(servers).size).to.equal(3);
    }
    expect(() => createRedisCluster(sim, { servers: 0 })).to.throw(RangeError);
  });

  it('should draw 40-hex node ids from the simulation seed', () => {
    const ids = (seed: number) => createRedisCluster(createSimulation({ seed, trace: false }), { servers: 3 }).nodes.map((n) => n.id);
    expect(ids(5)).to.deep.equal(ids(5));
    expect(ids(5)).to.not.deep.equal(ids(6));
    expect(new Set(ids(5)).size).to.equal(6);
  });
});
