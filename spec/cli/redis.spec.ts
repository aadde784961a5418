import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../cli/Command.js';
import { main } from '../../cli/main.js';
import { freePorts, rawClient, resp, waitFor } from '../actors/redis/resp/liveKit.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const troupe = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), tty: false };
  const code = await main(argv, io);
  return { code, out, err };
};

describe('troupe redis / redis-ctl', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let out = '';
  let exit: number | null | undefined;
  let base = 0;
  let controlPort = 0;
  before(async () => {
    base = await freePorts(6);
    controlPort = await freePorts(1);
    child = spawn(process.execPath, [resolve(root, 'bin/troupe.js'), 'redis', '--servers', '3', '--port', String(base), '--node-timeout', '1s', '--control-port', String(controlPort)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (exit = code));
    await waitFor('troupe redis to report cluster_state:ok', () => out.includes('cluster_state:ok on every node'), 30_000);
  });
  after(() => {
    if (child !== undefined && exit === undefined) child.kill('SIGKILL');
  });

  it('should print the six nodes of three servers and serve RESP on their ports', async () => {
    for (let p = base; p < base + 6; p++) expect(out).to.contain(`127.0.0.1:${p}`);
    const c = await rawClient(base + 2);
    c.send(resp('SET', 'foo', 'bar'));
    expect(await c.until((r) => r.endsWith('\r\n'))).to.equal('+OK\r\n');
    c.close();
  });

  it('should crash and restart a server through redis-ctl, and fail its master over', async () => {
    const crash = await troupe('redis-ctl', '--control-port', String(controlPort), 'crash', '3');
    expect(crash).to.include({ code: 0, out: 'ok crash/s3\n' });
    await waitFor('the replica of 30003 to be promoted', async () => {
      const s = await troupe('redis-ctl', '--control-port', String(controlPort), 'status', '--json');
      const nodes = (JSON.parse(s.out) as { nodes: Array<{ addr: string; role: string; slots: number; state: string }> }).nodes;
      return nodes.filter((n) => n.role === 'master' && n.slots > 0 && n.state === 'ok').length === 3;
    }, 15_000);
    expect((await troupe('redis-ctl', '--control-port', String(controlPort), 'restart', 's3')).code).to.equal(0);
    expect((await troupe('redis-ctl', '--control-port', String(controlPort), 'partition', '1', '2,3')).code).to.equal(0);
    expect((await troupe('redis-ctl', '--control-port', String(controlPort), 'heal')).code).to.equal(0);
  });

  it('should refuse bad usage of redis-ctl', async () => {
    expect((await troupe('redis-ctl', 'crash', '1')).code).to.equal(2);
    expect((await troupe('redis-ctl', '--control-port', String(controlPort), 'explode')).code).to.equal(2);
    const unknown = await troupe('redis-ctl', '--control-port', String(controlPort), 'crash', 's9');
    expect(unknown.code).to.equal(1);
    expect(unknown.err).to.contain("no server 's9'");
  });

  it('should stop cleanly on SIGINT', async () => {
    child!.kill('SIGINT');
    await waitFor('troupe redis to exit', () => exit !== undefined, 10_000);
    expect(exit).to.equal(0);
    expect(out).to.contain('troupe redis: SIGINT, stopping');
    await waitFor('its ports to close', async () => {
      const c = await rawClient(base).catch(() => undefined);
      c?.close();
      return c === undefined;
    });
  });
});
