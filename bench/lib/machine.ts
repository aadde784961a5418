import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

/** What a benchmark ran on. */
export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemBytes: number;
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAvg: ReadonlyArray<number>;
}

/** Describe this machine and runtime. */
export const machineInfo = (): MachineInfo => {
  const list = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    totalMemBytes: totalmem(),
    loadAvg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
};

/** Busy and total CPU time of the whole machine so far, in seconds (Linux; undefined elsewhere). */
export interface CpuTimes {
  readonly busySec: number;
  readonly totalSec: number;
}

// USER_HZ is 100 on every Linux platform node supports.
const USER_HZ = 100;

/** Read machine-wide CPU times from /proc/stat. */
export const machineCpuTimes = (): CpuTimes | undefined => {
  try {
    const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const f = first.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
    const busy = user + nice + system + irq + softirq + steal;
    return { busySec: busy / USER_HZ, totalSec: (busy + idle + iowait) / USER_HZ };
  } catch {
    return undefined;
  }
};
