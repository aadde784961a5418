import { pathRef, type ActorNode, type NodeOptions, type Ref } from '../../lib/actor/index.js';
import type { Random } from '../../lib/random/index.js';
import type { ClusterConfig, ClusterConfigNode } from './ClusterConfig.js';
import type { RedisNodeMsg } from './protocol.js';
import { redisNode, REDIS_NODE_DEFAULTS, type RedisNodeOptions } from './RedisNode.js';
import type { RedisNodeView } from './RedisNodeView.js';
import { randomNodeId, type RedisDirectory } from './RedisServer.js';
import { NO_SLOTS, evenSlotRanges } from './SlotRanges.js';

/** What the builder needs from a Simulation or a live ActorSystem: nodes (machines) and a seeded stream. */
export interface RedisClusterHost {
  node(name: string, options?: NodeOptions): ActorNode;
  readonly random: Random;
}

/** Options of {@link createRedisCluster}. */
export interface RedisClusterOptions {
  /** Physical servers (troupe nodes). */
  servers: number;
  /** Masters. @default servers */
  masters?: number;
  /** Replicas of each master. @default 1 */
  replicasPerMaster?: number;
  /** cluster-node-timeout of every node. @default 15000 */
  nodeTimeoutMs?: number;
  /** Port of the first master; the others follow (masters first, then replicas). @default 30001 */
  basePort?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Name of server i (0-based). @default `s${i + 1}` */
  serverName?: (i: number) => string;
  /**
   * `config`: every node starts from a nodes.conf with the whole layout (as
   * after `redis-cli --cluster create`); `empty`: every node starts alone, to
   * be joined with CLUSTER MEET / ADDSLOTS / REPLICATE. @default 'config'
   */
  bootstrap?: 'config' | 'empty';
  /** Other node options (validity factor, repl timeouts…). */
  node?: Omit<RedisNodeOptions, 'port' | 'host' | 'directory' | 'nodeTimeoutMs' | 'config' | 'nodeId' | 'views'>;
}

/** One Redis node of a built cluster, as laid out at the start. */
export interface RedisNodeHandle {
  readonly addr: string;
  readonly port: number;
  /** The troupe node (physical server) hosting it. */
  readonly server: string;
  /** Actor path on its server. */
  readonly path: string;
  /** A ref that reaches whichever incarnation runs there. */
  readonly ref: Ref<RedisNodeMsg>;
  /** Its node id. */
  readonly id: string;
  /** Its role at the start. */
  readonly initialRole: 'master' | 'replica';
  /** Its master's address at the start (replicas). */
  readonly initialMaster: string | undefined;
}

/** A built cluster: where its nodes are and how to look at them. */
export interface RedisCluster {
  readonly servers: ReadonlyArray<string>;
  readonly nodes: ReadonlyArray<RedisNodeHandle>;
  readonly directory: RedisDirectory;
  readonly nodeTimeoutMs: number;
  /** Node by address. */
  node(addr: string): RedisNodeHandle;
  /** Nodes hosted by a server. */
  nodesOn(server: string): RedisNodeHandle[];
  /** Whether the server hosting `addr` is up. */
  isUp(addr: string): boolean;
  /** The live view of a node (undefined while its server is down). */
  view(addr: string): RedisNodeView | undefined;
  /** Views of every node whose server is up. */
  liveViews(): RedisNodeView[];
}

/** The path of the node listening on `port`. */
export const redisPath = (port: number): string => `/redis-${port}`;

/**
 * Build a Redis Cluster on troupe nodes, with the source text's layout by
 * default: server i hosts master i and the replica of master i−1, so losing
 * one server loses one master and one replica, and the lost master's replica
 * lives elsewhere. Slots are split evenly over the masters; every node has a
 * 40-hex id from the host's seeded stream. Works on a Simulation or a live
 * ActorSystem (anything with `node()` and `random`).
 *
 * @example
 * const sim = createSimulation({ seed: 1 });
 * const cluster = createRedisCluster(sim, { servers: 3, nodeTimeoutMs: 1000 });
 * sim.runFor(3_000);
 * cluster.liveViews().every((v) => v.clusterState() === 'ok'); // true
 */
export const createRedisCluster = (host: RedisClusterHost, options: RedisClusterOptions): RedisCluster => {
  const serverCount = options.servers;
  const masters = options.masters ?? serverCount;
  const replicas = options.replicasPerMaster ?? 1;
  if (!Number.isInteger(serverCount) || serverCount < 1) throw new RangeError(`servers must be a positive integer, got ${serverCount}`);
  if (!Number.isInteger(masters) || masters < 1) throw new RangeError(`masters must be a positive integer, got ${masters}`);
  if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicasPerMaster must be ≥ 0, got ${replicas}`);
  const basePort = options.basePort ?? 30001;
  const hostName = options.host ?? REDIS_NODE_DEFAULTS.host;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? REDIS_NODE_DEFAULTS.nodeTimeoutMs;
  const serverName = options.serverName ?? ((i: number) => `s${i + 1}`);
  const servers = Array.from({ length: serverCount }, (_, i) => serverName(i));
  const ids = host.random.fork('redis-cluster-ids');

  interface Planned {
    port: number;
    server: string;
    id: string;
    role: 'master' | 'replica';
    master: number | undefined;
  }
  const planned: Planned[] = [];
  for (let m = 0; m < masters; m++) planned.push({ port: basePort + m, server: servers[m % serverCount], id: randomNodeId(ids), role: 'master', master: undefined });
  for (let r = 1; r <= replicas; r++) {
    for (let m = 0; m < masters; m++) {
      planned.push({ port: basePort + masters * r + m, server: servers[(m + r) % serverCount], id: randomNodeId(ids), role: 'replica', master: m });
    }
  }
  const addrOf = (port: number): string => `${hostName}:${port}`;
  const byAddr = new Map(planned.map((p) => [addrOf(p.port), p]));
  const directory: RedisDirectory = {
    resolve: (addr) => {
      const p = byAddr.get(addr);
      return p === undefined ? undefined : pathRef<RedisNodeMsg>(p.server, redisPath(p.port));
    },
  };
  const slotRanges = evenSlotRanges(masters);
  const configNodes: ClusterConfigNode[] = planned.map((p, i) => ({
    id: p.id,
    addr: addrOf(p.port),
    role: p.role,
    master: p.master === undefined ? null : planned[p.master].id,
    configEpoch: i + 1,
    slots: p.role === 'master' ? slotRanges[i] : NO_SLOTS,
  }));
  const views = new Map<string, RedisNodeView>();
  const behaviours = planned.map((p) => {
    const config: ClusterConfig | undefined =
      options.bootstrap === 'empty' ? undefined : { myself: p.id, currentEpoch: planned.length, lastVoteEpoch: 0, nodes: configNodes };
    return redisNode({ ...options.node, port: p.port, host: hostName, directory, nodeTimeoutMs, config, nodeId: p.id, views });
  });
  for (const server of servers) {
    const mine = planned.map((p, i) => [p, behaviours[i]] as const).filter(([p]) => p.server === server);
    host.node(server, { boot: (n) => mine.forEach(([p, b]) => n.spawn(b, redisPath(p.port).slice(1))) });
  }
  const handles: RedisNodeHandle[] = planned.map((p) => ({
    addr: addrOf(p.port),
    port: p.port,
    server: p.server,
    path: redisPath(p.port),
    ref: directory.resolve(addrOf(p.port))!,
    id: p.id,
    initialRole: p.role,
    initialMaster: p.master === undefined ? undefined : addrOf(planned[p.master].port),
  }));
  const handleByAddr = new Map(handles.map((h) => [h.addr, h]));
  const isUp = (addr: string): boolean => {
    const h = handleByAddr.get(addr);
    return h !== undefined && host.node(h.server).isUp;
  };
  return {
    servers,
    nodes: handles,
    directory,
    nodeTimeoutMs,
    node: (addr) => {
      const h = handleByAddr.get(addr);
      if (h === undefined) throw new RangeError(`no Redis node at ${addr}`);
      return h;
    },
    nodesOn: (server) => handles.filter((h) => h.server === server),
    isUp,
    view: (addr) => (isUp(addr) ? views.get(addr) : undefined),
    liveViews: () => handles.filter((h) => isUp(h.addr)).map((h) => views.get(h.addr)!).filter((v) => v !== undefined),
  };
};
