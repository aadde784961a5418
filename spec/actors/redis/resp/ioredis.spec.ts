import { expect } from 'chai';
import { Cluster } from 'ioredis';
import { keyHashSlot } from '../../../../actors/redis/index.js';
import { createControlServer, type ControlServer, type LiveRedisCluster } from '../../../../actors/redis/resp/index.js';
import { rawClient, resp, startLive, waitFor } from './liveKit.js';

/** One raw command on a node, its reply bytes. */
const raw = async (port: number, ...argv: string[]): Promise<string> => {
  const c = await rawClient(port);
  c.send(resp(...argv));
  const r = await c.until((x) => x.endsWith('\r\n'));
  c.close();
  return r;
};

/** A key hashing to `slot` (by trying hash tags). */
const keyInSlot = (slot: number, prefix: string): string => {
  for (let i = 0; ; i++) if (keyHashSlot(`{t${i}}`) === slot) return `${prefix}{t${i}}`;
};

describe('ioredis (Cluster mode) against a live troupe cluster', function () {
  this.timeout(60_000);
  let live: LiveRedisCluster;
  let control: ControlServer;
  let client: Cluster;
  before(async () => {
    live = await startLive({ nodeTimeoutMs: 1000 });
    control = await createControlServer(live, 0);
    client = new Cluster([{ host: '127.0.0.1', port: live.cluster.nodes[0].port }], {
      maxRedirections: 16,
      retryDelayOnClusterDown: 100,
      retryDelayOnFailover: 100,
      retryDelayOnTryAgain: 100,
      redisOptions: { connectTimeout: 1000, maxRetriesPerRequest: 3 },
      clusterRetryStrategy: () => 100,
    });
    await waitFor('ioredis ready', () => client.status === 'ready', 10_000);
  });
  after(async () => {
    client?.disconnect();
    await control?.close();
    await live?.close();
  });

  it('should set and get keys across all 16384 slots', async () => {
    const tags = new Map<number, string>();
    for (let i = 0; tags.size < 16384; i++) {
      const slot = keyHashSlot(`{t${i}}`);
      if (!tags.has(slot)) tags.set(slot, `k{t${i}}`);
    }
    const keys = [...tags.values()];
    for (let i = 0; i < keys.length; i += 2048) {
      const batch = keys.slice(i, i + 2048);
      expect(await Promise.all(batch.map((k) => client.set(k, `v-${k}`)))).to.deep.equal(batch.map(() => 'OK'));
    }
    for (let i = 0; i < keys.length; i += 2048) {
      const batch = keys.slice(i, i + 2048);
      expect(await Promise.all(batch.map((k) => client.get(k)))).to.deep.equal(batch.map((k) => `v-${k}`));
    }
    const total = live.status().filter((n) => n.role === 'master').reduce((n, s) => n + s.keys, 0);
    expect(total).to.equal(keys.length);
  });

  it('should follow ASK while a slot migrates and MOVED once it moved', async () => {
    const [a, b] = live.cluster.nodes;
    const slot = 100; // served by the first master
    const ids = { a: (await raw(a.port, 'CLUSTER', 'MYID')).split('\r\n')[1], b: (await raw(b.port, 'CLUSTER', 'MYID')).split('\r\n')[1] };
    const keys = Array.from({ length: 6 }, (_, i) => keyInSlot(slot, `mig${i}`));
    for (const k of keys) await client.set(k, `before-${k}`);
    expect(await raw(b.port, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', ids.a)).to.equal('+OK\r\n');
    expect(await raw(a.port, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', ids.b)).to.equal('+OK\r\n');
    // Move half of the keys: the source now answers ASK for them.
    expect(await raw(a.port, 'MIGRATE', '127.0.0.1', String(b.port), '', '0', '5000', 'KEYS', ...keys.slice(0, 3))).to.equal('+OK\r\n');
    expect(await raw(a.port, 'GET', keys[0])).to.equal(`-ASK ${slot} 127.0.0.1:${b.port}\r\n`);
    expect(await Promise.all(keys.map((k) => client.get(k)))).to.deep.equal(keys.map((k) => `before-${k}`));
    await client.set(keys[0], 'during');
    expect(await client.get(keys[0])).to.equal('during');
    expect(await raw(a.port, 'MIGRATE', '127.0.0.1', String(b.port), '', '0', '5000', 'KEYS', ...keys.slice(3))).to.equal('+OK\r\n');
    for (const n of live.cluster.nodes.filter((h) => h.initialRole === 'master')) await raw(n.port, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', ids.b);
    expect(await raw(a.port, 'GET', keys[1])).to.equal(`-MOVED ${slot} 127.0.0.1:${b.port}\r\n`);
    expect(await Promise.all(keys.map((k) => client.get(k)))).to.deep.equal(keys.map((k, i) => (i === 0 ? 'during' : `before-${k}`)));
  });

  it('should keep working across a failover triggered through the control interface', async () => {
    const victim = live.cluster.nodes[2]; // master of slots 10923-16383, on server s3
    const lostKey = keyInSlot(15000, 'lost');
    const safeKey = keyInSlot(1000, 'safe');
    const crashed = await fetch(`http://127.0.0.1:${control.port}/crash/${victim.server}`, { method: 'POST' });
    expect(await crashed.json()).to.deep.equal({ ok: true, crashed: victim.server });
    let errors = 0;
    const started = performance.now();
    await waitFor(
      'a write to the lost slots to succeed',
      async () => {
        try {
          return (await client.set(lostKey, 'after-failover')) === 'OK';
        } catch {
          errors++;
          return false;
        }
      },
      20_000,
    );
    const ms = performance.now() - started;
    expect(await client.get(lostKey)).to.equal('after-failover');
    expect(await client.set(safeKey, 'still')).to.equal('OK');
    const promoted = live.status().find((n) => n.addr !== victim.addr && n.slots > 0 && n.role === 'master' && live.cluster.node(n.addr).initialRole === 'replica');
    expect(promoted, 'a replica was promoted').to.not.equal(undefined);
    expect(ms).to.be.lessThan(20_000);
    expect(errors).to.be.lessThan(200);
    await fetch(`http://127.0.0.1:${control.port}/restart/${victim.server}`, { method: 'POST' });
    await waitFor('the old master to rejoin as a replica', () => live.status().find((n) => n.addr === victim.addr)?.role === 'replica', 15_000);
  });
});
