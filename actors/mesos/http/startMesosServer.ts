import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createActorSystem, type ActorSystem } from '../../../lib/actor/index.js';
import type { Clock } from '../../../lib/time/index.js';
import type { AllocatorOptions } from '../allocator/Allocator.js';
import { bootMesosCluster, type AgentSpec, type MesosCluster } from '../MesosCluster.js';
import { MESOS_DEFAULTS, type MesosConfig } from '../MesosConfig.js';
import type { Resources } from '../Resources.js';
import { createRequestHandler, HTTP_NODE, type MasterListener, type MesosServerContext } from './createRequestHandler.js';
import { UuidBook } from './UuidBook.js';
import { ipToUint32 } from './v1Event.js';

/** Options of {@link startMesosServer}. */
export interface MesosServerOptions {
  /** Simulated agents: a count or one spec per agent. @default 3 */
  agents?: number | ReadonlyArray<AgentSpec>;
  /** Resources of each agent given by count. @default 4 cpus, 8 GB, 20 GB disk, ports 31000–32000 */
  agentResources?: Resources;
  /** Port of the first master's listener (0: any free port); master i listens on port + i (or any free port). @default 5050 */
  port?: number;
  /** Address to listen on (also the address given to agents in offers). @default '127.0.0.1' */
  host?: string;
  /** Master candidates, each with its own listener; standbys redirect to the leader (307). @default 1 */
  masters?: number;
  /** Replicas of the lease store standing in for ZooKeeper. @default 1 */
  replicas?: number;
  /** Mesos' timers (shorten them for specs, e.g. FAST_MESOS). @default MESOS_DEFAULTS */
  config?: MesosConfig;
  /** Allocation policy. @default 'drf' */
  allocator?: string;
  /** Weights and quotas for the policy. @default none */
  allocatorOptions?: AllocatorOptions;
  /** Largest request body; more gets 413. @default 4 MiB */
  maxBodyBytes?: number;
  /** A SUBSCRIBE stream the master has not answered by then is closed. @default 10000 */
  subscribeTimeoutMs?: number;
  /** A stream whose client stopped reading is closed past this many unsent bytes. @default 16 MiB */
  maxBufferedBytes?: number;
  /** How long to wait for a leader with every agent registered. @default 30000 */
  readyTimeoutMs?: number;
  /** Seed of the actor system (stream ids, uuids, allocation order). @default 1 */
  seed?: number;
}

/** A running server. */
export interface MesosServer {
  /** `http://host:port` of the master that led at start. */
  readonly url: string;
  readonly port: number;
  /** Every master's listener (the first is `master1`). */
  readonly masters: ReadonlyArray<{ readonly node: string; readonly url: string; readonly port: number }>;
  /** The live actor system running the cluster. */
  readonly system: ActorSystem;
  /** The cluster's handles and live views (crash a node with `system.findNode(name)?.crash()`). */
  readonly cluster: MesosCluster;
  /** Close the listeners and every stream, and shut the actor system down. */
  close(): Promise<void>;
}

/** Resolve after `ms` on a troupe clock. */
const sleep = (clock: Clock, ms: number): Promise<void> => new Promise((resolve) => clock.schedule(() => resolve(), ms));

/**
 * Run a Mesos master (with its lease store) and simulated agents as actors on
 * the live runtime (nact dispatcher, real clock) and serve the v1 Scheduler
 * HTTP API with Node's `http`: `POST /api/v1/scheduler` (SUBSCRIBE answers a
 * chunked RecordIO stream of events with `Mesos-Stream-Id`; other calls 202;
 * errors as Mesos answers them), `GET /master/state` (the master's snapshot
 * as JSON), `/health`, `/version`. Resolves once a leader has every agent.
 *
 * @example
 * const server = await startMesosServer({ agents: 5, port: 5050, config: FAST_MESOS });
 * // curl -X POST -H 'Content-Type: application/json' $URL/api/v1/scheduler \
 * //   -d '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"me","name":"demo"}}}'
 * await server.close();
 */
export const startMesosServer = async (options: MesosServerOptions = {}): Promise<MesosServer> => {
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 5050;
  const config = options.config ?? MESOS_DEFAULTS;
  const system = createActorSystem({ seed: options.seed ?? 1, name: 'mesos-http' });
  const cluster = bootMesosCluster(system, {
    agents: options.agents ?? 3,
    agentResources: options.agentResources,
    masters: options.masters ?? 1,
    replicas: options.replicas ?? 1,
    config,
    allocator: options.allocator,
    allocatorOptions: options.allocatorOptions,
  });
  system.node(HTTP_NODE);
  const listeners = new Map<string, MasterListener>();
  const ctx: MesosServerContext = {
    system,
    cluster,
    listeners,
    streams: new Map(),
    uuids: new UuidBook(system.random.fork('mesos-http-uuids')),
    streamIds: system.random.fork('mesos-http-stream-ids'),
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    subscribeTimeoutMs: options.subscribeTimeoutMs ?? 10_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 16 * 1024 * 1024,
    subscriptions: 0,
  };
  const servers: Server[] = [];
  const shutdown = async (): Promise<void> => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))));
    await system.shutdown();
  };
  try {
    for (const [i, node] of cluster.masterNodes.entries()) {
      const server = createServer(createRequestHandler(ctx, node));
      server.on('clientError', (_err, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        else socket.destroy();
      });
      servers.push(server);
      const port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(basePort === 0 ? 0 : basePort + i, host, () => resolve((server.address() as AddressInfo).port));
      });
      const address = { hostname: host, ip: host, port };
      listeners.set(node, { node, host, port, masterInfo: { id: `${node}@${host}:${port}`, ip: ipToUint32(host), port, hostname: host, version: '1.11.0', address } });
    }
    const agents = typeof options.agents === 'object' ? options.agents.length : (options.agents ?? 3);
    const deadline = system.clock.now() + (options.readyTimeoutMs ?? 30_000);
    while ((cluster.leader()?.view.agents.size ?? -1) < agents) {
      if (system.clock.now() > deadline) throw new Error(`no leading master with ${agents} agents after ${options.readyTimeoutMs ?? 30_000} ms`);
      await sleep(system.clock, 20);
    }
  } catch (err) {
    await shutdown();
    throw err;
  }
  const leader = listeners.get(cluster.leader()!.node)!;
  const masters = cluster.masterNodes.map((node) => ({ node, url: `http://${host}:${listeners.get(node)!.port}`, port: listeners.get(node)!.port }));
  return { url: `http://${host}:${leader.port}`, port: leader.port, masters, system, cluster, close: shutdown };
};
