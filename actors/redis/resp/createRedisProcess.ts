import * as E from 'fp-ts/Either';
import { createActorSystem, pathRef, reportDecodeErrors, type ActorSystem, type Ref } from '../../../lib/actor/index.js';
import { TcpTransport, type TcpTransportStats } from '../../../lib/network/index.js';
import type { ClusterConfig } from '../ClusterConfig.js';
import { redisPath } from '../createRedisCluster.js';
import { decodeRedisNodeMsg, type RedisNodeMsg } from '../protocol.js';
import { redisNode, type RedisNodeOptions } from '../RedisNode.js';
import type { RedisNodeView } from '../RedisNodeView.js';
import { configKey, type RedisDirectory } from '../RedisServer.js';
import { Reply } from '../Reply.js';
import { liveDispatcher, type LiveDispatcher } from './createLiveRedisCluster.js';
import { ReplyEndpoint } from './ReplyEndpoint.js';
import { createRespServer, type RespServer, type RespServerOptions } from './RespServer.js';

/** Options of {@link createRedisProcess}. */
export interface RedisProcessOptions {
  /** Client port; the cluster bus listens on port + 10000. */
  port: number;
  /** Address this node announces and binds. @default '127.0.0.1' */
  host?: string;
  /** cluster-node-timeout. @default 15000 */
  nodeTimeoutMs?: number;
  /** nodes.conf to start from (saved by an earlier run); a fresh node alone when absent. */
  config?: ClusterConfig;
  /** requirepass. @default none */
  requirepass?: string;
  /** Seed of the node's random choices (and its id when fresh). @default derived from the pid and port */
  seed?: number;
  /** Other node options (validity factor, repl timeouts…). */
  node?: Omit<RedisNodeOptions, 'port' | 'host' | 'directory' | 'nodeTimeoutMs' | 'config' | 'views'>;
  /** Per-connection limits and buffers. */
  resp?: Pick<RespServerOptions, 'limits' | 'maxInFlight' | 'outputSoftBytes' | 'outputHardBytes'>;
  /** Which live dispatcher runs the node actor. @default 'nact-batched' */
  dispatcher?: LiveDispatcher;
}

/** One Redis node running in this OS process: RESP on its port, the cluster bus over TCP on port + 10000. */
export interface RedisProcess {
  readonly addr: string;
  readonly system: ActorSystem;
  readonly node: Ref<RedisNodeMsg>;
  readonly resp: RespServer;
  /** Bus traffic counters. */
  busStats(): TcpTransportStats;
  /** The node's live view (role, epochs, slots…). */
  view(): RedisNodeView | undefined;
  /** Its nodes.conf as last saved (write it to a file to survive a process restart). */
  savedConfig(): ClusterConfig | undefined;
  /** Run a command on the node (as a client would) and get its reply. */
  command(argv: string[]): Promise<Reply>;
  /** Close the ports and stop. */
  close(): Promise<void>;
}

/** `host:port` → the bus address (port + 10000) of the process hosting that node. */
const busAddressOf = (node: string): { host: string; port: number } | undefined => {
  const i = node.lastIndexOf(':');
  const port = Number(node.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port <= 0 || port + 10_000 > 65_535) return undefined;
  return { host: node.slice(0, i), port: port + 10_000 };
};

/**
 * Run one Redis Cluster node in this process, live: the node actor on a
 * troupe node named after its address, RESP clients on `port`, and the
 * cluster bus, replication and MIGRATE traffic to nodes in other processes
 * as length-prefixed JSON frames over TCP on port + 10000, each message
 * decoded with the node's io-ts codec on arrival. Nodes join with CLUSTER
 * MEET, as real ones do.
 *
 * @example
 * const a = await createRedisProcess({ port: 30001, nodeTimeoutMs: 1000 });
 * const b = await createRedisProcess({ port: 30002, nodeTimeoutMs: 1000 });
 * await a.command(['CLUSTER', 'MEET', '127.0.0.1', '30002']);
 */
export const createRedisProcess = async (options: RedisProcessOptions): Promise<RedisProcess> => {
  const host = options.host ?? '127.0.0.1';
  const addr = `${host}:${options.port}`;
  const endpoint = new ReplyEndpoint('$resp');
  const { dispatcher, batch } = liveDispatcher(options.dispatcher);
  const system = createActorSystem({ name: `troupe-redis-${options.port}`, seed: options.seed ?? (process.pid * 65_536 + options.port) % 2_147_483_647, transport: endpoint, dispatcher });
  const tcp = new TcpTransport({
    system,
    isLocal: (n) => n === addr,
    addressOf: busAddressOf,
    listen: { host, port: options.port + 10_000 },
    decode: (to, message) => {
      const r = to.path.startsWith('/$ask/') ? Reply.decode(message) : decodeRedisNodeMsg(message);
      return E.isLeft(r) ? E.left(reportDecodeErrors(r.left)) : E.right(r.right);
    },
  });
  endpoint.inner = tcp;
  const directory: RedisDirectory = {
    resolve: (a) => {
      const bus = busAddressOf(a);
      if (bus === undefined) return undefined;
      const path = redisPath(bus.port - 10_000);
      return a === addr ? pathRef<RedisNodeMsg>(addr, path) : tcp.relayRef<RedisNodeMsg>(a, path);
    },
  };
  await tcp.start();
  const views = new Map<string, RedisNodeView>();
  const behaviour = redisNode({ ...options.node, port: options.port, host, directory, nodeTimeoutMs: options.nodeTimeoutMs, config: options.config, views });
  const actorNode = system.node(addr, { boot: (n) => n.spawn(behaviour, redisPath(options.port).slice(1)) });
  const node = pathRef<RedisNodeMsg>(addr, redisPath(options.port));
  let resp: RespServer;
  try {
    resp = await createRespServer({ ...options.resp, system, node, endpoint, port: options.port, bind: host, requirepass: options.requirepass, batch });
  } catch (err) {
    await tcp.close();
    await system.shutdown();
    throw err;
  }
  let asks = 0;
  return {
    addr,
    system,
    node,
    resp,
    busStats: () => ({ ...tcp.stats }),
    view: () => views.get(addr),
    savedConfig: () => actorNode.disk.get(configKey(addr)) as ClusterConfig | undefined,
    command: (argv) =>
      new Promise<Reply>((resolve) => {
        const path = `/admin${++asks}`;
        endpoint.register(path, (_seq, reply) => {
          endpoint.unregister(path);
          resolve(reply);
        });
        system.tell(node, { type: 'command', argv, replyTo: endpoint.replyRef(path, 1) });
      }),
    async close() {
      await resp.close();
      await tcp.close();
      await system.shutdown();
    },
  };
};
