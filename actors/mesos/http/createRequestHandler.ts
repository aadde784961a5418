import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/Either';
import { pathRef, type ActorSystem, type AnyRef, type Ref } from '../../../lib/actor/index.js';
import type { Random } from '../../../lib/random/index.js';
import type { MasterSnapshot } from '../master/masterSnapshot.js';
import type { MasterMsg } from '../MasterProtocol.js';
import type { MesosCluster } from '../MesosCluster.js';
import type { SchedulerEvent } from '../SchedulerEvent.js';
import { encodeRecord } from './RecordIO.js';
import { schedulerEndpoint, type EndpointRequest, type SchedulerEndpointEnv } from './schedulerEndpoint.js';
import { subscriptionProxy, type EventSink, type SubscriptionMsg } from './subscriptionProxy.js';
import { formatUuid, randomUuid, type UuidBook } from './UuidBook.js';
import { eventToV1, type EventContext, type MasterInfoJson } from './v1Event.js';

/** One HTTP listener: the front door of one master candidate. */
export interface MasterListener {
  /** The master's node. */
  readonly node: string;
  readonly host: string;
  readonly port: number;
  readonly masterInfo: MasterInfoJson;
}

/** A live SUBSCRIBE stream. */
export interface LiveStream {
  readonly streamId: string;
  readonly proxy: Ref<SubscriptionMsg>;
}

/** What the handlers of every listener share. */
export interface MesosServerContext {
  readonly system: ActorSystem;
  readonly cluster: MesosCluster;
  readonly listeners: ReadonlyMap<string, MasterListener>;
  /** Live streams by framework id. */
  readonly streams: Map<string, LiveStream>;
  readonly uuids: UuidBook;
  /** Where stream ids are drawn from (seeded). */
  readonly streamIds: Random;
  readonly maxBodyBytes: number;
  readonly subscribeTimeoutMs: number;
  /** A stream whose unsent bytes exceed this is closed (a client that stopped reading). */
  readonly maxBufferedBytes: number;
  /** Counter for subscription actor names. */
  subscriptions: number;
}

/** The node hosting the subscription proxies. */
export const HTTP_NODE = 'http';

/** Bytes drained from a request over the body limit before the connection is cut. */
const DRAIN_FACTOR = 8;

/** Whether a master leads now (its node is up and its lease is live). */
export const masterLeads = (ctx: MesosServerContext, node: string): boolean => {
  const view = ctx.cluster.masterViews.get(node);
  return ctx.cluster.isUp(node) && view !== undefined && view.role === 'leader' && ctx.system.clock.now() < view.leaseUntil;
};

const send = (res: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>> = {}, contentType = 'text/plain; charset=utf-8'): void => {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...(payload.length > 0 ? { 'Content-Type': contentType } : {}), 'Content-Length': String(payload.length), ...headers });
  res.end(payload);
};

/**
 * The request handler of one master's listener: `POST /api/v1/scheduler`
 * (see {@link schedulerEndpoint}), `GET /master/state` (and
 * `/master/state.json`, `/state`), `/health` and `/master/health`,
 * `/version`; anything else is 404. A listener whose master's node is down
 * drops its connections, as a dead master process would. Bodies over
 * `maxBodyBytes` get 413; nothing a client sends can throw out of here.
 */
export const createRequestHandler = (ctx: MesosServerContext, node: string) => (req: IncomingMessage, res: ServerResponse): void => {
  const listener = ctx.listeners.get(node);
  if (listener === undefined || !ctx.cluster.isUp(node)) {
    req.socket.destroy();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > ctx.maxBodyBytes * DRAIN_FACTOR) {
      req.socket.destroy();
      return;
    }
    if (size > ctx.maxBodyBytes) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on('error', () => undefined);
  req.on('end', () => {
    try {
      if (tooLarge) {
        send(res, 413, `Request body is larger than ${ctx.maxBodyBytes} bytes`, { Connection: 'close' });
        return;
      }
      route(ctx, listener, req, res, Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      send(res, 500, `500 Internal Server Error: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
};

const route = (ctx: MesosServerContext, listener: MasterListener, req: IncomingMessage, res: ServerResponse, body: string): void => {
  const rawUrl = req.url ?? '/';
  const path = rawUrl.split('?')[0];
  switch (path) {
    case '/api/v1/scheduler':
      scheduler(ctx, listener, req, res, body);
      return;
    case '/master/state':
    case '/master/state.json':
    case '/state':
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, `405 Method Not Allowed. Expecting one of { 'GET', 'HEAD' }, but received '${req.method ?? ''}'.`, { Allow: 'GET, HEAD' });
        return;
      }
      state(ctx, listener, res);
      return;
    case '/health':
    case '/master/health':
      send(res, 200, '');
      return;
    case '/version':
      send(res, 200, JSON.stringify({ version: listener.masterInfo.version, build_user: 'troupe', model: 'actors/mesos' }), {}, 'application/json');
      return;
    default:
      send(res, 404, '404 Not Found.');
  }
};

const state = (ctx: MesosServerContext, listener: MasterListener, res: ServerResponse): void => {
  const master = pathRef<MasterMsg>(listener.node, '/master');
  void ctx.system
    .ask(master, (replyTo: Ref<MasterSnapshot>) => ({ type: 'get-state' as const, replyTo }), 5000)()
    .then((snapshot) => {
      if (E.isLeft(snapshot)) {
        send(res, 503, `Master ${listener.node} did not answer: ${snapshot.left._tag}`);
        return;
      }
      const leader = ctx.cluster.leader();
      const leaderInfo = leader === undefined ? undefined : ctx.listeners.get(leader.node)?.masterInfo;
      const json = { ...snapshot.right, hostname: listener.host, port: listener.port, id: listener.masterInfo.id, ...(leaderInfo === undefined ? {} : { leader_info: leaderInfo }) };
      send(res, 200, JSON.stringify(json), {}, 'application/json');
    })
    .catch((err: unknown) => send(res, 500, `500 Internal Server Error: ${err instanceof Error ? err.message : String(err)}`));
};

const endpointEnv = (ctx: MesosServerContext, listener: MasterListener): SchedulerEndpointEnv => ({
  leadership: () => {
    if (masterLeads(ctx, listener.node)) return { leading: true };
    const leader = ctx.cluster.leaders().find((l) => ctx.listeners.has(l.node));
    const to = leader === undefined ? undefined : ctx.listeners.get(leader.node);
    return { leading: false, leader: to === undefined ? undefined : `${to.host}:${to.port}` };
  },
  framework: (id) => {
    const fw = ctx.cluster.masterViews.get(listener.node)?.frameworks.get(id);
    return fw === undefined ? undefined : { connected: fw.connected, subscriber: fw.ref as AnyRef | undefined };
  },
  stream: (id) => ctx.streams.get(id),
  modelUuid: (frameworkId, uuid) => ctx.uuids.modelFor(frameworkId, uuid),
});

const scheduler = (ctx: MesosServerContext, listener: MasterListener, req: IncomingMessage, res: ServerResponse, body: string): void => {
  const request: EndpointRequest = { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body };
  const reply = schedulerEndpoint(request, endpointEnv(ctx, listener));
  switch (reply._tag) {
    case 'Respond':
      send(res, reply.status, reply.body, reply.headers);
      return;
    case 'Forward':
      if (reply.call.type === 'acknowledge') ctx.uuids.forget(reply.call.uuid);
      ctx.system.tell(reply.proxy as Ref<SubscriptionMsg>, { type: 'http-call', call: reply.call, rejected: [...reply.rejected] });
      send(res, 202, '');
      return;
    case 'Subscribe':
      subscribe(ctx, listener, res, reply.framework, reply.frameworkId, reply.refusal);
  }
};

/**
 * Open a SUBSCRIBE stream: 200 with `Mesos-Stream-Id` at once (as Mesos
 * answers before the master has handled the subscription), then one
 * RecordIO record per event, written by a subscription proxy actor.
 */
const subscribe = (
  ctx: MesosServerContext,
  listener: MasterListener,
  res: ServerResponse,
  framework: Parameters<typeof subscriptionProxy>[0]['framework'],
  frameworkId: string | null,
  refusal: string | undefined,
): void => {
  const streamId = formatUuid(randomUuid(ctx.streamIds));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Mesos-Stream-Id': streamId, 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  let subscribedAs: string | undefined;
  let ended = false;
  const eventContext: EventContext = {
    masterInfo: listener.masterInfo,
    agentIp: listener.host,
    agentPort: 5051,
    v1Uuid: (model) => ctx.uuids.v1For(subscribedAs ?? '', model),
  };
  const sink: EventSink = {
    send: (event: SchedulerEvent) => {
      if (ended || res.destroyed) return;
      res.write(encodeRecord(JSON.stringify(eventToV1(event, eventContext))));
      // A client that stopped reading: drop the connection (its 'close' tells the proxy, like any disconnection).
      if (res.writableLength > ctx.maxBufferedBytes) res.destroy();
    },
    close: () => {
      if (ended) return;
      ended = true;
      res.end();
    },
  };
  if (refusal !== undefined) {
    sink.send({ type: 'error', message: refusal });
    sink.close();
    return;
  }
  const name = `sub-${++ctx.subscriptions}`;
  const behavior = subscriptionProxy({
    master: pathRef<MasterMsg>(listener.node, '/master'),
    framework,
    frameworkId,
    sink,
    subscribeTimeoutMs: ctx.subscribeTimeoutMs,
    leadershipCheckMs: Math.min(1000, ctx.subscribeTimeoutMs),
    masterLeads: () => masterLeads(ctx, listener.node),
    onSubscribed: (id) => {
      subscribedAs = id;
      ctx.streams.set(id, { streamId, proxy });
    },
    onStopped: () => {
      if (subscribedAs !== undefined && ctx.streams.get(subscribedAs)?.proxy === proxy) ctx.streams.delete(subscribedAs);
    },
  });
  const proxy = ctx.system.spawn(behavior, name, { node: HTTP_NODE, restart: 'temporary' });
  res.on('error', () => undefined);
  res.on('close', () => {
    if (!ended) {
      ended = true;
      ctx.system.tell(proxy, { type: 'connection-closed' });
    }
  });
};
