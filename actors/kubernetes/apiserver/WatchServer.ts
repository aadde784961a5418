import * as E from 'fp-ts/Either';
import type { Ref } from '../../../lib/actor/index.js';
import { parseFieldSelector } from '../api/fieldSelector.js';
import { parseLabelSelector } from '../api/labelSelector.js';
import type { KubeObject } from '../api/meta.js';
import type { ApiRequest, WatchEvent, WatchMessage } from '../api/protocol.js';
import { apiVersionOf, type ResourceInfo } from '../api/resources.js';
import { badRequest, expired, type Status } from '../api/Status.js';
import type { Ctx } from './ServerCore.js';
import { passes, storeKey, type CacheEvent, type WatchCache, type Watcher } from './WatchCache.js';

type RefId = { node: string; path: string; incarnation: number };

const refKey = (ref: RefId): string => `${ref.node}:${ref.path}#${ref.incarnation}`;

/**
 * Serves watches from the watch cache: registers a watch (replaying the
 * current state as ADDED, or the history after a resourceVersion — 410
 * Expired when it left the cache), fans each batch of applied changes out to
 * the watches it concerns, sends BOOKMARKs to idle watches that asked, and
 * drops the watches of watchers that terminated.
 */
export class WatchServer {
  /** Watch ids by watcher actor, so a terminated watcher's watches go at once. */
  private readonly byRef = new Map<string, Set<string>>();

  constructor(private readonly cache: WatchCache) {}

  /** Register a watch (replacing `req.replaces` and any watch of the same id). */
  watch(ctx: Ctx, info: ResourceInfo, req: Extract<ApiRequest, { type: 'watch' }>): void {
    const fail = (s: Status): void => ctx.tell(req.watcher, { type: 'watch-events', watchId: req.watchId, seq: 1, events: [{ type: 'ERROR', object: s }] });
    const labels = parseLabelSelector(req.labelSelector);
    const fields = parseFieldSelector(req.fieldSelector);
    if (E.isLeft(labels)) return fail(badRequest(labels.left));
    if (E.isLeft(fields)) return fail(badRequest(fields.left));
    if (req.replaces !== undefined) this.remove(req.replaces);
    this.remove(req.watchId);
    const cache = this.cache;
    const ns = info.namespaced ? req.namespace : undefined;
    const only = fields.right.length === 1 && fields.right[0].op === '=' && fields.right[0].value !== '' ? fields.right[0] : undefined;
    const nodeField =
      only === undefined ? undefined : only.field === 'metadata.name' ? `name:${info.resource}/${only.value}` : info.resource === 'pods' && only.field === 'spec.nodeName' ? `node:${only.value}` : undefined;
    const w: Watcher = { id: req.watchId, info, namespace: ns, labels: labels.right, fields: fields.right, ref: req.watcher, bookmarks: req.allowWatchBookmarks === true, nodeName: nodeField, seq: 0, lastSentMs: ctx.now() };
    const initial: WatchEvent[] = [];
    const rv = req.resourceVersion === undefined || req.resourceVersion === '' || req.resourceVersion === '0' ? undefined : Number(req.resourceVersion);
    if (rv === undefined) {
      // "Start at most recent": synthetic ADDED events for the current state.
      const one = only?.field === 'metadata.name' && (!info.namespaced || (ns !== undefined && ns !== '')) ? cache.get(info, ns, only.value) : undefined;
      const source: Iterable<[string, KubeObject]> =
        only?.field === 'metadata.name' && (!info.namespaced || (ns !== undefined && ns !== '')) ? (one === undefined ? [] : [[storeKey(info, ns, only.value), one]]) : cache.table(info.resource).entries();
      const entries = [...source].filter((e) => passes(info, e[1], ns, w.labels, w.fields));
      entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (const [, obj] of entries) initial.push({ type: 'ADDED', object: obj });
    } else {
      if (!Number.isFinite(rv)) return fail(badRequest(`invalid resourceVersion '${req.resourceVersion}'`));
      const past = cache.since(info.resource, rv);
      if (past === undefined) return fail(expired(`too old resource version: ${rv} (${cache.oldestRevision})`));
      for (const ev of past) {
        const we = cache.eventFor(w, ev);
        if (we !== undefined) initial.push(we);
      }
    }
    cache.addWatcher(w);
    const key = refKey(req.watcher);
    let set = this.byRef.get(key);
    if (set === undefined) {
      this.byRef.set(key, (set = new Set()));
      ctx.watch(req.watcher);
    }
    set.add(w.id);
    if (initial.length > 0 || w.bookmarks) {
      if (initial.length === 0) initial.push(this.bookmark(info));
      ctx.tell(w.ref, { type: 'watch-events', watchId: w.id, seq: ++w.seq, events: initial });
    }
  }

  /** Tell a watcher that a watch it asked for cannot be served (its only event is an ERROR). */
  static refuse(ctx: Ctx, watcher: Ref<WatchMessage>, watchId: string, s: Status): void {
    ctx.tell(watcher, { type: 'watch-events', watchId, seq: 1, events: [{ type: 'ERROR', object: s }] });
  }

  /** Send a batch of changes the cache applied to every watch it concerns. */
  dispatch(ctx: Ctx, applied: ReadonlyArray<CacheEvent>): void {
    const now = ctx.now();
    for (const [w, list] of this.cache.route(applied)) {
      w.lastSentMs = now;
      ctx.tell(w.ref, { type: 'watch-events', watchId: w.id, seq: ++w.seq, events: list });
    }
  }

  private bookmark(info: ResourceInfo): WatchEvent {
    return { type: 'BOOKMARK', object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(this.cache.revision) } } };
  }

  /** Send bookmarks to watches that asked for them and got nothing for `intervalMs`. */
  bookmarks(ctx: Ctx, intervalMs: number): void {
    const now = ctx.now();
    for (const w of this.cache.watchers.values()) {
      if (!w.bookmarks || now - w.lastSentMs < intervalMs) continue;
      w.lastSentMs = now;
      ctx.tell(w.ref, { type: 'watch-events', watchId: w.id, seq: ++w.seq, events: [this.bookmark(w.info)] });
    }
  }

  /** Remove one watch. */
  remove(id: string): void {
    const w = this.cache.removeWatcher(id);
    if (w === undefined) return;
    this.byRef.get(refKey(w.ref))?.delete(id);
  }

  /** A watcher terminated: drop its watches. */
  watcherGone(ref: RefId): void {
    const key = refKey(ref);
    const ids = this.byRef.get(key);
    if (ids === undefined) return;
    this.byRef.delete(key);
    for (const id of ids) this.cache.removeWatcher(id);
  }
}
