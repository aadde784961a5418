import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLiveRedisCluster, type LiveRedisCluster, type LiveRedisClusterOptions } from '../../../../actors/redis/resp/index.js';
import { waitFor } from '../../../support/waitFor.js';

/** Whether a TCP port on 127.0.0.1 can be bound now. */
const portFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

let nextBase = 20_000 + ((process.pid * 37) % 400) * 50;

/**
 * A base port with `count` consecutive free ports (and their bus ports,
 * port + 10000, when `bus`), probed on 127.0.0.1. Ports start from a
 * pid-derived offset, so parallel spec runs rarely collide.
 */
export const freePorts = async (count: number, bus = false): Promise<number> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = nextBase;
    nextBase += count + 3;
    if (nextBase > 39_000) nextBase = 20_000;
    let ok = true;
    for (let p = base; p < base + count && ok; p++) ok = (await portFree(p)) && (!bus || (await portFree(p + 10_000)));
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
};

export { waitFor };

/** A live one-process cluster on free ports, ready (cluster_state ok on every node). */
export const startLive = async (options: Partial<LiveRedisClusterOptions> = {}): Promise<LiveRedisCluster> => {
  const servers = options.servers ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const basePort = await freePorts(servers * (1 + replicas));
  const live = await createLiveRedisCluster({ servers, nodeTimeoutMs: 1000, ...options, basePort });
  await waitFor('cluster_state:ok', () => live.status().every((n) => n.state === 'ok'), 15_000);
  return live;
};

/** A raw TCP client: send bytes, read what comes back. */
export interface RawClient {
  readonly socket: Socket;
  send(data: string | Buffer): void;
  /** Everything received so far (latin1). */
  received(): string;
  /** Wait until the received bytes satisfy `done`. */
  until(done: (received: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Wait until the server closed the connection. */
  closed(timeoutMs?: number): Promise<void>;
  /** Destroy the socket. */
  close(): void;
}

export const rawClient = async (port: number): Promise<RawClient> => {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buf = '';
  let ended = false;
  socket.on('data', (d: Buffer) => (buf += d.toString('latin1')));
  socket.on('close', () => (ended = true));
  socket.on('error', () => (ended = true));
  return {
    socket,
    send: (data) => void socket.write(data),
    received: () => buf,
    until: (done, timeoutMs = 5_000) => waitFor('reply bytes', () => (done(buf) ? buf : undefined), timeoutMs),
    closed: async (timeoutMs = 5_000) => void (await waitFor('server to close the connection', () => ended, timeoutMs)),
    close: () => socket.destroy(),
  };
};

/** A RESP array of bulk strings. */
export const resp = (...argv: string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** A real redis-server started for a spec or a bench. */
export interface RealRedis {
  readonly port: number;
  stop(): Promise<void>;
}

/** Whether a program is on PATH. */
export const hasBinary = (name: string): boolean => {
  const r = spawnSync('sh', ['-c', `command -v ${name}`]);
  return r.status === 0;
};

/** Start `redis-server` on a free port (no persistence, loopback), ready for commands. */
export const startRedisServer = async (args: string[] = []): Promise<RealRedis> => {
  const port = await freePorts(1, args.includes('--cluster-enabled'));
  const dir = mkdtempSync(join(tmpdir(), 'troupe-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], { stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => (exited = true));
  await waitFor(`redis-server on ${port}`, async () => {
    if (exited) throw new Error('redis-server exited');
    const c = await rawClient(port).catch(() => undefined);
    if (c === undefined) return false;
    c.send(resp('PING'));
    await c.until((r) => r === '+PONG\r\n', 1000);
    c.close();
    return true;
  });
  return {
    port,
    stop: async () => {
      if (!exited) {
        child.kill('SIGKILL');
        await waitFor('redis-server to exit', () => exited);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
