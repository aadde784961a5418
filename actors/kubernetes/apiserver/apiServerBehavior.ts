import * as t from 'io-ts';
import { defineBehavior } from '../../../lib/actor/index.js';
import { ApiRequest } from '../api/protocol.js';
import { StoreWatchMessage } from '../store/protocol.js';
import { ApiServer, type ApiServerOptions, type StoreResultMessage } from './ApiServer.js';

/** The API server's mailbox: client requests, the store's watch, store replies and its own ticks. */
export const ApiServerMessage = t.union([
  ApiRequest,
  StoreWatchMessage,
  t.type({ type: t.literal('store-result'), op: t.number, result: t.unknown }),
  t.type({ type: t.literal('bookmark-tick') }),
  t.type({ type: t.literal('reload') }),
]);
export type ApiServerMessage = t.TypeOf<typeof ApiServerMessage>;

/**
 * The API server as an actor: the entry point of every operation on the
 * cluster state (see {@link ApiRequest}). It loads its watch cache from the
 * store at start (requests wait until then), follows the store's watch, and
 * fails (so its supervisor restarts it with a fresh cache) when that watch
 * breaks.
 *
 * @example
 * const store = sim.spawn(storeBehavior(), 'store', { node: 'master' });
 * const api = sim.spawn(apiServerBehavior({ store }), 'apiserver', { node: 'master' });
 * sim.tell(api, { type: 'create', resource: 'namespaces', body: { metadata: { name: 'default' } }, replyTo: probe.ref });
 */
export const apiServerBehavior = (options: ApiServerOptions) =>
  defineBehavior({
    name: 'kube-apiserver',
    protocol: ApiServerMessage,
    init: (ctx) => {
      const server = new ApiServer(options);
      server.start(ctx);
      ctx.timers.startPeriodicTimer('bookmarks', { type: 'bookmark-tick' }, Math.max(1000, (options.bookmarkIntervalMs ?? 10_000) / 2));
      return server;
    },
    receive: (server, msg, ctx) => {
      switch (msg.type) {
        case 'store-result':
          server.storeResult(msg as StoreResultMessage);
          return server;
        case 'store-events':
          if (!server.storeEvents(ctx, msg.watchId, msg.seq, msg.events)) throw new Error(`store watch ${msg.watchId} lost a batch (seq ${msg.seq}): reloading`);
          return server;
        case 'store-watch-canceled':
          if (server.isOwnWatch(msg.watchId)) throw new Error(`store watch canceled: ${msg.error._tag}`);
          return server;
        case 'store-progress':
          return server;
        case 'bookmark-tick':
          server.bookmarks(ctx);
          return server;
        case 'reload': {
          const fresh = new ApiServer(options);
          fresh.start(ctx);
          return fresh;
        }
        default:
          server.handle(ctx, msg);
          return server;
      }
    },
    onSignal: (server, signal) => {
      if (signal.type === 'terminated') server.watcherGone(signal.ref);
      return server;
    },
  });
