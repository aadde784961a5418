import type { ActorContext } from '../../../lib/actor/index.js';
import type { KubeObject } from '../api/meta.js';
import type { WatchMessage } from '../api/protocol.js';
import type { ApiClient } from './ApiClient.js';
import { Informer, type InformerHandlers, type InformerOptions } from './Informer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = ActorContext<any>;

/**
 * The informers of one actor (client-go's shared informer factory): start
 * them together, route watch batches to their owner, check their health on
 * one tick, and tell the API server to drop watches nobody owns any more.
 *
 * @example
 * const informers = new InformerSet(client);
 * const nodes = informers.add<Node>('nodes', {}, { onAdd: ... });
 * informers.start(ctx);
 * // in receive: case 'watch-events': informers.handleWatch(ctx, msg); ... case 'informer-check': informers.check(ctx);
 */
export class InformerSet {
  private readonly list: Array<Informer<KubeObject>> = [];

  constructor(readonly client: ApiClient) {}

  /** Add an informer (before start). */
  add<T extends KubeObject>(resource: string, options: InformerOptions, handlers: InformerHandlers<T>): Informer<T> {
    const inf = new Informer<T>(resource, options, handlers);
    this.list.push(inf as unknown as Informer<KubeObject>);
    return inf;
  }

  /** Start every informer. */
  start(ctx: Ctx): void {
    for (const inf of this.list) inf.start(ctx, this.client);
  }

  /** Whether every informer finished its first list. */
  get synced(): boolean {
    return this.list.every((i) => i.synced);
  }

  /** Route a watch batch; unknown (stale) watches are cancelled at the API server. */
  handleWatch(ctx: Ctx, msg: WatchMessage): void {
    for (const inf of this.list) if (inf.handleWatch(ctx, msg)) return;
    ctx.tell(this.client.api, { type: 'unwatch', watchId: msg.watchId });
  }

  /** Health check of every informer. */
  check(ctx: Ctx): void {
    for (const inf of this.list) inf.check(ctx);
  }
}
