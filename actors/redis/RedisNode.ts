import { defineBehavior, type Behavior } from '../../lib/actor/index.js';
import { NodeFlags } from './busProtocol.js';
import { beforeSleep, processBusMessage, sendPing } from './clusterBus.js';
import { loadClusterConfig, type ClusterConfig } from './ClusterConfig.js';
import { ClusterNode, ClusterState } from './ClusterState.js';
import { clusterCron } from './failureDetection.js';
import { drainHeld, onMigrateDone, onMigrateRestore, processCommand } from './nodeCommands.js';
import { RedisNodeMsg } from './protocol.js';
import { RedisServer, configKey, randomNodeId, type RedisDirectory, type ResolvedNodeOptions } from './RedisServer.js';
import { viewOf, type RedisNodeView } from './RedisNodeView.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

/** Options of one Redis node (the subset of redis.conf the model honours). */
export interface RedisNodeOptions {
  /** Client port; the bus port is port + 10000. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Where peers are, by address. */
  directory: RedisDirectory;
  /** cluster-node-timeout. @default 15000 */
  nodeTimeoutMs?: number;
  /** nodes.conf to start from when the node's disk has none (a fresh node alone when absent). */
  config?: ClusterConfig;
  /** Id of a fresh node without config. @default 40 hex digits from the node's seeded stream */
  nodeId?: string;
  /** cluster-require-full-coverage. @default true */
  requireFullCoverage?: boolean;
  /** cluster-allow-replica-migration (follow the node that took all our slots). @default true */
  allowReplicaMigration?: boolean;
  /** cluster-replica-validity-factor (0: any replica may fail over). @default 10 */
  replicaValidityFactor?: number;
  /** repl-ping-replica-period. @default 10000 */
  replPingReplicaPeriodMs?: number;
  /** repl-timeout. @default 60000 */
  replTimeoutMs?: number;
  /** repl-backlog-size in bytes. @default 1048576 */
  replBacklogBytes?: number;
  /** Save nodes.conf on the node's disk (it survives crashes). @default true */
  persistConfig?: boolean;
  /** Each incarnation registers a read-only view of itself here, by address. */
  views?: Map<string, RedisNodeView>;
}

/** Defaults of {@link RedisNodeOptions}, as in redis.conf. */
export const REDIS_NODE_DEFAULTS = {
  host: '127.0.0.1',
  nodeTimeoutMs: 15_000,
  requireFullCoverage: true,
  allowReplicaMigration: true,
  replicaValidityFactor: 10,
  replPingReplicaPeriodMs: 10_000,
  replTimeoutMs: 60_000,
  replBacklogBytes: 1_048_576,
  persistConfig: true,
} as const;

/** The cluster cron period (Redis runs clusterCron at hz 10). */
export const CRON_MS = 100;

const resolve = (o: RedisNodeOptions): ResolvedNodeOptions => {
  const host = o.host ?? REDIS_NODE_DEFAULTS.host;
  return {
    host,
    port: o.port,
    addr: `${host}:${o.port}`,
    directory: o.directory,
    nodeTimeoutMs: o.nodeTimeoutMs ?? REDIS_NODE_DEFAULTS.nodeTimeoutMs,
    requireFullCoverage: o.requireFullCoverage ?? REDIS_NODE_DEFAULTS.requireFullCoverage,
    allowReplicaMigration: o.allowReplicaMigration ?? REDIS_NODE_DEFAULTS.allowReplicaMigration,
    replicaValidityFactor: o.replicaValidityFactor ?? REDIS_NODE_DEFAULTS.replicaValidityFactor,
    replPingReplicaPeriodMs: o.replPingReplicaPeriodMs ?? REDIS_NODE_DEFAULTS.replPingReplicaPeriodMs,
    replTimeoutMs: o.replTimeoutMs ?? REDIS_NODE_DEFAULTS.replTimeoutMs,
    replBacklogBytes: o.replBacklogBytes ?? REDIS_NODE_DEFAULTS.replBacklogBytes,
    persistConfig: o.persistConfig ?? REDIS_NODE_DEFAULTS.persistConfig,
  };
};

/**
 * One Redis Cluster node as an actor: keyspace and command execution with
 * the cluster checks (MOVED, ASK, CROSSSLOT, CLUSTERDOWN, READONLY…),
 * asynchronous replication, and the cluster bus (PING/PONG gossip, PFAIL/FAIL
 * failure detection, replica elections, UPDATE, manual failover), driven by a
 * 100 ms cron on the node's clock. Its nodes.conf lives on the node's disk,
 * so after a crash it restarts with its identity and last known
 * configuration, but an empty keyspace (no RDB/AOF).
 *
 * @example
 * const directory = { resolve: (addr) => pathRef(serverOf(addr), `/redis-${portOf(addr)}`) };
 * sim.node('s1', { boot: (n) => n.spawn(redisNode({ port: 30001, directory, nodeTimeoutMs: 1000 }), 'redis-30001') });
 */
export const redisNode = (options: RedisNodeOptions): Behavior<RedisNodeMsg, RedisServer> => {
  const opts = resolve(options);
  return defineBehavior<RedisNodeMsg, RedisServer>({
    name: 'redis-node',
    protocol: RedisNodeMsg,
    init: (ctx) => {
      const now = ctx.now();
      const saved = opts.persistConfig ? (ctx.disk.get(configKey(opts.addr)) as ClusterConfig | undefined) : undefined;
      const config = saved ?? options.config;
      let cs: ClusterState;
      if (config !== undefined) cs = loadClusterConfig(config, now);
      else cs = new ClusterState(new ClusterNode(options.nodeId ?? randomNodeId(ctx.random), opts.addr, Flags.MASTER | Flags.MYSELF, now));
      const server = new RedisServer(ctx, opts, cs);
      server.keyspace.onExpire = (key) => server.repl.propagate(['DEL', key]);
      if (cs.myself.isReplica) server.repl.becomeReplica();
      cs.configDirty = true;
      server.saveConfigIfDirty();
      ctx.timers.startPeriodicTimer('cron', { type: 'cron' }, CRON_MS, ctx.random.int(1, CRON_MS));
      // Links to every known node are created at start, and a new link pings at once.
      for (const n of cs.list) if (n !== cs.myself) sendPing(server, n);
      options.views?.set(opts.addr, viewOf(server));
      ctx.milestone('redis-node-started', { node: cs.myself.id, addr: opts.addr, role: cs.myself.isReplica ? 'replica' : 'master', configEpoch: cs.myself.configEpoch });
      return server;
    },
    receive: (server, msg, ctx) => {
      server.beginTurn();
      switch (msg.type) {
        case 'command':
          processCommand(server, msg);
          break;
        case 'commands':
          for (const c of msg.commands) processCommand(server, c);
          break;
        case 'close-connection':
          server.conns.delete(msg.conn);
          break;
        case 'cron':
          clusterCron(server);
          drainHeld(server);
          break;
        case 'repl-flush':
          server.repl.flushStream();
          break;
        case 'bus-ping':
        case 'bus-meet':
        case 'bus-pong':
        case 'bus-fail':
        case 'bus-update':
        case 'bus-auth-request':
        case 'bus-auth-ack':
        case 'bus-mfstart':
          processBusMessage(server, msg);
          break;
        case 'repl-psync':
          server.repl.onPsync(msg, ctx.sender);
          break;
        case 'repl-fullresync':
          server.repl.onFullResync(msg, ctx.sender);
          break;
        case 'repl-continue':
          server.repl.onContinue(msg);
          break;
        case 'repl-stream':
          server.repl.onStream(msg, ctx.sender);
          break;
        case 'repl-ack':
          server.repl.onAck(msg);
          break;
        case 'repl-getack':
          server.repl.onGetAck(msg.master, msg.offset);
          break;
        case 'repl-link-down':
          server.repl.onLinkDown(msg.peer);
          break;
        case 'migrate-restore':
          onMigrateRestore(server, msg);
          break;
        case 'migrate-done':
          onMigrateDone(server, msg.id, msg.reply);
          break;
        case 'wait-timeout':
          server.repl.onWaitTimeout(msg.id);
          break;
      }
      beforeSleep(server);
      server.endTurn();
      return server;
    },
  });
};
