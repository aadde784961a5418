import { createActorSystem, createNactDispatcher, DRAINING_ENVELOPES_PER_TURN, type ActorSystem, type Dispatcher } from '../../../lib/actor/index.js';
import { createRedisCluster, type RedisCluster, type RedisClusterOptions } from '../createRedisCluster.js';
import { countSlots } from '../SlotRanges.js';
import { PartitionTransport } from './PartitionTransport.js';
import { ReplyEndpoint } from './ReplyEndpoint.js';
import { createRespServer, type RespServer, type RespServerOptions } from './RespServer.js';

/** Options of {@link createLiveRedisCluster}. */
export interface LiveRedisClusterOptions extends Omit<RedisClusterOptions, 'host'> {
  /** Seed of node ids and the nodes' random choices. @default 1 */
  seed?: number;
  /** Address to bind every RESP port. @default '127.0.0.1' */
  bind?: string;
  /** requirepass of every node. @default none */
  requirepass?: string;
  /** Per-connection limits and buffers. */
  resp?: Pick<RespServerOptions, 'limits' | 'maxInFlight' | 'outputSoftBytes' | 'outputHardBytes'>;
  /** `nact-batched` (an actor drains its mailbox per turn) or plain `nact` (one message per actor per turn). @default 'nact-batched' */
  dispatcher?: LiveDispatcher;
}

/**
 * Which live dispatcher runs the node actors — lib/actor's nact dispatcher
 * either way: `nact-batched` with `envelopesPerTurn:
 * DRAINING_ENVELOPES_PER_TURN` (an actor's turn drains its mailbox: a node
 * serving 50 clients handles everything they sent in one turn); `nact` as
 * it comes (one envelope per actor per event-loop iteration).
 */
export type LiveDispatcher = 'nact' | 'nact-batched';

/** The dispatcher of a live system, and how the front door should batch commands for it. */
export const liveDispatcher = (name: LiveDispatcher | undefined): { dispatcher: Dispatcher; batch: 'read' | 'turn' } =>
  name === 'nact'
    ? { dispatcher: createNactDispatcher(), batch: 'turn' }
    : { dispatcher: createNactDispatcher({ envelopesPerTurn: DRAINING_ENVELOPES_PER_TURN }), batch: 'read' };

/** A Redis Cluster of node actors on the real clock, each node behind a RESP port of this process. */
export interface LiveRedisCluster {
  readonly system: ActorSystem;
  readonly cluster: RedisCluster;
  /** Listening RESP servers by node address (absent while the node's server is crashed). */
  readonly listeners: ReadonlyMap<string, RespServer>;
  /** Crash a server: its nodes lose their memory, their ports close (clients see a reset). */
  crash(server: string): Promise<void>;
  /** Restart a crashed server: its nodes boot from nodes.conf and listen again. */
  restart(server: string): Promise<void>;
  /** Cut the cluster bus and replication between groups of servers. */
  partition(groups: ReadonlyArray<ReadonlyArray<string>>): void;
  /** Restore every link. */
  heal(): void;
  /** One line per node: address, server, up/down, role, cluster state, slots. */
  status(): LiveNodeStatus[];
  /** Close every port and stop the actor system. */
  close(): Promise<void>;
}

/** What {@link LiveRedisCluster.status} says about a node. */
export interface LiveNodeStatus {
  readonly addr: string;
  readonly server: string;
  readonly id: string;
  readonly up: boolean;
  readonly role: 'master' | 'replica' | 'down';
  readonly state: 'ok' | 'fail' | 'down';
  readonly slots: number;
  readonly keys: number;
}

/**
 * Start a Redis Cluster of node actors in this process, live: `servers`
 * troupe nodes (the source text's layout: server i hosts master i and the
 * replica of master i−1), each Redis node listening for RESP clients on its
 * port (basePort, basePort+1…), the cluster bus carried in memory through a
 * transport that can partition servers. Crash, restart and partition are
 * the control interface (see `troupe redis --control-port`).
 *
 * @example
 * const live = await createLiveRedisCluster({ servers: 3, basePort: 30001, nodeTimeoutMs: 2000 });
 * // redis-cli -c -p 30001 set foo bar
 * await live.crash('s2');
 * await live.close();
 */
export const createLiveRedisCluster = async (options: LiveRedisClusterOptions): Promise<LiveRedisCluster> => {
  let system: ActorSystem | undefined;
  const net = new PartitionTransport((env) => system?.dropped(env, 'partition'));
  const endpoint = new ReplyEndpoint('$resp', net);
  const { dispatcher, batch } = liveDispatcher(options.dispatcher);
  system = createActorSystem({ name: 'troupe-redis', seed: options.seed ?? 1, transport: endpoint, dispatcher });
  const sys = system;
  const cluster = createRedisCluster(sys, options);
  const listeners = new Map<string, RespServer>();
  const listen = async (addr: string): Promise<void> => {
    const h = cluster.node(addr);
    const server = await createRespServer({
      ...options.resp,
      system: sys,
      node: h.ref,
      endpoint,
      port: h.port,
      bind: options.bind,
      requirepass: options.requirepass,
      batch,
    });
    listeners.set(addr, server);
  };
  try {
    for (const h of cluster.nodes) await listen(h.addr);
  } catch (err) {
    for (const l of listeners.values()) await l.close();
    await sys.shutdown();
    throw err;
  }
  const serverNode = (server: string) => {
    const n = sys.findNode(server);
    if (n === undefined) throw new RangeError(`no server '${server}' (servers: ${cluster.servers.join(', ')})`);
    return n;
  };
  return {
    system: sys,
    cluster,
    listeners,
    async crash(server) {
      const node = serverNode(server);
      node.crash();
      for (const h of cluster.nodesOn(server)) {
        const l = listeners.get(h.addr);
        listeners.delete(h.addr);
        await l?.close();
      }
    },
    async restart(server) {
      const node = serverNode(server);
      if (node.isUp) return;
      node.restart();
      for (const h of cluster.nodesOn(server)) await listen(h.addr);
    },
    partition: (groups) => {
      for (const g of groups) for (const s of g) serverNode(s);
      sys.fault('', 'partition', `partition ${groups.map((g) => `[${g.join(',')}]`).join(' | ')}`);
      net.partition(groups);
    },
    heal: () => {
      sys.fault('', 'heal', 'partition healed');
      net.heal();
    },
    status: () =>
      cluster.nodes.map((h) => {
        const v = cluster.view(h.addr);
        return {
          addr: h.addr,
          server: h.server,
          id: h.id,
          up: v !== undefined,
          role: v?.role() ?? 'down',
          state: v?.clusterState() ?? 'down',
          slots: v === undefined ? 0 : countSlots(v.ownedSlots()),
          keys: v?.dbsize() ?? 0,
        };
      }),
    async close() {
      for (const l of listeners.values()) await l.close();
      listeners.clear();
      await sys.shutdown();
    },
  };
};
