/**
 * Failover fidelity: live troupe clusters against a real Redis 7 cluster.
 *
 *   npm run bench:redis-fidelity
 *
 * Three systems, each 6 nodes (3 masters + 3 replicas), node_timeout 1000
 * and 5000 ms, TRIALS fresh clusters each:
 *   - redis:        6 redis-server processes (redis-cli --cluster create), master killed with SIGKILL;
 *   - troupe 6 proc: 6 `troupe redis-node` processes (same create), master killed with SIGKILL;
 *   - troupe 1 proc: `troupe redis --servers 3` (ring layout), the master's server
 *                    crashed through the control interface.
 * While a writer sends SET + WAIT 1 to the master, the master dies; polling
 * every 10 ms we time, from the kill: another master flags it PFAIL (`fail?`
 * in CLUSTER NODES), FAIL, its replica answers ROLE master, the first
 * successful write to the lost slots; then count writes acknowledged by
 * WAIT 1 that the new master does not have. Target (issue 6): troupe's
 * medians within ±25% of real Redis; 0 acknowledged writes lost.
 * Writes bench/results/redis-fidelity.json. Never asserts.
 */
import { fileURLToPath } from 'node:url';
import { keyHashSlot } from '../actors/redis/index.js';
import { stopwatch } from '../lib/time/index.js';
import { machineInfo } from './lib/machine.js';
import {
  clusterNodes,
  command,
  createCluster,
  hasBinary,
  respLink,
  sleep,
  startRedisServers,
  startTroupeCluster,
  startTroupeNodes,
  waitFor,
  type Processes,
} from './lib/redisServers.js';
import { writeResults } from './lib/results.js';
import { median, summarize, type Summary } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const TRIALS = Number(process.env.FIDELITY_TRIALS ?? 5);
const TIMEOUTS = (process.env.FIDELITY_TIMEOUTS ?? '1000,5000').split(',').map(Number);
const RESULTS_FILE = fileURLToPath(new URL('./results/redis-fidelity.json', import.meta.url));
const debug = (msg: string): void => void (process.env.FIDELITY_DEBUG === undefined ? undefined : console.error(`    [debug] ${msg}`));

type System = 'redis' | 'troupe 6 proc' | 'troupe 1 proc';
const SYSTEMS: ReadonlyArray<System> = ['redis', 'troupe 6 proc', 'troupe 1 proc'];

interface Trial {
  pfail: number | null;
  fail: number | null;
  promoted: number | null;
  firstWrite: number | null;
  acked: number;
  ackedLost: number;
}

interface Setup {
  procs: Processes;
  victim: number;
  replica: number;
  observer: number;
  victimId: string;
  kill(): Promise<void>;
}

/** Build a cluster and pick the master of slot 0 as the victim. */
const setup = async (system: System, nodeTimeoutMs: number): Promise<Setup> => {
  if (system === 'troupe 1 proc') {
    const procs = await startTroupeCluster(3, 1, nodeTimeoutMs);
    const [victim, observer] = procs.ports;
    const replica = procs.ports[3]; // ring layout: the replica of master 1 lives on server 2
    const victimId = (await command(victim, 'CLUSTER', 'MYID'))!.split('\r\n')[1];
    return { procs, victim, replica, observer, victimId, kill: async () => void (await fetch(`http://127.0.0.1:${procs.control}/crash/s1`, { method: 'POST' })) };
  }
  const procs = system === 'redis' ? await startRedisServers(6, nodeTimeoutMs) : await startTroupeNodes(6, nodeTimeoutMs);
  await createCluster(procs.ports);
  const rows = await waitFor('three masters with a replica each', async () => {
    const r = await clusterNodes(procs.ports[0]);
    return r.filter((n) => n.flags.includes('slave')).length === 3 && r.filter((n) => n.flags.includes('master')).length === 3 ? r : undefined;
  });
  const owner = rows.find((n) => n.slots.some((s) => s.split('-')[0] === '0'))!;
  const replica = rows.find((n) => n.master === owner.id)!;
  const observer = rows.find((n) => n.flags.includes('master') && n.id !== owner.id)!;
  return { procs, victim: owner.port, replica: replica.port, observer: observer.port, victimId: owner.id, kill: async () => procs.kill(owner.port, 'SIGKILL') };
};

/** Keys of the victim's slot 0 (hash tag with CRC16 slot 0). */
const TAG = (() => {
  for (let i = 0; ; i++) if (keyHashSlot(`{s${i}}`) === 0) return `{s${i}}`;
})();

const trial = async (system: System, nodeTimeoutMs: number, n: number): Promise<Trial> => {
  const s = await setup(system, nodeTimeoutMs);
  debug(`${system}: cluster ready, victim ${s.victim}, replica ${s.replica}`);
  try {
    await waitFor('the replica to be in sync', async () => (await command(s.replica, 'INFO', 'replication'))?.includes('master_link_status:up'), 30_000, 50);
    // Writes acknowledged by WAIT 1 right up to the kill.
    const writer = await respLink(s.victim, 300);
    const acked: string[] = [];
    let writing = true;
    let seq = 0;
    const writerDone = (async () => {
      while (writing && writer !== undefined) {
        const key = `w${n}-${++seq}${TAG}`;
        const r = await writer.command('SET', key, String(seq));
        if (r !== '+OK\r\n') break;
        const w = await writer.command('WAIT', '1', '100');
        if (w === undefined) break;
        if (w === ':1\r\n') acked.push(key);
      }
    })();
    await sleep(300);
    debug(`writer acked ${acked.length}; killing`);
    const clock = stopwatch();
    await s.kill();
    const t: Trial = { pfail: null, fail: null, promoted: null, firstWrite: null, acked: 0, ackedLost: 0 };
    const obs = await respLink(s.observer, 500);
    const rep = await respLink(s.replica, 500);
    debug(`links ${obs !== undefined} ${rep !== undefined}`);
    let lastDebug = 0;
    const limit = nodeTimeoutMs * 4 + 20_000;
    while (clock() < limit && (t.pfail === null || t.fail === null || t.promoted === null || t.firstWrite === null)) {
      const [nodes, role, write] = await Promise.all([
        t.fail === null ? obs?.command('CLUSTER', 'NODES') : undefined,
        t.promoted === null ? rep?.command('ROLE') : undefined,
        t.firstWrite === null ? rep?.command('SET', `probe${TAG}`, String(n)) : undefined,
      ]);
      const now = Math.round(clock());
      if (now - lastDebug > 1000) {
        lastDebug = now;
        debug(`t=${now} ${JSON.stringify(t)}`);
      }
      const line = nodes?.split('\n').find((l) => l.startsWith(s.victimId));
      if (line !== undefined) {
        const flags = line.split(' ')[2].split(',');
        if (t.pfail === null && (flags.includes('fail?') || flags.includes('fail'))) t.pfail = now;
        if (t.fail === null && flags.includes('fail')) t.fail = now;
      }
      if (t.promoted === null && role?.startsWith('*3\r\n$6\r\nmaster')) t.promoted = now;
      if (t.firstWrite === null && write === '+OK\r\n') t.firstWrite = now;
      await sleep(10);
    }
    debug(`observed ${JSON.stringify(t)}`);
    writing = false;
    writer?.close();
    await writerDone;
    obs?.close();
    t.acked = acked.length;
    if (rep !== undefined) {
      for (const k of acked) {
        const v = await rep.command('GET', k);
        if (v === undefined || v.startsWith('$-1')) t.ackedLost++;
      }
    }
    rep?.close();
    return t;
  } finally {
    await s.procs.stop();
  }
};

/** Medians of the real cluster in redis-wire.md (5 trials), for reference. */
const REFERENCE = {
  1000: { pfail: 1391, fail: 1601, promoted: 2407, firstWrite: 2407 },
  5000: { pfail: 6619, fail: 7361, promoted: 8366, firstWrite: 8366 },
} as const;

const main = async (): Promise<void> => {
  if (!hasBinary('redis-server') || !hasBinary('redis-cli')) {
    console.error('bench:redis-fidelity needs redis-server and redis-cli (apt-get install redis-server redis-tools)');
    process.exitCode = 1;
    return;
  }
  const wall = stopwatch();
  const machine = machineInfo();
  console.log(`bench:redis-fidelity — ${TRIALS} trials × node_timeout ${TIMEOUTS.join(', ')} × ${SYSTEMS.join(' / ')}; load ${machine.loadAvg.join(' ')} (shared machine)`);
  const trials = new Map<string, Trial[]>();
  for (const nt of TIMEOUTS) {
    for (let i = 0; i < TRIALS; i++) {
      // Interleave the systems so a busy moment on the shared machine hits each.
      for (const system of SYSTEMS) {
        const t = await trial(system, nt, i);
        const k = `${system}|${nt}`;
        trials.set(k, [...(trials.get(k) ?? []), t]);
        console.log(`  nt=${nt} #${i + 1} ${system.padEnd(13)} pfail ${t.pfail} fail ${t.fail} promoted ${t.promoted} first write ${t.firstWrite} acked ${t.acked} lost ${t.ackedLost}`);
      }
    }
  }
  const phases = [
    ['pfail', 'another master flags it PFAIL'],
    ['fail', 'FAIL'],
    ['promoted', 'replica answers ROLE master'],
    ['firstWrite', 'first successful write to the lost slots'],
  ] as const;
  const fmt = (x: Summary | null): string => (x === null ? '–' : `${formatNumber(x.min)} / ${formatNumber(x.median)} / ${formatNumber(x.max)}`);
  const sum = (list: Trial[], f: keyof Trial): Summary | null => {
    const v = list.map((t) => t[f]).filter((x): x is number => x !== null);
    return v.length === 0 ? null : summarize(v);
  };
  for (const nt of TIMEOUTS) {
    const rows: string[][] = [];
    for (const [f, label] of phases) {
      const real = sum(trials.get(`redis|${nt}`)!, f);
      const cells = [label, fmt(real)];
      for (const system of SYSTEMS.slice(1)) {
        const ours = sum(trials.get(`${system}|${nt}`)!, f);
        const delta = ours === null || real === null ? '–' : `${ours.median >= real.median ? '+' : ''}${formatNumber(((ours.median - real.median) / real.median) * 100, 2)}%`;
        cells.push(fmt(ours), delta);
      }
      rows.push(cells);
    }
    const lost = SYSTEMS.map((s) => {
      const list = trials.get(`${s}|${nt}`)!;
      return `${list.reduce((a, t) => a + t.ackedLost, 0)} of ${list.reduce((a, t) => a + t.acked, 0)}`;
    });
    rows.push(['acknowledged (WAIT 1) writes lost', lost[0], lost[1], '', lost[2], '']);
    console.log(`\nnode_timeout ${nt} ms — ms after the kill (min / median / max over ${TRIALS} trials)`);
    console.log(
      formatTable(
        [{ header: 'phase' }, { header: 'redis 7.0', align: 'right' }, { header: 'troupe 6 proc', align: 'right' }, { header: 'Δ median', align: 'right' }, { header: 'troupe 1 proc', align: 'right' }, { header: 'Δ median', align: 'right' }],
        rows,
      ),
    );
    const ref = REFERENCE[nt as 1000 | 5000];
    if (ref !== undefined) console.log(`(reference medians from redis-wire.md: PFAIL ${ref.pfail}, FAIL ${ref.fail}, promoted ${ref.promoted}, first write ${ref.firstWrite})`);
  }
  const medians = (s: System, nt: number, f: keyof Trial): number | null => {
    const v = trials.get(`${s}|${nt}`)!.map((t) => t[f]).filter((x): x is number => x !== null);
    return v.length === 0 ? null : median(v);
  };
  writeResults(RESULTS_FILE, {
    bench: 'redis-fidelity',
    note: 'measured on a shared 2-core machine (other engineers running jobs); the 1-process troupe cluster crashes a whole server (a master and a replica of another master), the others kill one master process',
    machine,
    trialsPerConfig: TRIALS,
    nodeTimeoutsMs: TIMEOUTS,
    trials: Object.fromEntries(trials),
    medians: Object.fromEntries(
      SYSTEMS.flatMap((s) => TIMEOUTS.map((nt) => [`${s}|${nt}`, Object.fromEntries(phases.map(([f]) => [f, medians(s, nt, f)]))])),
    ),
    reference: REFERENCE,
    wallSec: wall() / 1000,
  });
  console.log(`\nresults: ${RESULTS_FILE}`);
};

await main();
