import { fork } from 'node:child_process';
import { machineCpuTimes } from './machine.js';

/** What a case run in its own process reports back. */
export interface CaseReport<R> {
  readonly result: R;
  /** Wall time of the case, in seconds. */
  readonly wallSec: number;
  /** CPU time the case's process used meanwhile (all its threads, GC included), in seconds. */
  readonly selfCpuSec: number;
  /**
   * CPU used by everything else on the machine meanwhile, in cores (0.6 = 60%
   * of one core); undefined where /proc/stat is missing. High values mean the
   * numbers are noisy.
   */
  readonly otherCores: number | undefined;
}

const CASE_FLAG = '--bench-case';

/**
 * Run one case of `script` in a fresh node process (same loader, plus
 * `--expose-gc`), so JIT feedback, heap and event loop of one case do not
 * leak into another. The script must call `serveCase` first thing.
 */
export const runIsolated = <R>(script: string, caseId: string, extraNodeFlags: ReadonlyArray<string> = []): Promise<CaseReport<R>> =>
  new Promise((resolve, reject) => {
    const execArgv = [...process.execArgv, '--expose-gc', ...extraNodeFlags];
    const child = fork(script, [CASE_FLAG, caseId], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: CaseReport<R> | undefined;
    child.on('message', (m) => {
      report = m as CaseReport<R>;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (report !== undefined) resolve(report);
      else reject(new Error(`case ${caseId} exited with ${signal ?? `code ${code}`} and no result`));
    });
  });

/**
 * In a process started by `runIsolated`: run the requested case, send its
 * report to the parent and return true. Elsewhere: return false at once.
 */
export const serveCase = async (cases: Readonly<Record<string, () => unknown>>): Promise<boolean> => {
  const i = process.argv.indexOf(CASE_FLAG);
  if (i < 0) return false;
  const id = process.argv[i + 1];
  const run = cases[id];
  if (run === undefined) throw new Error(`unknown case '${id}'`);
  const cpu0 = process.cpuUsage();
  const machine0 = machineCpuTimes();
  const t0 = process.hrtime.bigint();
  const result = await run();
  const wallSec = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const machine1 = machineCpuTimes();
  const selfCpuSec = (cpu.user + cpu.system) / 1e6;
  const otherCores =
    machine0 === undefined || machine1 === undefined
      ? undefined
      : Math.max(0, (machine1.busySec - machine0.busySec - selfCpuSec) / wallSec);
  const report: CaseReport<unknown> = { result, wallSec, selfCpuSec, otherCores };
  const send = process.send?.bind(process);
  if (send === undefined) {
    // Run by hand (`tsx --expose-gc bench/x.ts --bench-case id`): print the report.
    console.log(JSON.stringify(report, null, 2));
    return true;
  }
  await new Promise<void>((resolve) => send(report, undefined, undefined, () => resolve()));
  process.disconnect();
  return true;
};

/** Seconds since `start` (from `process.hrtime.bigint()`). */
export const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** One case's report, by case id. */
export interface CaseRun<R> {
  readonly id: string;
  readonly report: CaseReport<R>;
}

/**
 * Run every case id of `script` in its own process, one after another,
 * printing a progress line per case (wall time, and CPU taken by other
 * processes meanwhile).
 */
export const runCases = async <R>(script: string, ids: ReadonlyArray<string>, labelWidth: number): Promise<CaseRun<R>[]> => {
  const runs: CaseRun<R>[] = [];
  for (const id of ids) {
    process.stdout.write(`  ${id.padEnd(labelWidth)} `);
    const report = await runIsolated<R>(script, id);
    runs.push({ id, report });
    const other = report.otherCores === undefined ? '' : `, other processes ${report.otherCores.toFixed(2)} cores`;
    console.log(`${report.wallSec.toFixed(1)} s${other}`);
  }
  return runs;
};
