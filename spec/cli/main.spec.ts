import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.js';
import type { Io } from '../../cli/Command.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Run the command in-process, capturing its output. */
const troupe = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), tty: false };
  const code = await main(argv, io);
  return { code, out, err };
};

describe('troupe command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('should print usage and exit 2 without a command, 0 with --help', async () => {
    const none = await troupe();
    expect(none.code).to.equal(2);
    expect(none.out).to.contain('Commands:');
    expect((await troupe('--help')).code).to.equal(0);
  });

  it('should give --help for every subcommand', async () => {
    for (const name of ['tour', 'run', 'scenarios', 'chaos', 'trace']) {
      const r = await troupe(name, '--help');
      expect(r.code, name).to.equal(0);
      expect(r.out, name).to.match(/^Usage: troupe /);
    }
    for (const sub of ['summary', 'filter', 'mermaid', 'shiviz', 'html']) {
      const r = await troupe('trace', sub, '--help');
      expect(r.out, sub).to.contain(`troupe trace ${sub}`);
    }
  });

  it('should refuse unknown commands, options and scenarios with exit code 2', async () => {
    expect((await troupe('fly')).code).to.equal(2);
    const badOption = await troupe('run', 'chatter', '--bogus');
    expect(badOption.code).to.equal(2);
    expect(badOption.err).to.contain("Unknown option '--bogus'");
    const badScenario = await troupe('run', 'nope');
    expect(badScenario.code).to.equal(2);
    expect(badScenario.err).to.contain("unknown scenario 'nope'");
    expect((await troupe('run', 'chatter', '--for', 'soon')).err).to.contain("not a duration: 'soon'");
    expect((await troupe('chaos', 'chatter', '--seeds', '9..1')).err).to.contain('empty seed range');
  });

  it('should list scenarios, also as JSON', async () => {
    const json = JSON.parse((await troupe('scenarios', '--json')).out) as Array<{ name: string }>;
    expect(json.map((s) => s.name)).to.include('chatter');
  });

  it('should run a scenario, print its timeline and write a replayable trace', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const first = await troupe('run', 'chatter', '--seed', '4', '--for', '8s', '--trace', a);
    expect(first.code).to.equal(0);
    expect(first.out).to.contain('chatter — seed 4').and.to.contain('invariants: all held').and.to.contain('replay: npx troupe run chatter --seed 4 --for 8s');
    await troupe('run', 'chatter', '--seed', '4', '--for', '8s', '--trace', b);
    expect(readFileSync(a).equals(readFileSync(b))).to.equal(true);
    const json = JSON.parse((await troupe('run', 'chatter', '--seed', '4', '--for', '2s', '--nemesis', 'none', '--json')).out);
    expect(json).to.include({ scenario: 'chatter', seed: 4, ok: true, virtualMs: 2000 });
  });

  it('should summarize, filter and export a trace', async () => {
    const file = join(dir, 'c.jsonl');
    await troupe('run', 'chatter', '--seed', '2', '--for', '5s', '--nemesis', 'crashes=20', '--trace', file);
    const summary = JSON.parse((await troupe('trace', 'summary', file, '--json')).out);
    expect(summary.byKind.send).to.be.greaterThan(100);
    expect(summary.byKind.fault).to.be.greaterThan(0);
    const faults = (await troupe('trace', 'filter', file, '--kind', 'fault')).out.trim().split('\n');
    expect(faults.length).to.equal(summary.byKind.fault);
    expect(faults.every((l) => JSON.parse(l).kind === 'fault')).to.equal(true);
    const oneMsg = JSON.parse((await troupe('trace', 'filter', file, '--kind', 'send', '--actor', '/peer')).out.split('\n')[0]).msg;
    const chain = (await troupe('trace', 'filter', file, '--chain', String(oneMsg))).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(chain.some((e) => e.msg === oneMsg)).to.equal(true);
    expect((await troupe('trace', 'mermaid', file, '--max', '20')).out).to.match(/^sequenceDiagram/);
    expect((await troupe('trace', 'shiviz', file, '--node', 'n1')).out).to.contain('(?<event>');
    const html = join(dir, 'c.html');
    const written = await troupe('trace', 'html', file, '-o', html, '--node', 'n1');
    expect(written.out).to.match(/^wrote .*c\.html \(\d+ events\)/);
    expect(readFileSync(html, 'utf8')).to.match(/^<!doctype html>/i);
    expect((await troupe('trace', 'html', file)).err).to.contain('needs -o');
  });

  it('should report failing seeds with replay commands and exit 1', async () => {
    // A nemesis that kills peers makes the scenario's "peers never fail" invariant fail.
    const r = await troupe('chaos', 'chatter', '--seeds', '1..3', '--for', '3s', '--nemesis', 'kills=200');
    expect(r.code).to.equal(1);
    expect(r.out).to.contain('3 of 3 seeds FAILED');
    for (const seed of [1, 2, 3]) {
      expect(r.out).to.contain(`seed ${seed}: invariant 'peers never fail' violated`);
      expect(r.out).to.contain(`replay: npx troupe run chatter --seed ${seed} --for 3s --nemesis kills=200 --trace chatter-${seed}.jsonl`);
    }
    const ok = await troupe('chaos', 'chatter', '--seeds', '1..3', '--for', '3s', '--nemesis', 'none');
    expect(ok.code).to.equal(0);
    expect(ok.out).to.match(/all 3 seeds passed in [\d.]+ s\n$/);
  });

  it('should run the tour: a narrated timeline, the invariants and a trace per stop', async () => {
    const r = await troupe('tour', '--seed', '3', '--out', dir);
    expect(r.code).to.equal(0);
    expect(r.out).to.contain('Mesos — two-level scheduling').and.to.contain('accepted an offer').and.to.contain('⚡ node agent2 crashed');
    expect(r.out).to.contain('invariants checked after every event: offered + used ≤ capacity on every agent');
    expect(r.out).to.contain(`trace: ${join(dir, 'mesos.jsonl')}`);
    expect(readFileSync(join(dir, 'mesos.jsonl'), 'utf8').split('\n').length).to.be.greaterThan(1000);
    const json = JSON.parse((await troupe('tour', '--seed', '3', '--out', dir, '--json')).out);
    expect(json.ok).to.equal(true);
    expect(json.stops.map((s: { stop: string }) => s.stop)).to.deep.equal(['kubernetes', 'mesos', 'redis']);
    expect(r.out).to.contain('Kubernetes — centralized').and.to.contain('evicted from node-1');
    expect(r.out).to.contain('Redis Cluster — decentralized').and.to.match(/replica :\d+ promoted to master, configEpoch \d+/);
  });

  it('should work as the npx bin in a child process', function () {
    this.timeout(60_000);
    const out = execFileSync(process.execPath, [join(root, 'bin/troupe.js'), 'scenarios'], { cwd: root, encoding: 'utf8' });
    expect(out).to.contain('chatter');
  });
});
