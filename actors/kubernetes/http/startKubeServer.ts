import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/Either';
import { createActorSystem, type ActorSystem } from '../../../lib/actor/index.js';
import type { Clock } from '../../../lib/time/index.js';
import { bootCluster, type Cluster, type ClusterOptions } from '../cluster.js';
import type { ObjectList } from '../api/protocol.js';
import { parseStoreUrl } from '../store/etcd/parseStoreUrl.js';
import { callApi } from './callApi.js';
import { createCertificates } from './createCertificates.js';
import { createKubeHandler } from './createKubeHandler.js';
import { kubeconfigYaml } from './kubeconfig.js';
import type { FieldValidation, KubeHttpContext } from './KubeHttpContext.js';

/** Options of {@link startKubeServer}. */
export interface KubeServerOptions {
  /** Simulated worker nodes (kubelet + kube-proxy each). @default 3 */
  nodes?: number;
  /** Port to listen on (0: any free port). @default 6443 */
  port?: number;
  /** Address to listen on. Anything but loopback needs `tls` and a token. @default '127.0.0.1' */
  host?: string;
  /** Serve HTTPS with a generated CA (false: plain HTTP, loopback only). @default true */
  tls?: boolean;
  /** Bearer token clients must send (generated when absent); null turns authentication off (loopback only). */
  token?: string | null;
  /** Where to write the kubeconfig. @default '.troupe/kube/kubeconfig' under the working directory */
  kubeconfigPath?: string;
  /** Largest request body; more gets 413. @default 3 MiB (the API server's limit) */
  maxBodyBytes?: number;
  /** How long a request waits for the API server. @default 30000 */
  requestTimeoutMs?: number;
  /** A watch whose client stopped reading is closed past this many unsent bytes. @default 16 MiB */
  maxBufferedBytes?: number;
  /** Unknown fields when a request names no `fieldValidation`. @default 'Warn' (the API server's default) */
  fieldValidation?: FieldValidation;
  /** The state store: 'embedded', or `etcd://HOST:PORT[/PREFIX]` for a real etcd v3 (see `parseStoreUrl`). @default 'embedded' */
  store?: string;
  /** More cluster options (scheduler, controllers, kubelet options …). */
  cluster?: Omit<ClusterOptions, 'workers'>;
  /** How long to wait for the bootstrap objects and every node's registration. @default 30000 */
  readyTimeoutMs?: number;
  /** Seed of the actor system. @default 1 */
  seed?: number;
}

/** A running front door. */
export interface KubeServer {
  /** `https://127.0.0.1:6443`. */
  readonly url: string;
  readonly port: number;
  /** The kubeconfig written for this server. */
  readonly kubeconfigPath: string;
  /** The bearer token (undefined when authentication is off). */
  readonly token: string | undefined;
  /** PEM of the CA that signed the server certificate (undefined without TLS). */
  readonly caCertPem: string | undefined;
  readonly system: ActorSystem;
  readonly cluster: Cluster;
  /** Open watch and log-follow streams (each a relay actor, stopped when its client goes away). */
  openStreams(): number;
  /** Close the listener, every watch, and the actor system. */
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

const sleep = (clock: Clock, ms: number): Promise<void> => new Promise((done) => clock.schedule(() => done(), ms));

/**
 * Run a Kubernetes control plane (store, API server, scheduler, controller
 * manager) and `nodes` simulated workers (kubelet, kube-proxy) as actors on
 * the live runtime, and serve the Kubernetes REST API over HTTPS with a
 * generated CA and a bearer token, writing a kubeconfig for kubectl and
 * client libraries. Resolves once the bootstrap namespaces exist and every
 * node registered.
 *
 * @example
 * const server = await startKubeServer({ nodes: 3, port: 0 });
 * // KUBECONFIG=<server.kubeconfigPath> kubectl get nodes
 * await server.close();
 */
export const startKubeServer = async (options: KubeServerOptions = {}): Promise<KubeServer> => {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls ?? true;
  const token = options.token === null ? undefined : (options.token ?? randomBytes(24).toString('base64url'));
  if (!LOOPBACK.test(host) && (!tls || token === undefined)) throw new Error(`refusing to serve ${host} without TLS and a token: only loopback may go without`);
  const workers = options.nodes ?? 3;
  const store = parseStoreUrl(options.store ?? 'embedded');
  if (E.isLeft(store)) throw new Error(`bad store URL ${JSON.stringify(store.left.url)}: ${store.left.reason}`);
  const etcd = store.right.kind === 'etcd' ? { endpoints: store.right.endpoints, prefix: store.right.prefix } : undefined;
  const system = createActorSystem({ seed: options.seed ?? 1, name: 'kube-http' });
  const cluster = bootCluster(system, { ...options.cluster, ...(etcd === undefined ? {} : { etcd }), workers });
  const httpNode = 'http';
  system.node(httpNode);
  const ctx: KubeHttpContext = {
    system,
    api: cluster.api,
    httpNode,
    token,
    maxBodyBytes: options.maxBodyBytes ?? 3 * 1024 * 1024,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 16 * 1024 * 1024,
    fieldValidation: options.fieldValidation ?? 'Warn',
    serverAddress: '',
    watches: 0,
    openWatches: new Set(),
  };
  const handler = createKubeHandler(ctx);
  const certs = tls ? createCertificates({ nowMs: system.clock.now(), hosts: [...new Set([host, '127.0.0.1', 'localhost'])] }) : undefined;
  const server: Server = certs === undefined ? createHttpServer(handler) : createHttpsServer({ cert: certs.certPem, key: certs.keyPem }, handler as (req: IncomingMessage, res: ServerResponse) => void);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const ref of ctx.openWatches) if (system.isAlive(ref)) system.stop(ref);
    server.closeAllConnections();
    await new Promise<void>((done) => (server.listening ? server.close(() => done()) : done()));
    await system.shutdown();
  };
  try {
    const port = await new Promise<number>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 6443, host, () => ok((server.address() as AddressInfo).port));
    });
    const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    ctx.serverAddress = authority;
    const url = `${tls ? 'https' : 'http'}://${authority}`;
    await waitReady(ctx, workers, options.readyTimeoutMs ?? 30_000);
    const kubeconfigPath = resolve(options.kubeconfigPath ?? '.troupe/kube/kubeconfig');
    mkdirSync(dirname(kubeconfigPath), { recursive: true });
    writeFileSync(kubeconfigPath, kubeconfigYaml({ server: url, caCertPem: certs?.caCertPem, token }), { mode: 0o600 });
    return { url, port, kubeconfigPath, token, caCertPem: certs?.caCertPem, system, cluster, openStreams: () => ctx.openWatches.size, close };
  } catch (err) {
    await close();
    throw err;
  }
};

/** Wait for the default namespace and every worker's Node object. */
const waitReady = async (ctx: KubeHttpContext, workers: number, timeoutMs: number): Promise<void> => {
  const clock = ctx.system.clock;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const ns = await callApi(ctx, (replyTo) => ({ type: 'get', resource: 'namespaces', name: 'default', replyTo }));
    const nodes = await callApi(ctx, (replyTo) => ({ type: 'list', resource: 'nodes', replyTo }));
    if (E.isRight(ns) && E.isRight(nodes) && (nodes.right as ObjectList).items.length >= workers) return;
    if (clock.now() > deadline) throw new Error(`the control plane was not ready after ${timeoutMs} ms (default namespace and ${workers} nodes)`);
    await sleep(clock, 25);
  }
};
