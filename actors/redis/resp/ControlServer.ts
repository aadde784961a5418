import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LiveRedisCluster } from './createLiveRedisCluster.js';

/** A running control endpoint. */
export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

/** `2` or `s2` → `s2`. */
export const serverName = (arg: string): string => (/^\d+$/.test(arg) ? `s${arg}` : arg);

/**
 * The control interface of a one-process live cluster, as a small HTTP API
 * on loopback (`troupe redis-ctl` speaks it):
 *
 * - `GET /status` → JSON list of nodes (address, server, up, role, state, slots, keys)
 * - `POST /crash/<server>`, `POST /restart/<server>` (`2` means `s2`)
 * - `POST /partition/<s1,s2>/<s3>…` (groups separated by `/`), `POST /heal`
 *
 * Every answer is JSON: `{ ok: true, … }` or `{ ok: false, error }` with status 400/404.
 *
 * @example
 * const control = await createControlServer(live, 0);
 * await fetch(`http://127.0.0.1:${control.port}/crash/2`, { method: 'POST' });
 */
export const createControlServer = async (live: LiveRedisCluster, port: number, bind = '127.0.0.1'): Promise<ControlServer> => {
  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(`${JSON.stringify(body)}\n`);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parts = (req.url ?? '/').split('?')[0].split('/').filter((p) => p !== '').map(decodeURIComponent);
    const [action, ...args] = parts;
    try {
      if (req.method === 'GET' && action === 'status') return answer(res, 200, { ok: true, nodes: live.status() });
      if (req.method !== 'POST') return answer(res, 404, { ok: false, error: `unknown endpoint ${req.method} ${req.url}` });
      switch (action) {
        case 'crash':
          if (args.length !== 1) return answer(res, 400, { ok: false, error: 'usage: POST /crash/<server>' });
          await live.crash(serverName(args[0]));
          return answer(res, 200, { ok: true, crashed: serverName(args[0]) });
        case 'restart':
          if (args.length !== 1) return answer(res, 400, { ok: false, error: 'usage: POST /restart/<server>' });
          await live.restart(serverName(args[0]));
          return answer(res, 200, { ok: true, restarted: serverName(args[0]) });
        case 'partition': {
          const groups = args.map((g) => g.split(',').filter((s) => s !== '').map(serverName));
          if (groups.length < 2) return answer(res, 400, { ok: false, error: 'usage: POST /partition/<s1,s2>/<s3>' });
          live.partition(groups);
          return answer(res, 200, { ok: true, partition: groups });
        }
        case 'heal':
          live.heal();
          return answer(res, 200, { ok: true });
        default:
          return answer(res, 404, { ok: false, error: `unknown endpoint POST /${action ?? ''}` });
      }
    } catch (err) {
      return answer(res, 400, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
