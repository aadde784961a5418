import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { defineBehavior, pathRef, type ActorSystem, type Ref } from '../../lib/actor/index.js';
import type { ApiRequest } from './api/protocol.js';
import { apiServerBehavior } from './apiserver/apiServerBehavior.js';
import type { ApiServerHooks } from './apiserver/ApiServer.js';
import { ApiClient, ApiResultMessage } from './client/ApiClient.js';
import { controllerManagerBehavior, BUILTIN_CONTROLLERS } from './controllers/controllerManager.js';
import { NODE_LEASE_NAMESPACE } from './controllers/nodeLifecycleController.js';
import { kubeletBehavior, type KubeletOptions } from './node/kubelet.js';
import { kubeProxyBehavior } from './node/kubeProxy.js';
import { schedulerBehavior, type SchedulerOptions } from './scheduler/schedulerBehavior.js';
import { storeBehavior, type StoreOptions, type StoreMessage } from './store/storeBehavior.js';
import { etcdStoreBehavior, type EtcdStoreOptions } from './store/etcdStoreBehavior.js';

/** Objects every cluster starts with: namespaces and the system priority classes. */
export const BOOTSTRAP_OBJECTS: ReadonlyArray<{ resource: string; body: unknown }> = [
  { resource: 'namespaces', body: { metadata: { name: 'default' } } },
  { resource: 'namespaces', body: { metadata: { name: 'kube-system' } } },
  { resource: 'namespaces', body: { metadata: { name: NODE_LEASE_NAMESPACE } } },
  { resource: 'priorityclasses', body: { metadata: { name: 'system-cluster-critical' }, value: 2_000_000_000, description: 'Used for system critical pods.' } },
  { resource: 'priorityclasses', body: { metadata: { name: 'system-node-critical' }, value: 2_000_001_000, description: 'Used for system critical pods that must not be moved.' } },
];

const BootstrapMessage = t.union([ApiResultMessage, t.type({ type: t.literal('retry') })]);

/** Creates the bootstrap objects through the API, retrying until each exists. */
export const bootstrapBehavior = (api: Ref<ApiRequest>, extra: ReadonlyArray<{ resource: string; namespace?: string; body: unknown }> = []) =>
  defineBehavior({
    name: 'kube-bootstrap',
    protocol: BootstrapMessage,
    init: (ctx) => {
      const client = new ApiClient(api, 5_000);
      const pending = new Set<number>();
      const all = [...BOOTSTRAP_OBJECTS, ...extra];
      const attempt = (): void => {
        for (const i of [...pending]) {
          const o = all[i] as { resource: string; namespace?: string; body: unknown };
          client.create(ctx, o.resource, o.namespace, o.body, (r) => {
            if (E.isRight(r) || r.left.reason === 'AlreadyExists') pending.delete(i);
            if (pending.size === 0) {
              ctx.milestone('cluster-bootstrapped');
              ctx.timers.cancel('retry');
            }
          });
        }
      };
      all.forEach((_, i) => pending.add(i));
      attempt();
      ctx.timers.startPeriodicTimer('retry', { type: 'retry' }, 2_000);
      return { client, attempt };
    },
    receive: (s, msg) => {
      if (msg.type === 'api-result') s.client.handle(msg);
      else s.attempt();
      return s;
    },
  });

/** Options of a simulated cluster. */
export interface ClusterOptions {
  /** Worker nodes (`node-1` … `node-N`). @default 3 */
  workers?: number;
  /** Name of the control-plane node. @default 'master' */
  master?: string;
  kubelet?: Omit<KubeletOptions, 'api'>;
  /** Per-worker kubelet options (labels, capacity). */
  kubeletFor?: (name: string, index: number) => Omit<KubeletOptions, 'api'>;
  scheduler?: Omit<SchedulerOptions, 'api'>;
  /** Controllers to run. @default every built-in */
  controllers?: ReadonlyArray<string>;
  store?: StoreOptions;
  /** Back the API server with a real etcd v3 instead of the embedded store (live systems only: etcd runs on the real clock). */
  etcd?: EtcdStoreOptions;
  apiserver?: { hooks?: ApiServerHooks; bookmarkIntervalMs?: number; watchCacheSize?: number };
  /** Run kube-proxy on every worker. @default true */
  kubeProxy?: boolean;
  /** kube-proxy mode. @default 'iptables' */
  proxyMode?: 'iptables' | 'ipvs';
}

/** Handles of a booted cluster. */
export interface Cluster {
  readonly master: string;
  readonly workers: ReadonlyArray<string>;
  /** The API server (a path ref: reaches it across master restarts). */
  readonly api: Ref<ApiRequest>;
  readonly store: Ref<StoreMessage>;
}

/** Where a cluster boots: a simulation, or a live actor system (the REST front door's). */
export type ClusterHost = Pick<ActorSystem, 'node'>;

/**
 * Boot a Kubernetes cluster in a simulation or a live system: on the master node the store,
 * API server, scheduler, controller manager and a bootstrapper; on each
 * worker a kubelet and kube-proxy. Nodes boot again after a crash (the store
 * keeps its data on the master's disk).
 *
 * @example
 * const sim = createSimulation({ seed: 1 });
 * const cluster = bootCluster(sim, { workers: 3 });
 * sim.runFor(30_000);
 */
export const bootCluster = (sim: ClusterHost, options: ClusterOptions = {}): Cluster => {
  const master = options.master ?? 'master';
  const api = pathRef<ApiRequest>(master, '/apiserver');
  const store = pathRef<StoreMessage>(master, '/store');
  sim.node(master, {
    boot: (n) => {
      if (options.etcd !== undefined) n.spawn(etcdStoreBehavior(options.etcd), 'store');
      else n.spawn(storeBehavior(options.store), 'store');
      n.spawn(apiServerBehavior({ store, ...options.apiserver }), 'apiserver');
      n.spawn(bootstrapBehavior(api), 'bootstrap');
      n.spawn(schedulerBehavior({ api, ...options.scheduler }), 'scheduler');
      n.spawn(controllerManagerBehavior({ api, controllers: options.controllers ?? BUILTIN_CONTROLLERS }), 'controller-manager');
    },
  });
  const workers = Array.from({ length: options.workers ?? 3 }, (_, i) => `node-${i + 1}`);
  workers.forEach((name, i) => {
    const kubelet = { index: i, ...options.kubelet, ...options.kubeletFor?.(name, i), api };
    sim.node(name, {
      boot: (n) => {
        n.spawn(kubeletBehavior(kubelet), 'kubelet');
        if (options.kubeProxy ?? true) n.spawn(kubeProxyBehavior({ api, mode: options.proxyMode }), 'kube-proxy');
      },
    });
  });
  return { master, workers, api, store };
};
