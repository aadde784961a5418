import type { KubeObject } from '../api/meta.js';
import { formatTime } from '../api/time.js';
import type { ApiClient } from '../client/ApiClient.js';
import type { Ctx } from './Controller.js';

/**
 * Records Events about objects (client-go's EventRecorder): repeated events
 * (same object, reason and message) are aggregated into one Event whose
 * `count` grows. Events are written best-effort (failures are dropped).
 *
 * @example
 * recorder.event(ctx, pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-1 to n1');
 */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; count: number }>();
  private seq = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    private readonly max = 10_000,
  ) {}

  event(ctx: Ctx, obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const ns = obj.metadata.namespace ?? 'default';
    const key = `${obj.metadata.uid}|${reason}|${message}`;
    const now = formatTime(ctx.now());
    const prev = this.seen.get(key);
    if (prev !== undefined) {
      prev.count++;
      this.client.patch(ctx, { resource: 'events', namespace: ns, name: prev.name }, { count: prev.count, lastTimestamp: now }, () => undefined);
      return;
    }
    if (this.seen.size >= this.max) this.seen.clear();
    const name = `${obj.metadata.name}.${(++this.seq).toString(16)}${ctx.random.int(0, 0xffffff).toString(16).padStart(6, '0')}`;
    this.seen.set(key, { name, count: 1 });
    this.client.create(ctx, 'events', ns, {
      metadata: { name, namespace: ns },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: this.component, host: ctx.node },
      reportingController: this.component,
    }, () => undefined);
  }
}
