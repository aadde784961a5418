import * as E from 'fp-ts/Either';
import type { ActorContext } from '../../../lib/actor/index.js';
import { objectKey, type KubeObject } from '../api/meta.js';
import type { WatchMessage } from '../api/protocol.js';
import type { Status } from '../api/Status.js';
import type { ApiClient } from './ApiClient.js';

/** What an informer tells its owner. */
export interface InformerHandlers<T> {
  onAdd?: (obj: T) => void;
  onUpdate?: (old: T, obj: T) => void;
  onDelete?: (obj: T) => void;
  /** After the first list is in (and after each re-list). */
  onSync?: () => void;
}

/** What an informer watches. */
export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Re-watch when nothing (events or bookmarks) arrived for this long: the
   * watch (or the network under it) is gone.
   * @default 30_000
   */
  livenessMs?: number;
  /** Wait before retrying a failed list. @default 1_000 */
  retryMs?: number;
  /** A missing watch batch not filled by then counts as lost (re-watch). @default 1_000 */
  gapWaitMs?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = ActorContext<any>;

/**
 * client-go's informer inside an actor: list, then watch from the list's
 * resourceVersion, keeping a local cache keyed `namespace/name` and calling
 * handlers on changes. Batches overtaken on the network are put back in order;
 * a lost batch (a gap that stays) or a silent watch makes it re-watch from its last resourceVersion; 410 Expired makes it re-list and
 * reconcile its cache (deletes it missed are reported). Route `watch-events`
 * to {@link handleWatch} and call {@link check} periodically.
 *
 * @example
 * const pods = new Informer<Pod>('pods', { fieldSelector: `spec.nodeName=${ctx.node}` }, { onAdd: (p) => ..., onUpdate: (o, n) => ..., onDelete: (p) => ... });
 * pods.start(ctx, client);
 */
export class Informer<T extends KubeObject> {
  readonly cache = new Map<string, T>();
  /** Whether the first list has been applied. */
  synced = false;
  private rv = '';
  private watchId = '';
  private seq = 0;
  private counter = 0;
  private lastHeardMs = 0;
  private listing = false;
  private readonly livenessMs: number;
  private readonly retryMs: number;
  private retryAtMs = 0;
  private client: ApiClient | undefined;
  /** Batches that arrived ahead of a missing one. */
  private readonly early = new Map<number, WatchMessage>();
  private gapSinceMs = 0;
  private readonly gapWaitMs: number;

  constructor(
    readonly resource: string,
    private readonly options: InformerOptions,
    private readonly handlers: InformerHandlers<T>,
  ) {
    this.livenessMs = options.livenessMs ?? 30_000;
    this.retryMs = options.retryMs ?? 1_000;
    this.gapWaitMs = options.gapWaitMs ?? 1_000;
  }

  /** The resourceVersion the informer has seen up to. */
  get resourceVersion(): string {
    return this.rv;
  }

  /** Start: list, then watch. */
  start(ctx: Ctx, client: ApiClient): void {
    this.client = client;
    this.relist(ctx);
  }

  private relist(ctx: Ctx): void {
    if (this.listing || this.client === undefined) return;
    this.listing = true;
    this.lastHeardMs = ctx.now();
    this.client.list<T>(ctx, this.resource, { namespace: this.options.namespace, labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector }, (r) => {
      this.listing = false;
      if (E.isLeft(r)) {
        this.retryAtMs = ctx.now() + this.retryMs;
        return;
      }
      const seen = new Set<string>();
      for (const obj of r.right.items) {
        const key = objectKey(obj);
        seen.add(key);
        this.upsert(key, obj);
      }
      for (const [key, old] of [...this.cache]) {
        if (seen.has(key)) continue;
        this.cache.delete(key);
        this.handlers.onDelete?.(old);
      }
      this.rv = r.right.metadata.resourceVersion;
      this.synced = true;
      this.handlers.onSync?.();
      this.rewatch(ctx);
    });
  }

  private rewatch(ctx: Ctx): void {
    if (this.client === undefined) return;
    const previous = this.watchId === '' ? undefined : this.watchId;
    this.watchId = `${ctx.node}${ctx.path}#${ctx.generation}/${this.resource}/${++this.counter}`;
    this.seq = 0;
    this.early.clear();
    this.lastHeardMs = ctx.now();
    const o = this.options;
    ctx.tell(this.client.api, {
      type: 'watch',
      resource: this.resource,
      namespace: o.namespace,
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      watchId: this.watchId,
      watcher: ctx.self,
      replaces: previous,
    });
  }

  private upsert(key: string, obj: T): void {
    const old = this.cache.get(key);
    this.cache.set(key, obj);
    if (old === undefined) this.handlers.onAdd?.(obj);
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.handlers.onUpdate?.(old, obj);
  }

  /** Handle a watch batch; false if it belongs to another informer. */
  handleWatch(ctx: Ctx, msg: WatchMessage): boolean {
    if (msg.watchId !== this.watchId) return false;
    this.lastHeardMs = ctx.now();
    if (msg.seq <= this.seq) return true;
    if (msg.seq > this.seq + 1) {
      // Overtaken by a later batch (the network reorders): hold it until the gap fills, or re-watch
      // from what we have if it doesn't within gapWaitMs (the batch was lost).
      if (this.early.size === 0) this.gapSinceMs = ctx.now();
      this.early.set(msg.seq, msg);
      return true;
    }
    this.apply(ctx, msg);
    for (let next = this.early.get(this.seq + 1); next !== undefined && this.watchId === msg.watchId; next = this.early.get(this.seq + 1)) {
      this.early.delete(next.seq);
      this.apply(ctx, next);
    }
    if (this.early.size > 0) this.gapSinceMs = ctx.now();
    return true;
  }

  private apply(ctx: Ctx, msg: WatchMessage): void {
    this.seq = msg.seq;
    for (const ev of msg.events) {
      if (ev.type === 'ERROR') {
        const status = ev.object as Status;
        this.watchId = '';
        this.early.clear();
        if (status.code === 410) this.relist(ctx);
        else this.retryAtMs = ctx.now() + this.retryMs;
        return;
      }
      const obj = ev.object as T;
      if (ev.type === 'BOOKMARK') {
        this.rv = obj.metadata.resourceVersion ?? this.rv;
        continue;
      }
      const key = objectKey(obj);
      if (ev.type === 'DELETED') {
        const old = this.cache.get(key);
        this.cache.delete(key);
        if (old !== undefined) this.handlers.onDelete?.(obj);
      } else this.upsert(key, obj);
      this.rv = obj.metadata.resourceVersion ?? this.rv;
    }
  }

  /** Periodic health check: retry a failed list or watch, re-watch a silent one. */
  check(ctx: Ctx): void {
    const now = ctx.now();
    if (this.listing) {
      return;
    }
    if (!this.synced || this.watchId === '') {
      if (now >= this.retryAtMs) this.synced ? this.rewatch(ctx) : this.relist(ctx);
      return;
    }
    if (now - this.lastHeardMs > this.livenessMs || (this.early.size > 0 && now - this.gapSinceMs > this.gapWaitMs)) this.rewatch(ctx);
  }

  /** Whether a watch message belongs to this informer (its current or an older watch). */
  owns(watchId: string): boolean {
    return watchId === this.watchId;
  }
}
