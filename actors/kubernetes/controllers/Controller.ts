import type { ActorContext } from '../../../lib/actor/index.js';
import type { KubeObject } from '../api/meta.js';
import type { ApiClient } from '../client/ApiClient.js';
import type { InformerHandlers } from '../client/Informer.js';
import type { EventRecorder } from './EventRecorder.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ctx = ActorContext<any>;

/** What a controller may use: the API, shared informer caches with indexes, its work queue, events. */
export interface ControllerContext {
  readonly ctx: Ctx;
  readonly client: ApiClient;
  readonly recorder: EventRecorder;
  /** Subscribe to a resource's shared informer (during setup only). */
  watch<T extends KubeObject>(resource: string, handlers: InformerHandlers<T>): void;
  /** The informer cache of a resource (`namespace/name` → object). */
  cache<T extends KubeObject>(resource: string): ReadonlyMap<string, T>;
  /** Objects of a resource whose controller (or any) owner has this uid. */
  byOwner<T extends KubeObject>(resource: string, ownerUid: string): T[];
  /** Objects of a resource in a namespace. */
  inNamespace<T extends KubeObject>(resource: string, namespace: string): T[];
  /** An object of any watched resource by uid. */
  byUid(uid: string): { resource: string; object: KubeObject } | undefined;
  /** Whether every informer has listed once. */
  readonly synced: boolean;
  /** Queue a key of this controller (after `afterMs`, deduplicated). */
  enqueue(key: string, afterMs?: number): void;
  now(): number;
}

/**
 * A controller: it subscribes to informers in `setup` and turns events into
 * keys on its work queue; `sync` reconciles one key, reading the informer
 * caches and writing through the API (asynchronously: the writes' watch
 * events bring the next sync). A key is never synced twice at once: the
 * queue holds it until `done` is called.
 */
export interface Controller {
  readonly name: string;
  setup(cc: ControllerContext): void;
  sync(cc: ControllerContext, key: string, done: () => void): void;
  /** Optional periodic work (node monitoring, pod GC), every `resyncMs`. */
  readonly resyncMs?: number;
  resync?(cc: ControllerContext): void;
}

/** Factory of a controller. */
export type ControllerFactory = () => Controller;

const registry = new Map<string, ControllerFactory>();

/** Register a controller by name (the controller manager runs the ones it is given). */
export const registerController = (name: string, factory: ControllerFactory): void => {
  registry.set(name, factory);
};

/** Create a registered controller. */
export const createController = (name: string): Controller => {
  const f = registry.get(name);
  if (f === undefined) throw new RangeError(`unknown controller '${name}' (known: ${[...registry.keys()].join(', ')})`);
  return f();
};

/** Names of the registered controllers. */
export const controllerNames = (): string[] => [...registry.keys()];
