import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { keyHashSlot } from '../../../../actors/redis/index.js';
import { freePorts, hasBinary, rawClient, resp, waitFor } from './liveKit.js';

const root = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const run = promisify(execFile);

/** One command on a node; its reply bytes (undefined when the node does not answer). */
const ask = async (port: number, ...argv: string[]): Promise<string | undefined> => {
  const c = await rawClient(port).catch(() => undefined);
  if (c === undefined) return undefined;
  try {
    c.send(resp(...argv));
    return await c.until((r) => /\r\n$/.test(r) && (!r.startsWith('$') || r.length >= Number(r.slice(1, r.indexOf('\r'))) + r.indexOf('\r') + 4), 3000);
  } catch {
    return undefined;
  } finally {
    c.close();
  }
};

/** CLUSTER NODES of a node as [id, port, flags, master, slots…] rows. */
const nodesOf = async (port: number): Promise<string[][]> => {
  const r = await ask(port, 'CLUSTER', 'NODES');
  if (r === undefined) return [];
  return r.slice(r.indexOf('\r\n') + 2).trim().split('\n').map((l) => l.split(' '));
};

describe('six troupe redis-node processes (cluster bus over TCP)', function () {
  this.timeout(120_000);
  const children = new Map<number, ChildProcess>();
  let base = 0;
  const ports = (): number[] => Array.from({ length: 6 }, (_, i) => base + i);
  before(async () => {
    base = await freePorts(6, true);
    for (const p of ports()) {
      const child = spawn(process.execPath, [resolve(root, 'bin/troupe.js'), 'redis-node', '--port', String(p), '--node-timeout', '1000ms'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      children.set(p, child);
      await waitFor(`redis-node on ${p}`, () => out.includes('troupe redis-node'), 30_000);
    }
  });
  after(() => {
    for (const c of children.values()) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('should form a cluster (redis-cli --cluster create, or MEET/ADDSLOTS/REPLICATE by hand) and reach cluster_state:ok', async () => {
    const addrs = ports().map((p) => `127.0.0.1:${p}`);
    if (hasBinary('redis-cli')) {
      const { stdout } = await run('redis-cli', ['--cluster', 'create', ...addrs, '--cluster-replicas', '1', '--cluster-yes'], { timeout: 60_000 });
      expect(stdout).to.contain('[OK] All 16384 slots covered.');
    } else {
      console.log('      (redis-cli not installed: joining by hand)');
      const ranges = [['0', '5460'], ['5461', '10922'], ['10923', '16383']];
      for (let i = 0; i < 3; i++) expect(await ask(base + i, 'CLUSTER', 'ADDSLOTSRANGE', ...ranges[i])).to.equal('+OK\r\n');
      for (let i = 1; i < 6; i++) expect(await ask(base, 'CLUSTER', 'MEET', '127.0.0.1', String(base + i))).to.equal('+OK\r\n');
      const ids = await Promise.all([0, 1, 2].map(async (i) => (await ask(base + i, 'CLUSTER', 'MYID'))!.split('\r\n')[1]));
      for (let i = 3; i < 6; i++) await waitFor('the master to be known', async () => (await ask(base + i, 'CLUSTER', 'REPLICATE', ids[i - 3])) === '+OK\r\n');
    }
    for (const p of ports()) await waitFor(`cluster_state:ok on ${p}`, async () => (await ask(p, 'CLUSTER', 'INFO'))?.includes('cluster_state:ok'), 30_000);
    await waitFor('three masters with replicas', async () => {
      const rows = await nodesOf(base);
      return rows.filter((r) => r[2].includes('master') && r.length > 8).length === 3 && rows.filter((r) => r[2].includes('slave')).length === 3;
    }, 30_000);
  });

  it('should fail over when a master process is killed with SIGKILL, without losing a write acknowledged by WAIT 1', async () => {
    const rows = await nodesOf(base);
    const key = 'acked{lost}';
    const slot = keyHashSlot(key);
    const owner = rows.find((r) => r[2].includes('master') && r.slice(8).some((range) => {
      const [a, b] = range.split('-').map(Number);
      return slot >= a && slot <= (b ?? a);
    }))!;
    const ownerPort = Number(owner[1].split(':')[1].split('@')[0]);
    const replicaPort = Number(rows.find((r) => r[3] === owner[0])![1].split(':')[1].split('@')[0]);
    const c = await rawClient(ownerPort);
    c.send(`${resp('SET', key, 'kept')}${resp('WAIT', '1', '5000')}`);
    expect(await c.until((r) => r.endsWith(':1\r\n'))).to.equal('+OK\r\n:1\r\n');
    c.close();
    const killedAt = performance.now();
    children.get(ownerPort)!.kill('SIGKILL');
    await waitFor('the replica to be promoted', async () => (await ask(replicaPort, 'ROLE'))?.startsWith('*3\r\n$6\r\nmaster'), 30_000);
    await waitFor('a write to the lost slot to succeed', async () => (await ask(replicaPort, 'SET', 'after{lost}', 'x')) === '+OK\r\n', 30_000);
    const failoverMs = performance.now() - killedAt;
    expect(await ask(replicaPort, 'GET', key)).to.equal('$4\r\nkept\r\n');
    const survivors = ports().filter((p) => p !== ownerPort);
    for (const p of survivors) await waitFor(`cluster_state:ok on ${p}`, async () => (await ask(p, 'CLUSTER', 'INFO'))?.includes('cluster_state:ok'), 30_000);
    expect(failoverMs).to.be.lessThan(30_000);
  });
});
