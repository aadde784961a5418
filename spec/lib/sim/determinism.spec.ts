import { expect } from 'chai';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario, type NemesisStep } from '../../../lib/sim/index.js';
import { chatterScenario } from '../../../examples/chatter.js';

/** Every kind of fault, at fixed times; the seed still drives latencies, loss, peers and jitter. */
const nemesis: NemesisStep[] = [
  { atMs: 2_000, fault: { type: 'crash', node: 'n2' } },
  { atMs: 3_000, fault: { type: 'partition', groups: [['n1', 'n3'], ['n4', 'n5']] } },
  { atMs: 4_500, fault: { type: 'restart', node: 'n2' } },
  { atMs: 5_000, fault: { type: 'heal' } },
  { atMs: 6_000, fault: { type: 'loss', probability: 0.4 } },
  { atMs: 8_000, fault: { type: 'loss', probability: 0 } },
  { atMs: 9_000, fault: { type: 'skew', node: 'n4', offsetMs: 300, drift: 0.05 } },
  { atMs: 10_000, fault: { type: 'partition-one-way', from: ['n5'], to: ['n1', 'n2'] } },
  { atMs: 12_000, fault: { type: 'heal' } },
];

const dir = mkdtempSync(join(tmpdir(), 'troupe-determinism-'));

/** Run the chatter scenario (crashes, partitions, loss, skew, timers, retries) and return its JSONL trace bytes. */
const traceBytes = async (seed: number, name: string): Promise<Buffer> => {
  const file = join(dir, `${name}.jsonl`);
  const r = runScenario(chatterScenario, { seed, nemesis, simulation: { trace: { file, payloads: true } } });
  expect(r.ok, r.problems.join('\n')).to.equal(true);
  await r.sim.close();
  return readFileSync(file);
};

describe('determinism', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('should give byte-identical JSONL traces for the same seed', async () => {
    const a = await traceBytes(7, 'a');
    const b = await traceBytes(7, 'b');
    expect(a.length).to.be.greaterThan(100_000);
    const text = a.toString('utf8');
    // The run really exercised faults and retries.
    for (const needle of ['"node-crash"', '"kind":"timer"', '"reason":"loss"', 'gave-up', '"partition"']) expect(text).to.contain(needle);
    expect(a.equals(b)).to.equal(true);
  });

  it('should diverge for different seeds', async () => {
    const a = await traceBytes(7, 'c');
    const b = await traceBytes(8, 'd');
    expect(a.equals(b)).to.equal(false);
  });
});
