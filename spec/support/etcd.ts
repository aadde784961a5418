import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway etcd server for specs and benches. */
export interface EtcdProcess {
  /** Its client URL, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** It as a troupe store URL (see `parseStoreUrl`), e.g. `etcd://127.0.0.1:41234`. */
  readonly url: string;
  readonly clientPort: number;
  /** Everything it printed (stderr and stdout), for failure messages. */
  output(): string;
  /** Stop it (SIGTERM, then SIGKILL) and delete its data directory. */
  stop(): Promise<void>;
}

/** Options of {@link startEtcd}. */
export interface StartEtcdOptions {
  /** The etcd binary. @default $ETCD_BIN, else /usr/bin/etcd */
  bin?: string;
  /** More command-line flags, e.g. `['--experimental-watch-progress-notify-interval=1s']`. */
  args?: ReadonlyArray<string>;
  /** How long to wait for /health. @default 20_000 */
  readyTimeoutMs?: number;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Whether etcd at `endpoint` says it is healthy. */
const healthy = async (endpoint: string): Promise<boolean> => {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: unknown };
    return body.health === 'true' || body.health === true;
  } catch {
    return false;
  }
};

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));

/**
 * Start a single-member etcd on free 127.0.0.1 client and peer ports with a
 * temporary data directory, and wait until it is healthy. Fails — never
 * skips — when the binary is missing: CI installs Debian's etcd-server
 * (`.ci/run`). On arches other than amd64 it sets ETCD_UNSUPPORTED_ARCH,
 * which etcd 3.4 requires there.
 *
 * @example
 * const etcd = await startEtcd();
 * // ... etcd.endpoint ...
 * await etcd.stop();
 */
export const startEtcd = async (options: StartEtcdOptions = {}): Promise<EtcdProcess> => {
  const bin = options.bin ?? process.env.ETCD_BIN ?? '/usr/bin/etcd';
  if (!existsSync(bin)) {
    throw new Error(`etcd binary not found at ${bin}: install etcd (Debian/Ubuntu: apt-get install etcd-server) or set ETCD_BIN. The etcd store specs need a real etcd.`);
  }
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'troupe-etcd-'));
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (process.arch !== 'x64') env.ETCD_UNSUPPORTED_ARCH = process.arch;
  const child = spawn(
    bin,
    [
      '--name=spec',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=spec=${peer}`,
      '--initial-cluster-state=new',
      '--logger=zap',
      '--log-level=warn',
      ...(options.args ?? []),
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  // Never leave an etcd behind, even if the spec run dies before stop().
  const reap = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', reap);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', reap);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited(child).then(() => true), sleep(5_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (spawnError !== undefined || child.exitCode !== null) {
      await stop();
      throw new Error(`etcd (${bin}) did not start: ${spawnError?.message ?? `exit code ${child.exitCode}`}\n${output.slice(-2_000)}`);
    }
    if (await healthy(client)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd (${bin}) not healthy within ${options.readyTimeoutMs ?? 20_000} ms\n${output.slice(-2_000)}`);
    }
    await sleep(50);
  }
  return { endpoint: client, url: `etcd://127.0.0.1:${clientPort}`, clientPort, output: () => output, stop };
};
