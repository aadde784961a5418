import * as t from 'io-ts';
import { defineBehavior, type Ref } from '../../../lib/actor/index.js';
import { WatchMessage, type ApiRequest, type WatchEvent } from '../api/protocol.js';

/** A relay's mailbox: the API server's event batches and its own timeout. */
export const WatchRelayMessage = t.union([WatchMessage, t.type({ type: t.literal('watch-timeout') })]);
export type WatchRelayMessage = t.TypeOf<typeof WatchRelayMessage>;

/** Where a relay writes: one HTTP watch response. */
export interface WatchSink {
  /** Write one event (a JSON line). Returns false once the client fell too far behind. */
  write(event: WatchEvent): boolean;
  /** End the response (idempotent). */
  end(): void;
}

/** What a relay watches. */
export interface WatchRelayOptions {
  readonly api: Ref<ApiRequest>;
  readonly resource: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly resourceVersion?: string;
  readonly allowWatchBookmarks?: boolean;
  /** Close the watch after this long (the `timeoutSeconds` parameter); 0 = never. */
  readonly timeoutMs: number;
  readonly sink: WatchSink;
}

interface RelayState {
  readonly watchId: string;
  nextSeq: number;
  closed: boolean;
}

/**
 * The actor behind one `?watch=true` HTTP request: it opens a watch on the
 * API server with itself as the watcher, writes each event of each batch to
 * the response in order, and ends the response on an ERROR event (410
 * Expired …), on a lost batch (a gap in `seq`, which the client must see as
 * a broken watch and re-list), on `timeoutSeconds`, or when the client
 * falls behind. Stopping it (the connection closed) cancels the watch.
 */
export const watchRelayBehavior = (o: WatchRelayOptions) =>
  defineBehavior({
    name: 'kube-watch-relay',
    protocol: WatchRelayMessage,
    init: (ctx): RelayState => {
      const watchId = `${ctx.self.node}:${ctx.self.path}`;
      ctx.tell(o.api, {
        type: 'watch',
        resource: o.resource,
        watchId,
        watcher: ctx.self,
        ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
        ...(o.labelSelector === undefined ? {} : { labelSelector: o.labelSelector }),
        ...(o.fieldSelector === undefined ? {} : { fieldSelector: o.fieldSelector }),
        ...(o.resourceVersion === undefined ? {} : { resourceVersion: o.resourceVersion }),
        ...(o.allowWatchBookmarks === true ? { allowWatchBookmarks: true } : {}),
      });
      if (o.timeoutMs > 0) ctx.timers.startSingleTimer('timeout', { type: 'watch-timeout' }, o.timeoutMs);
      return { watchId, nextSeq: 1, closed: false };
    },
    receive: (s, msg, ctx) => {
      if (s.closed) return s;
      const close = (): RelayState => {
        s.closed = true;
        o.sink.end();
        ctx.stopSelf();
        return s;
      };
      if (msg.type === 'watch-timeout') return close();
      if (msg.watchId !== s.watchId) return s;
      if (msg.seq !== s.nextSeq) return close();
      s.nextSeq++;
      for (const ev of msg.events) {
        if (!o.sink.write(ev) || ev.type === 'ERROR') return close();
      }
      return s;
    },
    onStop: (s, ctx) => {
      ctx.tell(o.api, { type: 'unwatch', watchId: s.watchId });
      o.sink.end();
    },
  });
