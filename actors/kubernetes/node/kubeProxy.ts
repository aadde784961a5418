import * as t from 'io-ts';
import { defineBehavior, pathRef, refCodec, type ActorContext, type Ref } from '../../../lib/actor/index.js';
import { objectKey } from '../api/meta.js';
import type { EndpointAddress, Endpoints, Service } from '../api/networking.js';
import { WatchMessage, type ApiRequest } from '../api/protocol.js';
import { ApiClient, ApiResultMessage } from '../client/ApiClient.js';
import { InformerSet } from '../client/InformerSet.js';
import type { KubeletMessage } from './kubelet.js';

/** Options of kube-proxy. */
export interface KubeProxyOptions {
  api: Ref<ApiRequest>;
  /** `iptables`: a random ready endpoint; `ipvs`: round-robin. @default 'iptables' */
  mode?: 'iptables' | 'ipvs';
}

/** The error a sender gets when a service can't take its message. */
export const ServiceUnavailable = t.type({
  type: t.literal('service-unavailable'),
  reason: t.keyof({ NoEndpoints: null, ServiceNotFound: null, PortNotFound: null, EndpointNotRunning: null }),
  message: t.string,
});
export type ServiceUnavailable = t.TypeOf<typeof ServiceUnavailable>;

/** kube-proxy's mailbox. */
export const KubeProxyMessage = t.union([
  WatchMessage,
  ApiResultMessage,
  t.type({ type: t.literal('informer-check') }),
  /**
   * Send `message` to a Service: `service` is `namespace/name` or `clusterIP`; `port` a number or a port name
   * (default: the first). `clientIP` keys ClientIP session affinity. Errors go to `replyTo`.
   */
  t.intersection([
    t.type({ type: t.literal('send'), service: t.string, message: t.unknown }),
    t.partial({ port: t.union([t.number, t.string]), clientIP: t.string, replyTo: refCodec<ServiceUnavailable>() }),
  ]),
]);
export type KubeProxyMessage = t.TypeOf<typeof KubeProxyMessage>;

interface ProxyState {
  readonly client: ApiClient;
  readonly informers: InformerSet;
  readonly services: ReadonlyMap<string, Service>;
  readonly endpoints: ReadonlyMap<string, Endpoints>;
  readonly byIp: Map<string, string>;
  readonly rr: Map<string, number>;
  readonly affinity: Map<string, { ip: string; untilMs: number }>;
}

type Ctx = ActorContext<KubeProxyMessage>;

/**
 * kube-proxy as an actor (one per node): watches Services and Endpoints and
 * routes messages sent to a Service to a ready endpoint's container (through
 * that node's kubelet) — random like iptables mode or round-robin like ipvs,
 * with ClientIP session affinity; a service with no ready endpoint answers
 * the sender with a clear `service-unavailable` error.
 *
 * @example
 * sim.tell(pathRef('n1', '/kube-proxy'), { type: 'send', service: 'default/web', message: { type: 'hello', replyTo: probe.ref } });
 */
export const kubeProxyBehavior = (options: KubeProxyOptions) => {
  const mode = options.mode ?? 'iptables';
  const fail = (ctx: Ctx, to: Ref<ServiceUnavailable> | undefined, reason: ServiceUnavailable['reason'], message: string): void => {
    ctx.milestone('service-unavailable', { reason, message });
    if (to !== undefined) ctx.tell(to, { type: 'service-unavailable', reason, message });
  };
  return defineBehavior({
    name: 'kube-proxy',
    protocol: KubeProxyMessage,
    init: (ctx): ProxyState => {
      const client = new ApiClient(options.api);
      const informers = new InformerSet(client);
      const byIp = new Map<string, string>();
      const services = informers.add<Service>('services', {}, {
        onAdd: (svc) => svc.spec.clusterIP !== undefined && byIp.set(svc.spec.clusterIP, objectKey(svc)),
        onUpdate: (_o, svc) => svc.spec.clusterIP !== undefined && byIp.set(svc.spec.clusterIP, objectKey(svc)),
        onDelete: (svc) => svc.spec.clusterIP !== undefined && byIp.delete(svc.spec.clusterIP),
      }).cache;
      const endpoints = informers.add<Endpoints>('endpoints', {}, {}).cache;
      informers.start(ctx);
      ctx.timers.startPeriodicTimer('check', { type: 'informer-check' }, 1_000);
      return { client, informers, services, endpoints, byIp, rr: new Map(), affinity: new Map() };
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'watch-events':
          s.informers.handleWatch(ctx, msg);
          return s;
        case 'api-result':
          s.client.handle(msg);
          return s;
        case 'informer-check':
          s.informers.check(ctx);
          return s;
        case 'send': {
          const key = s.byIp.get(msg.service.split(':')[0]) ?? msg.service;
          const svc = s.services.get(key);
          if (svc === undefined) return fail(ctx, msg.replyTo, 'ServiceNotFound', `service "${msg.service}" not found`), s;
          const ports = svc.spec.ports ?? [];
          const port = msg.port === undefined ? ports[0] : ports.find((p) => p.port === msg.port || p.name === msg.port);
          if (port === undefined) return fail(ctx, msg.replyTo, 'PortNotFound', `service "${key}" has no port ${String(msg.port)}`), s;
          const subsets = s.endpoints.get(key)?.subsets ?? [];
          const candidates: Array<{ addr: EndpointAddress; port: number }> = [];
          for (const sub of subsets) {
            const ep = (sub.ports ?? []).find((p) => p.name === port.name) ?? sub.ports?.[0];
            if (ep === undefined) continue;
            for (const addr of sub.addresses ?? []) candidates.push({ addr, port: ep.port });
          }
          if (candidates.length === 0) return fail(ctx, msg.replyTo, 'NoEndpoints', `no endpoints available for service "${key}"`), s;
          let chosen: { addr: EndpointAddress; port: number } | undefined;
          const affinityKey = svc.spec.sessionAffinity === 'ClientIP' && msg.clientIP !== undefined ? `${key}|${msg.clientIP}` : undefined;
          const now = ctx.now();
          if (affinityKey !== undefined) {
            const a = s.affinity.get(affinityKey);
            if (a !== undefined && a.untilMs > now) chosen = candidates.find((c) => c.addr.ip === a.ip);
          }
          if (chosen === undefined) {
            if (mode === 'ipvs') {
              const n = s.rr.get(key) ?? 0;
              chosen = candidates[n % candidates.length];
              s.rr.set(key, n + 1);
            } else chosen = ctx.random.pick(candidates);
          }
          if (affinityKey !== undefined) s.affinity.set(affinityKey, { ip: chosen.addr.ip, untilMs: now + (svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10_800) * 1000 });
          const node = chosen.addr.nodeName;
          const uid = chosen.addr.targetRef?.uid;
          if (node === undefined || uid === undefined) return fail(ctx, msg.replyTo, 'NoEndpoints', `endpoint ${chosen.addr.ip} of "${key}" has no pod`), s;
          ctx.tell(pathRef<KubeletMessage>(node, '/kubelet'), { type: 'deliver', podUid: uid, port: chosen.port, message: msg.message, replyTo: msg.replyTo });
          return s;
        }
      }
    },
  });
};
