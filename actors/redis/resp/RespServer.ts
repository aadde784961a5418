import { createServer, type Server } from 'node:net';
import type { Ref } from '../../../lib/actor/index.js';
import type { RedisCommand, RedisNodeMsg } from '../protocol.js';
import { RespConnection, type ConnectionHost } from './RespConnection.js';
import { RESP_LIMIT_DEFAULTS, type RespLimits } from './RespParser.js';
import type { ReplyEndpoint } from './ReplyEndpoint.js';

/** Options of one RESP listener in front of a node actor. */
export interface RespServerOptions {
  /** Sends messages into the actor system (an ActorSystem). */
  system: { tell<M>(to: Ref<M>, message: M): void };
  /** The node actor commands go to. */
  node: Ref<RedisNodeMsg>;
  /** Where replies come back (the system's transport, or in front of it). */
  endpoint: ReplyEndpoint;
  /** TCP port (0: any free port). */
  port: number;
  /** Address to bind. @default '127.0.0.1' */
  bind?: string;
  /** requirepass: clients must AUTH first. @default none */
  requirepass?: string;
  /** Request limits. @default RESP_LIMIT_DEFAULTS */
  limits?: RespLimits;
  /** Pipelined commands in flight per client before reading pauses (memory per client ≤ outputSoftBytes + maxInFlight × the largest reply). @default 256 */
  maxInFlight?: number;
  /** Unsent reply bytes per client before reading pauses. @default 1048576 */
  outputSoftBytes?: number;
  /** Unsent reply bytes per client before it is closed (Redis's client-output-buffer-limit). @default 268435456 */
  outputHardBytes?: number;
  /**
   * How commands travel to the node: `read` — one message per socket read,
   * sent as soon as the read is parsed (best with a dispatcher that drains
   * mailboxes per turn, lib/actor's default);
   * `turn` — one message for everything read in an event-loop turn (an
   * immediate; best with plain nact, which handles one message per actor
   * per turn). @default 'read'
   */
  batch?: 'read' | 'turn';
}

/** Defaults of {@link RespServerOptions}. */
export const RESP_SERVER_DEFAULTS = {
  bind: '127.0.0.1',
  maxInFlight: 256,
  outputSoftBytes: 1024 * 1024,
  outputHardBytes: 256 * 1024 * 1024,
} as const;

/** A RESP listener: its port, its clients, how to close it. */
export interface RespServer {
  /** The port it listens on. */
  readonly port: number;
  /** Clients connected now. */
  readonly clients: ReadonlySet<RespConnection>;
  /** Stop listening and close every client. */
  close(): Promise<void>;
}

let connectionIds = 0;
const RESOLVED = Promise.resolve();

/**
 * Serve a node actor over RESP on a TCP port: every connection parses
 * requests, answers connection commands itself, and sends the rest to the
 * node (see {@link RespConnection}). Binds 127.0.0.1 unless told otherwise.
 *
 * @example
 * const endpoint = new ReplyEndpoint();
 * const system = createActorSystem({ transport: endpoint });
 * const node = system.node('s1').spawn(redisNode({ port: 30001, directory }), 'redis-30001');
 * const server = await createRespServer({ system, node, endpoint, port: 30001 });
 * // redis-cli -p 30001 ping → PONG
 * await server.close();
 */
export const createRespServer = async (options: RespServerOptions): Promise<RespServer> => {
  const clients = new Set<RespConnection>();
  const perTurn = options.batch === 'turn';
  const tellNode = (commands: RedisCommand[]): void => {
    if (commands.length === 1) options.system.tell(options.node, commands[0]);
    else options.system.tell<RedisNodeMsg>(options.node, { type: 'commands', commands });
  };
  // 'turn': the commands parsed in one event-loop turn (from every client) go to the node as one message.
  let turnBatch: RedisCommand[] = [];
  const flushTurn = (): void => {
    const commands = turnBatch;
    if (commands.length === 0) return;
    turnBatch = [];
    tellNode(commands);
  };
  // Connections with replies to write once the node's turn is over: one microtask for all of them.
  let dirty: RespConnection[] = [];
  const flushDirty = (): void => {
    const list = dirty;
    dirty = [];
    for (const c of list) c.flush();
  };
  const host: ConnectionHost = {
    submit: (commands) => {
      if (!perTurn) {
        tellNode(commands);
        return;
      }
      if (turnBatch.length === 0) setImmediate(flushTurn);
      for (const c of commands) turnBatch.push(c);
    },
    scheduleFlush: (connection) => {
      // A resolved promise's then: a plain V8 microtask (queueMicrotask adds an async resource per call).
      if (dirty.length === 0) void RESOLVED.then(flushDirty);
      dirty.push(connection);
    },
    connectionClosed: (conn) => {
      flushTurn();
      options.system.tell<RedisNodeMsg>(options.node, { type: 'close-connection', conn });
    },
    endpoint: options.endpoint,
    requirepass: options.requirepass,
    limits: { ...RESP_LIMIT_DEFAULTS, ...options.limits },
    maxInFlight: options.maxInFlight ?? RESP_SERVER_DEFAULTS.maxInFlight,
    outputSoftBytes: options.outputSoftBytes ?? RESP_SERVER_DEFAULTS.outputSoftBytes,
    outputHardBytes: options.outputHardBytes ?? RESP_SERVER_DEFAULTS.outputHardBytes,
    closed: (c) => clients.delete(c),
  };
  const server: Server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    clients.add(new RespConnection(++connectionIds, socket, host));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bind ?? RESP_SERVER_DEFAULTS.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port,
    clients,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of [...clients]) c.destroy();
        server.close(() => resolve());
      }),
  };
};
