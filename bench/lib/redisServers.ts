import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Helpers of the Redis benchmarks: real redis-server processes, troupe processes, raw RESP commands. */

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const run = promisify(execFile);

/** Whether a program is on PATH. */
export const hasBinary = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

const portFree = (port: number): Promise<boolean> =>
  new Promise((ok) => {
    const s = createServer();
    s.once('error', () => ok(false));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });

let nextPort = 41_000;

/** `count` consecutive free ports (with free bus ports port+10000). */
export const freePorts = async (count: number): Promise<number> => {
  for (;;) {
    const base = nextPort;
    nextPort += count + 1;
    if (nextPort > 54_000) nextPort = 41_000;
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = (await portFree(p)) && (await portFree(p + 10_000));
    if (ok) return base;
  }
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll until `check` is truthy (every `everyMs`), or throw after `timeoutMs`. */
export const waitFor = async <T>(what: string, check: () => Promise<T> | T, timeoutMs = 30_000, everyMs = 20): Promise<NonNullable<T>> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null && v !== false) return v as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
};

const encode = (argv: string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** Length of the first complete RESP reply in `s`, or -1. */
const replyEnd = (s: string, i = 0): number => {
  const e = s.indexOf('\r\n', i);
  if (e < 0) return -1;
  const t = s[i];
  if (t === '$') {
    const n = Number(s.slice(i + 1, e));
    if (n < 0) return e + 2;
    return s.length >= e + 2 + n + 2 ? e + 2 + n + 2 : -1;
  }
  if (t === '*') {
    const n = Number(s.slice(i + 1, e));
    let at = e + 2;
    for (let k = 0; k < n; k++) {
      at = replyEnd(s, at);
      if (at < 0) return -1;
    }
    return at;
  }
  return e + 2;
};

/** A persistent raw connection sending one command at a time (undefined replies when the node is gone). */
export interface RespLink {
  command(...argv: string[]): Promise<string | undefined>;
  close(): void;
}

/** Open a connection to a node (undefined if refused). */
export const respLink = (port: number, timeoutMs = 1000): Promise<RespLink | undefined> =>
  new Promise((resolveLink) => {
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let buf = '';
    let waiter: ((r: string | undefined) => void) | undefined;
    let dead = false;
    const finish = (r: string | undefined): void => {
      const w = waiter;
      waiter = undefined;
      w?.(r);
    };
    socket.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      const end = replyEnd(buf);
      if (end > 0) {
        const r = buf.slice(0, end);
        buf = buf.slice(end);
        finish(r);
      }
    });
    const fail = (): void => {
      if (!dead) {
        dead = true;
        finish(undefined);
        resolveLink(undefined);
      }
    };
    socket.on('error', fail);
    socket.on('close', fail);
    // One command at a time on the connection: callers are queued.
    let chain: Promise<unknown> = Promise.resolve();
    const one = (argv: string[]): Promise<string | undefined> =>
      dead
        ? Promise.resolve(undefined)
        : new Promise((r) => {
            const t = setTimeout(() => finish(undefined), timeoutMs);
            waiter = (x) => {
              clearTimeout(t);
              r(x);
            };
            socket.write(encode(argv));
          });
    socket.on('connect', () =>
      resolveLink({
        command: (...argv) => {
          const next = chain.then(() => one(argv));
          chain = next;
          return next;
        },
        close: () => socket.destroy(),
      }),
    );
  });

/** One command on a fresh connection. */
export const command = async (port: number, ...argv: string[]): Promise<string | undefined> => {
  const l = await respLink(port);
  if (l === undefined) return undefined;
  try {
    return await l.command(...argv);
  } finally {
    l.close();
  }
};

/** A group of server processes. */
export interface Processes {
  readonly ports: number[];
  readonly children: Map<number, ChildProcess>;
  kill(port: number, signal?: NodeJS.Signals): void;
  stop(): Promise<void>;
}

const track = (ports: number[], children: Map<number, ChildProcess>, cleanup: () => void = () => undefined): Processes => ({
  ports,
  children,
  kill: (port, signal = 'SIGKILL') => void children.get(port)?.kill(signal),
  stop: async () => {
    for (const c of children.values()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all([...children.values()].map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    cleanup();
  },
});

/** Start `count` redis-server processes (cluster mode when `nodeTimeoutMs` is given). */
export const startRedisServers = async (count: number, nodeTimeoutMs?: number): Promise<Processes> => {
  const base = await freePorts(count);
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const children = new Map<number, ChildProcess>();
  for (let i = 0; i < count; i++) {
    const port = base + i;
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `dump-${port}.rdb`];
    if (nodeTimeoutMs !== undefined) args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', String(nodeTimeoutMs));
    children.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
  }
  const ports = Array.from({ length: count }, (_, i) => base + i);
  for (const p of ports) await waitFor(`redis-server ${p}`, async () => (await command(p, 'PING')) === '+PONG\r\n');
  return track(ports, children, () => rmSync(dir, { recursive: true, force: true }));
};

/** Start `troupe redis-node` processes on consecutive ports. */
export const startTroupeNodes = async (count: number, nodeTimeoutMs: number): Promise<Processes> => {
  const base = await freePorts(count);
  const children = new Map<number, ChildProcess>();
  const ports = Array.from({ length: count }, (_, i) => base + i);
  for (const port of ports) {
    children.set(port, spawn(process.execPath, [resolve(root, 'bin/troupe.js'), 'redis-node', '--port', String(port), '--node-timeout', `${nodeTimeoutMs}ms`], { cwd: root, stdio: 'ignore' }));
  }
  for (const p of ports) await waitFor(`troupe redis-node ${p}`, async () => (await command(p, 'PING')) === '+PONG\r\n', 60_000, 100);
  return track(ports, children);
};

/**
 * The Node floor (bench/lib/minimalRespNode.ts): one node owning every slot
 * (`one`), that node and its replica (`pair`, two processes), or three
 * masters (slots split as redis-cli --cluster create does) each with a
 * replica, every node its own process (`six`) or all six in one (`six in one`).
 */
export const startFloorNodes = async (layout: 'one' | 'pair' | 'six' | 'six in one'): Promise<Processes> => {
  const count = layout === 'one' ? 1 : layout === 'pair' ? 2 : 6;
  const base = await freePorts(count);
  const ports = Array.from({ length: count }, (_, i) => base + i);
  const topology =
    layout === 'one'
      ? `${base}:m:0-16383`
      : layout === 'pair'
        ? `${base}:m:0-16383,${base + 1}:r::${base}`
        : [`${base}:m:0-5460`, `${base + 1}:m:5461-10922`, `${base + 2}:m:10923-16383`, `${base + 3}:r::${base}`, `${base + 4}:r::${base + 1}`, `${base + 5}:r::${base + 2}`].join(',');
  const start = (serve: number[]): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', resolve(root, 'bench/lib/minimalRespNode.ts'), '--ports', serve.join(','), '--topology', topology], { cwd: root, stdio: 'ignore' });
  const children = new Map<number, ChildProcess>();
  if (layout === 'six in one') {
    const child = start(ports);
    for (const p of ports) children.set(p, child);
  } else for (const p of [...ports].reverse()) children.set(p, start([p])); // replicas first: their masters dial them
  for (const p of ports) await waitFor(`node floor ${p}`, async () => (await command(p, 'PING')) === '+PONG\r\n', 60_000, 100);
  return track(ports, children);
};

/** `troupe redis --servers N` in its own process, with a control port. */
export const startTroupeCluster = async (servers: number, replicas: number, nodeTimeoutMs: number, dispatcher = 'nact-batched'): Promise<Processes & { readonly control: number }> => {
  const count = servers * (1 + replicas);
  const base = await freePorts(count + 1);
  const control = base + count;
  const child = spawn(
    process.execPath,
    [resolve(root, 'bin/troupe.js'), 'redis', '--servers', String(servers), '--replicas', String(replicas), '--port', String(base), '--node-timeout', `${nodeTimeoutMs}ms`, '--control-port', String(control), '--dispatcher', dispatcher],
    { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor('troupe redis ready', () => out.includes('cluster_state:ok on every node'), 60_000, 50);
  const ports = Array.from({ length: count }, (_, i) => base + i);
  return { ...track(ports, new Map(ports.map((p) => [p, child]))), control };
};

/** `redis-cli --cluster create` over the nodes (3 masters + 3 replicas for 6), then wait for cluster_state:ok everywhere. */
export const createCluster = async (ports: number[], replicas = 1): Promise<void> => {
  await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 60_000 });
  for (const p of ports) await waitFor(`cluster_state:ok on ${p}`, async () => (await command(p, 'CLUSTER', 'INFO'))?.includes('cluster_state:ok'), 60_000, 50);
};

/** One CLUSTER NODES row. */
export interface NodeRow {
  readonly id: string;
  readonly port: number;
  readonly flags: string[];
  readonly master: string;
  readonly slots: string[];
}

/** CLUSTER NODES of a node, parsed. */
export const clusterNodes = async (port: number): Promise<NodeRow[]> => {
  const r = await command(port, 'CLUSTER', 'NODES');
  if (r === undefined || !r.startsWith('$')) return [];
  return r
    .slice(r.indexOf('\r\n') + 2, -2)
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map((f) => ({ id: f[0], port: Number(f[1].split(':')[1].split('@')[0]), flags: f[2].split(','), master: f[3], slots: f.slice(8) }));
};

/** The redis-benchmark `--csv` result: requests per second by test. */
export const redisBenchmark = async (args: string[]): Promise<Record<string, number>> => {
  const { stdout } = await run('redis-benchmark', ['--csv', ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  const out: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    const m = /^"([A-Z]+)[^"]*","([\d.]+)"/.exec(line);
    if (m !== null) out[m[1]] = Number(m[2]);
  }
  return out;
};
