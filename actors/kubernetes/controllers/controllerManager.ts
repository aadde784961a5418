import * as t from 'io-ts';
import { defineBehavior, type Ref } from '../../../lib/actor/index.js';
import { controllerOf, objectKey, type KubeObject } from '../api/meta.js';
import { WatchMessage, type ApiRequest } from '../api/protocol.js';
import { ApiClient, ApiResultMessage } from '../client/ApiClient.js';
import type { InformerHandlers } from '../client/Informer.js';
import { InformerSet } from '../client/InformerSet.js';
import { createController, type Controller, type ControllerContext, type Ctx } from './Controller.js';
import { EventRecorder } from './EventRecorder.js';
import { WorkQueue } from './WorkQueue.js';
import './builtinControllers.js';

/** Options of the controller manager. */
export interface ControllerManagerOptions {
  api: Ref<ApiRequest>;
  /** Controllers to run, by registered name. @default every built-in */
  controllers?: ReadonlyArray<string>;
  /** Keys synced per controller per mailbox turn. @default 100 */
  batch?: number;
  /** Health checks of informers and resync ticks. @default 1_000 */
  tickMs?: number;
  /**
   * Wait this long after the first queued key before syncing, so a burst of
   * events for one object becomes one sync (the work queue deduplicates).
   * @default 50
   */
  syncDelayMs?: number;
}

/** Every built-in controller, in start order. */
export const BUILTIN_CONTROLLERS: ReadonlyArray<string> = ['replicaset', 'deployment', 'nodelifecycle', 'garbagecollector', 'namespace', 'endpoints', 'podgc'];

/** The controller manager's mailbox. */
export const ControllerManagerMessage = t.union([
  WatchMessage,
  ApiResultMessage,
  t.type({ type: t.literal('work') }),
  t.type({ type: t.literal('tick') }),
  t.type({ type: t.literal('requeue'), controller: t.string, key: t.string }),
]);
export type ControllerManagerMessage = t.TypeOf<typeof ControllerManagerMessage>;

interface Running {
  readonly controller: Controller;
  readonly queue: WorkQueue;
  readonly cc: ControllerContext;
  lastResyncMs: number;
}

interface CmState {
  readonly client: ApiClient;
  readonly informers: InformerSet;
  readonly running: Running[];
  working: boolean;
}

/** Owner and namespace indexes over a shared informer cache. */
class Indexes {
  readonly byOwner = new Map<string, Map<string, Set<string>>>();
  readonly byNs = new Map<string, Map<string, Set<string>>>();
  readonly byUid = new Map<string, { resource: string; key: string }>();

  private bucket(m: Map<string, Map<string, Set<string>>>, resource: string, k: string): Set<string> {
    let r = m.get(resource);
    if (r === undefined) m.set(resource, (r = new Map()));
    let s = r.get(k);
    if (s === undefined) r.set(k, (s = new Set()));
    return s;
  }

  add(resource: string, obj: KubeObject): void {
    const key = objectKey(obj);
    for (const ref of obj.metadata.ownerReferences ?? []) this.bucket(this.byOwner, resource, ref.uid).add(key);
    this.bucket(this.byNs, resource, obj.metadata.namespace ?? '').add(key);
    if (obj.metadata.uid !== undefined) this.byUid.set(obj.metadata.uid, { resource, key });
  }

  remove(resource: string, obj: KubeObject): void {
    const key = objectKey(obj);
    for (const ref of obj.metadata.ownerReferences ?? []) this.byOwner.get(resource)?.get(ref.uid)?.delete(key);
    this.byNs.get(resource)?.get(obj.metadata.namespace ?? '')?.delete(key);
    const u = obj.metadata.uid;
    if (u !== undefined && this.byUid.get(u)?.key === key) this.byUid.delete(u);
  }
}

/**
 * kube-controller-manager as an actor: one shared informer per resource
 * (with owner, namespace and uid indexes), one work queue per controller,
 * and a loop that syncs a batch of keys per controller per turn.
 *
 * @example
 * sim.spawn(controllerManagerBehavior({ api }), 'controller-manager', { node: 'master' });
 */
export const controllerManagerBehavior = (options: ControllerManagerOptions) => {
  const batch = options.batch ?? 100;
  const tickMs = options.tickMs ?? 1_000;
  const syncDelayMs = options.syncDelayMs ?? 50;
  const names = options.controllers ?? BUILTIN_CONTROLLERS;

  const kick = (s: CmState, ctx: Ctx): void => {
    if (s.working) return;
    if (s.running.some((r) => r.queue.length > 0)) {
      s.working = true;
      if (syncDelayMs > 0) ctx.timers.startSingleTimer('work', { type: 'work' }, syncDelayMs);
      else ctx.tell(ctx.self, { type: 'work' });
    }
  };

  return defineBehavior({
    name: 'kube-controller-manager',
    protocol: ControllerManagerMessage,
    init: (ctx): CmState => {
      const client = new ApiClient(options.api);
      const informers = new InformerSet(client);
      const recorder = new EventRecorder(client, 'controller-manager');
      const subscribers = new Map<string, Array<InformerHandlers<KubeObject>>>();
      const caches = new Map<string, ReadonlyMap<string, KubeObject>>();
      const indexes = new Indexes();
      const running: Running[] = [];
      const s: CmState = { client, informers, running, working: false };
      let setupDone = false;
      for (const name of names) {
        const controller = createController(name);
        const queue = new WorkQueue();
        const cc: ControllerContext = {
          ctx,
          client,
          recorder,
          watch: <T extends KubeObject>(resource: string, handlers: InformerHandlers<T>) => {
            if (setupDone) throw new Error('informers must be subscribed during setup');
            let list = subscribers.get(resource);
            if (list === undefined) subscribers.set(resource, (list = []));
            list.push(handlers as unknown as InformerHandlers<KubeObject>);
          },
          cache: <T extends KubeObject>(resource: string) => (caches.get(resource) ?? new Map()) as ReadonlyMap<string, T>,
          byOwner: <T extends KubeObject>(resource: string, uid: string) => {
            const keys = indexes.byOwner.get(resource)?.get(uid);
            const cache = caches.get(resource);
            if (keys === undefined || cache === undefined) return [];
            const out: T[] = [];
            for (const k of keys) {
              const o = cache.get(k);
              if (o !== undefined) out.push(o as T);
            }
            return out;
          },
          inNamespace: <T extends KubeObject>(resource: string, ns: string) => {
            const keys = indexes.byNs.get(resource)?.get(ns);
            const cache = caches.get(resource);
            if (keys === undefined || cache === undefined) return [];
            const out: T[] = [];
            for (const k of keys) {
              const o = cache.get(k);
              if (o !== undefined) out.push(o as T);
            }
            return out;
          },
          byUid: (uid: string) => {
            const e = indexes.byUid.get(uid);
            const o = e === undefined ? undefined : caches.get(e.resource)?.get(e.key);
            return e === undefined || o === undefined ? undefined : { resource: e.resource, object: o };
          },
          get synced() {
            return informers.synced;
          },
          enqueue: (key: string, afterMs = 0) => {
            if (afterMs > 0) ctx.timers.startSingleTimer(`requeue/${name}/${key}`, { type: 'requeue', controller: name, key }, afterMs);
            else {
              queue.add(key);
              kick(s, ctx);
            }
          },
          now: () => ctx.now(),
        };
        controller.setup(cc);
        running.push({ controller, queue, cc, lastResyncMs: ctx.now() });
      }
      setupDone = true;
      for (const [resource, handlers] of subscribers) {
        const inf = informers.add<KubeObject>(resource, {}, {
          onAdd: (o) => {
            indexes.add(resource, o);
            for (const h of handlers) h.onAdd?.(o);
          },
          onUpdate: (old, o) => {
            // Most updates (status, leases) change none of the indexed fields.
            if (old.metadata.ownerReferences !== o.metadata.ownerReferences || old.metadata.namespace !== o.metadata.namespace || old.metadata.uid !== o.metadata.uid || old.metadata.name !== o.metadata.name) {
              indexes.remove(resource, old);
              indexes.add(resource, o);
            }
            for (const h of handlers) h.onUpdate?.(old, o);
          },
          onDelete: (o) => {
            indexes.remove(resource, o);
            for (const h of handlers) h.onDelete?.(o);
          },
          onSync: () => {
            for (const h of handlers) h.onSync?.();
          },
        });
        caches.set(resource, inf.cache);
      }
      informers.start(ctx);
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, tickMs);
      return s;
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'watch-events':
          s.informers.handleWatch(ctx, msg);
          break;
        case 'api-result':
          s.client.handle(msg);
          break;
        case 'requeue':
          s.running.find((r) => r.controller.name === msg.controller)?.queue.add(msg.key);
          break;
        case 'tick': {
          s.informers.check(ctx);
          if (s.informers.synced) {
            const now = ctx.now();
            for (const r of s.running) {
              if (r.controller.resync === undefined || r.controller.resyncMs === undefined) continue;
              if (now - r.lastResyncMs < r.controller.resyncMs) continue;
              r.lastResyncMs = now;
              r.controller.resync(r.cc);
            }
          }
          break;
        }
        case 'work': {
          s.working = false;
          if (!s.informers.synced) break;
          for (const r of s.running) {
            for (let i = 0; i < batch; i++) {
              const key = r.queue.get();
              if (key === undefined) break;
              r.controller.sync(r.cc, key, () => r.queue.done(key));
            }
          }
          break;
        }
      }
      if (s.informers.synced) kick(s, ctx);
      return s;
    },
  });
};

/** The controller owner reference's key (`namespace/name`) if its kind matches. */
export const ownerKey = (obj: KubeObject, kind: string): string | undefined => {
  const ref = controllerOf(obj);
  if (ref === undefined || ref.kind !== kind) return undefined;
  return `${obj.metadata.namespace}/${ref.name}`;
};
