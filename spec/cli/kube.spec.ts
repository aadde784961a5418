import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findKubectl, runKubectl } from '../support/kubectl.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('troupe kube', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let dir: string;
  let out = '';
  let exit: number | null | undefined;
  const exited = (): Promise<number | null> => new Promise((done) => (exit !== undefined ? done(exit) : child!.once('exit', (code) => done(code))));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'troupe-kube-cli-'));
    child = spawn(process.execPath, [resolve(root, 'bin/troupe.js'), 'kube', '--nodes', '2', '--port', '0', '--kubeconfig', join(dir, 'kubeconfig'), '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (exit = code));
    const deadline = Date.now() + 30_000;
    while (!out.includes('\n') && exit === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  });
  after(() => {
    if (child !== undefined && exit === undefined) child.kill('SIGKILL');
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('prints where it serves, writes a kubeconfig kubectl uses, and stops cleanly on Ctrl-C', async () => {
    const info = JSON.parse(out.split('\n')[0]) as { url: string; kubeconfig: string; token: string; nodes: string[] };
    expect(info.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.nodes).to.deep.equal(['node-1', 'node-2']);
    const kubeconfig = readFileSync(info.kubeconfig, 'utf8');
    expect(kubeconfig).to.contain('certificate-authority-data:');
    expect(kubeconfig).to.contain(`token: "${info.token}"`);
    const r = await runKubectl(findKubectl(), ['get', 'nodes', '-o', 'name'], { KUBECONFIG: info.kubeconfig, HOME: dir });
    expect(r.stdout.trim().split('\n')).to.deep.equal(['node/node-1', 'node/node-2']);
    child!.kill('SIGINT');
    expect(await exited()).to.equal(0);
  });

  it('rejects a store that is neither embedded nor etcd:// with a usage error', async () => {
    const bad = spawn(process.execPath, [resolve(root, 'bin/troupe.js'), 'kube', '--store', 'redis://x'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((done) => bad.on('exit', done));
    expect(code).to.equal(2);
    expect(err).to.match(/--store must be/);
  });
});
