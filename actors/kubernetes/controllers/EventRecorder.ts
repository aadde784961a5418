import type { KubeObject } from '../api/meta.js';
import { formatTime } from '../api/time.js';
import type { ApiClient } from '../client/ApiClient.js';
import type { Ctx } from './Controller.js';

/** Options of an {@link EventRecorder}: client-go's event correlator settings. */
export interface EventRecorderOptions {
  /** Events (creates and count updates) one source may write about one object at once. @default 25 */
  spamBurst?: number;
  /** Then one more per this long. @default 300_000 (5 minutes) */
  spamRefillMs?: number;
  /** From this many similar events (same object, type and reason; other messages) within the window, they are combined into one. @default 10 */
  aggregateMax?: number;
  /** The window similar events are counted in. @default 600_000 (10 minutes) */
  aggregateWindowMs?: number;
  /** Correlation entries kept (the oldest are forgotten first). @default 10_000 */
  cacheSize?: number;
}

interface Written {
  readonly name: string;
  count: number;
}

/**
 * Records Events about objects as client-go's EventRecorder and its
 * correlator do: the same event (object, reason, message) again bumps the
 * `count` of the Event already written; from the 10th similar event (same
 * object, type and reason, another message) within 10 minutes on, they
 * become one Event "(combined from similar events): …" whose count grows;
 * and a spam filter lets one source write at most 25 events about one
 * object, then one per 5 minutes (the rest are dropped, as upstream drops
 * them — a ReplicaSet creating 1,000 pods leaves about 25 SuccessfulCreate
 * events). Events are written best-effort (failures are dropped).
 *
 * @example
 * recorder.event(ctx, pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-1 to n1');
 */
export class EventRecorder {
  private readonly seen = new Map<string, Written>();
  private readonly similar = new Map<string, { firstMs: number; messages: number }>();
  private readonly tokens = new Map<string, { tokens: number; atMs: number }>();
  private seq = 0;
  private readonly o: Required<EventRecorderOptions>;

  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    options: EventRecorderOptions = {},
  ) {
    this.o = { spamBurst: 25, spamRefillMs: 300_000, aggregateMax: 10, aggregateWindowMs: 600_000, cacheSize: 10_000, ...options };
  }

  /** Whether the spam filter lets one more event about `objectKey` through at `nowMs` (takes a token). */
  private admit(objectKey: string, nowMs: number): boolean {
    let bucket = this.tokens.get(objectKey);
    if (bucket === undefined) {
      this.bounded(this.tokens);
      this.tokens.set(objectKey, (bucket = { tokens: this.o.spamBurst, atMs: nowMs }));
    } else {
      const refill = Math.floor((nowMs - bucket.atMs) / this.o.spamRefillMs);
      if (refill > 0) {
        bucket.tokens = Math.min(this.o.spamBurst, bucket.tokens + refill);
        bucket.atMs += refill * this.o.spamRefillMs;
      }
    }
    if (bucket.tokens <= 0) return false;
    bucket.tokens--;
    return true;
  }

  private bounded(m: Map<string, unknown>): void {
    if (m.size < this.o.cacheSize) return;
    const oldest = m.keys().next();
    if (oldest.done !== true) m.delete(oldest.value);
  }

  event(ctx: Ctx, obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const nowMs = ctx.now();
    const objectKey = `${obj.kind}|${obj.metadata.namespace}|${obj.metadata.name}|${obj.metadata.uid}`;
    // Aggregation: beyond aggregateMax distinct messages of one kind of event, they are combined.
    const similarKey = `${objectKey}|${type}|${reason}`;
    let group = this.similar.get(similarKey);
    if (group === undefined || nowMs - group.firstMs > this.o.aggregateWindowMs) {
      this.bounded(this.similar);
      this.similar.set(similarKey, (group = { firstMs: nowMs, messages: 0 }));
    }
    const key0 = `${objectKey}|${reason}|${message}`;
    if (!this.seen.has(key0)) group.messages++;
    // As upstream's EventAggregator: the aggregateMax-th distinct message and later ones are combined.
    const combined = group.messages >= this.o.aggregateMax;
    const shown = combined ? `(combined from similar events): ${message}` : message;
    const key = combined ? `${similarKey}|combined` : key0;
    if (!this.admit(objectKey, nowMs)) return;
    const ns = obj.metadata.namespace ?? 'default';
    const now = formatTime(nowMs);
    const prev = this.seen.get(key);
    if (prev !== undefined) {
      prev.count++;
      this.client.patch(ctx, { resource: 'events', namespace: ns, name: prev.name }, { count: prev.count, lastTimestamp: now, ...(combined ? { message: shown } : {}) }, () => undefined);
      return;
    }
    this.bounded(this.seen);
    const name = `${obj.metadata.name}.${(++this.seq).toString(16)}${ctx.random.int(0, 0xffffff).toString(16).padStart(6, '0')}`;
    this.seen.set(key, { name, count: 1 });
    this.client.create(
      ctx,
      'events',
      ns,
      {
        metadata: { name, namespace: ns },
        involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
        reason,
        message: shown,
        type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: this.component, host: ctx.node },
        reportingController: this.component,
      },
      () => undefined,
    );
  }
}
