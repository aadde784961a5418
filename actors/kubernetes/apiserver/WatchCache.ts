import type { Ref } from '../../../lib/actor/index.js';
import type { FieldSelector } from '../api/fieldSelector.js';
import { matchesFields } from '../api/fieldSelector.js';
import { matches, type Selector } from '../api/labelSelector.js';
import type { KubeObject } from '../api/meta.js';
import type { WatchEvent, WatchMessage } from '../api/protocol.js';
import { fieldOf, type ResourceInfo } from '../api/resources.js';

/** One change the cache applied, as history for watches that start in the past. */
export interface CacheEvent {
  readonly revision: number;
  readonly resource: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
  readonly prev: KubeObject | undefined;
}

/** A registered watch. */
export interface Watcher {
  readonly id: string;
  readonly info: ResourceInfo;
  readonly namespace: string | undefined;
  readonly labels: Selector;
  readonly fields: FieldSelector;
  readonly ref: Ref<WatchMessage>;
  readonly bookmarks: boolean;
  /**
   * Index key of a watch with one equality field selector the cache indexes:
   * `node:<X>` for `spec.nodeName=X` on pods (the kubelet's), `name:<resource>/<X>`
   * for `metadata.name=X` — so an event reaches only the watchers it can concern.
   */
  readonly nodeName: string | undefined;
  seq: number;
  lastSentMs: number;
}

/** The store key of an object. */
export const storeKey = (info: ResourceInfo, namespace: string | undefined, name: string): string =>
  info.namespaced ? `/registry/${info.resource}/${namespace ?? ''}/${name}` : `/registry/${info.resource}/${name}`;

/** The key prefix of a resource (optionally in one namespace). */
export const storePrefix = (info: ResourceInfo, namespace?: string): string =>
  info.namespaced && namespace !== undefined && namespace !== '' ? `/registry/${info.resource}/${namespace}/` : `/registry/${info.resource}/`;

/** The resource name of a store key. */
export const resourceOfKey = (key: string): string => key.slice(10, key.indexOf('/', 10));

/** Whether an object passes a watcher's (or list's) filters. */
export const passes = (info: ResourceInfo, obj: KubeObject, namespace: string | undefined, labels: Selector, fields: FieldSelector): boolean => {
  if (namespace !== undefined && namespace !== '' && obj.metadata.namespace !== namespace) return false;
  if (labels.length > 0 && !matches(labels, obj.metadata.labels)) return false;
  if (fields.length > 0 && !matchesFields(fields, (f) => fieldOf(info, obj, f))) return false;
  return true;
};

const withRv = (obj: KubeObject, revision: number): KubeObject => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } });

/**
 * The API server's watch cache: every object by store key, a bounded history
 * of changes (watches may start from a resourceVersion inside it; older ones
 * get 410 Expired), and the registered watches, indexed so a kubelet's pod
 * watch costs nothing for other nodes' pods.
 */
export class WatchCache {
  revision = 0;
  /** Revision the history starts after: a watch from rv ≥ this is servable. */
  private historyFrom = 0;
  private history: CacheEvent[] = [];
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly byResource = new Map<string, Set<Watcher>>();
  private readonly byNode = new Map<string, Set<Watcher>>();
  /** Watches with a `metadata.name` index key, by resource (most resources have none). */
  private readonly namedWatches = new Map<string, number>();
  readonly watchers = new Map<string, Watcher>();

  constructor(private readonly historySize: number) {}

  /** Objects of one resource by store key. */
  table(resource: string): Map<string, KubeObject> {
    let m = this.objects.get(resource);
    if (m === undefined) this.objects.set(resource, (m = new Map()));
    return m;
  }

  /** One object. */
  get(info: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(info.resource)?.get(storeKey(info, namespace, name));
  }

  /** Load the state read from the store at `revision` (start or restart). */
  load(entries: ReadonlyArray<{ key: string; value: unknown; modRevision: number }>, revision: number): void {
    this.objects.clear();
    for (const e of entries) this.table(resourceOfKey(e.key)).set(e.key, withRv(e.value as KubeObject, e.modRevision));
    this.revision = revision;
    this.historyFrom = revision;
    this.history = [];
  }

  /** Apply one store change; returns the cache event (undefined for keys outside /registry/). */
  apply(key: string, type: 'PUT' | 'DELETE', value: unknown, revision: number): CacheEvent | undefined {
    if (!key.startsWith('/registry/')) return undefined;
    const resource = resourceOfKey(key);
    const table = this.table(resource);
    const prev = table.get(key);
    let ev: CacheEvent;
    if (type === 'PUT') {
      const object = withRv(value as KubeObject, revision);
      table.set(key, object);
      ev = { revision, resource, type: prev === undefined ? 'ADDED' : 'MODIFIED', object, prev };
    } else {
      if (prev === undefined) return undefined;
      table.delete(key);
      ev = { revision, resource, type: 'DELETED', object: withRv(prev, revision), prev };
    }
    this.revision = revision;
    this.history.push(ev);
    if (this.history.length > this.historySize * 2) {
      const cut = this.history.length - this.historySize;
      this.historyFrom = this.history[cut - 1].revision;
      this.history = this.history.slice(cut);
    }
    return ev;
  }

  /** History after `rv` for one resource, or undefined when `rv` is older than the history (410). */
  since(resource: string, rv: number): CacheEvent[] | undefined {
    if (rv < this.historyFrom) return undefined;
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].revision <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: CacheEvent[] = [];
    for (let i = lo; i < this.history.length; i++) if (this.history[i].resource === resource) out.push(this.history[i]);
    return out;
  }

  /** The oldest resourceVersion a watch may start from. */
  get oldestRevision(): number {
    return this.historyFrom;
  }

  // ---------------------------------------------------------------- watchers

  /** Register a watch. */
  addWatcher(w: Watcher): void {
    this.watchers.set(w.id, w);
    const index = w.nodeName !== undefined ? this.byNode : this.byResource;
    const key = w.nodeName ?? w.info.resource;
    let set = index.get(key);
    if (set === undefined) index.set(key, (set = new Set()));
    set.add(w);
    if (w.nodeName?.startsWith('name:')) this.namedWatches.set(w.info.resource, (this.namedWatches.get(w.info.resource) ?? 0) + 1);
  }

  /** Remove a watch. */
  removeWatcher(id: string): Watcher | undefined {
    const w = this.watchers.get(id);
    if (w === undefined) return undefined;
    this.watchers.delete(id);
    const index = w.nodeName !== undefined ? this.byNode : this.byResource;
    const key = w.nodeName ?? w.info.resource;
    const set = index.get(key);
    set?.delete(w);
    if (set !== undefined && set.size === 0) index.delete(key);
    if (w.nodeName?.startsWith('name:')) this.namedWatches.set(w.info.resource, (this.namedWatches.get(w.info.resource) ?? 1) - 1);
    return w;
  }

  /** The watch event a watcher should see for a change (or none). */
  eventFor(w: Watcher, ev: CacheEvent): WatchEvent | undefined {
    const ns = w.namespace;
    const passNew = ev.type !== 'DELETED' && passes(w.info, ev.object, ns, w.labels, w.fields);
    const passOld = ev.prev !== undefined && passes(w.info, ev.prev, ns, w.labels, w.fields);
    if (ev.type === 'ADDED') return passNew ? { type: 'ADDED', object: ev.object } : undefined;
    if (ev.type === 'DELETED') return passOld ? { type: 'DELETED', object: ev.object } : undefined;
    if (passNew && passOld) return { type: 'MODIFIED', object: ev.object };
    if (passNew) return { type: 'ADDED', object: ev.object };
    if (passOld) return { type: 'DELETED', object: withRv(ev.prev!, ev.revision) };
    return undefined;
  }

  /** Group the watch events of a batch of changes by watcher. */
  route(events: ReadonlyArray<CacheEvent>): Map<Watcher, WatchEvent[]> {
    const out = new Map<Watcher, WatchEvent[]>();
    const add = (w: Watcher, ev: CacheEvent): void => {
      const we = this.eventFor(w, ev);
      if (we === undefined) return;
      const list = out.get(w);
      if (list === undefined) out.set(w, [we]);
      else list.push(we);
    };
    for (const ev of events) {
      const general = this.byResource.get(ev.resource);
      if (general !== undefined) for (const w of general) add(w, ev);
      if (this.byNode.size === 0) continue;
      if ((this.namedWatches.get(ev.resource) ?? 0) > 0) {
        const named = this.byNode.get(`name:${ev.resource}/${ev.object.metadata.name}`);
        if (named !== undefined) for (const w of named) add(w, ev);
      }
      if (ev.resource === 'pods') {
        const newNode = (ev.object as { spec?: { nodeName?: string } }).spec?.nodeName;
        const oldNode = (ev.prev as { spec?: { nodeName?: string } } | undefined)?.spec?.nodeName;
        if (newNode !== undefined) for (const w of this.byNode.get(`node:${newNode}`) ?? []) add(w, ev);
        if (oldNode !== undefined && oldNode !== newNode) for (const w of this.byNode.get(`node:${oldNode}`) ?? []) add(w, ev);
      }
    }
    return out;
  }
}
