import * as E from 'fp-ts/Either';
import { matches, type Selector } from '../api/labelSelector.js';
import { objectKey } from '../api/meta.js';
import { deepEqual } from '../api/mergePatch.js';
import type { EndpointAddress, Endpoints, EndpointSubset, Service } from '../api/networking.js';
import { isPodReady, isTerminal, type Pod } from '../api/Pod.js';
import type { Controller, ControllerContext } from './Controller.js';

const selectorOf = (svc: Service): Selector | undefined => {
  const sel = svc.spec.selector;
  if (sel === undefined || Object.keys(sel).length === 0) return undefined;
  return Object.entries(sel).map(([key, v]) => ({ key, op: '=' as const, values: [v] }));
};

/** The container port a service port targets in a pod (number, or a named container port). */
export const resolveTargetPort = (pod: Pod, target: number | string | undefined, fallback: number): number | undefined => {
  if (typeof target === 'number') return target;
  if (target === undefined) return fallback;
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  const n = Number(target);
  return Number.isFinite(n) ? n : undefined;
};

/** The Endpoints subsets of a service from the pods it selects. */
export const endpointSubsets = (svc: Service, pods: ReadonlyArray<Pod>): EndpointSubset[] => {
  const selector = selectorOf(svc);
  if (selector === undefined) return [];
  const ready: EndpointAddress[] = [];
  const notReady: EndpointAddress[] = [];
  let sample: Pod | undefined;
  for (const p of pods) {
    if (isTerminal(p) || p.metadata.deletionTimestamp !== undefined || p.status?.podIP === undefined || !matches(selector, p.metadata.labels)) continue;
    const addr: EndpointAddress = { ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid } };
    (isPodReady(p) ? ready : notReady).push(addr);
    sample ??= p;
  }
  if (sample === undefined) return [];
  const byIp = (a: EndpointAddress, b: EndpointAddress): number => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  const ports = (svc.spec.ports ?? []).map((sp) => ({ name: sp.name, port: resolveTargetPort(sample!, sp.targetPort, sp.port) ?? sp.port, protocol: sp.protocol ?? 'TCP' }));
  const subset: EndpointSubset = { ports };
  if (ready.length > 0) subset.addresses = ready.sort(byIp);
  if (notReady.length > 0) subset.notReadyAddresses = notReady.sort(byIp);
  return [subset];
};

/**
 * The Endpoints controller: for every Service with a selector, an Endpoints
 * object of the same name listing the IPs of the selected pods — ready ones
 * as `addresses`, the others as `notReadyAddresses` — with the target ports.
 */
export const endpointsController = (): Controller => {
  const servicesFor = (cc: ControllerContext, pod: Pod): void => {
    for (const svc of cc.inNamespace<Service>('services', pod.metadata.namespace ?? '')) {
      const sel = selectorOf(svc);
      if (sel !== undefined && matches(sel, pod.metadata.labels)) cc.enqueue(objectKey(svc));
    }
  };
  return {
    name: 'endpoints',
    setup(cc) {
      cc.watch<Service>('services', { onAdd: (s) => cc.enqueue(objectKey(s)), onUpdate: (_o, s) => cc.enqueue(objectKey(s)), onDelete: (s) => cc.enqueue(objectKey(s)) });
      cc.watch<Pod>('pods', {
        onAdd: (p) => servicesFor(cc, p),
        onUpdate: (o, p) => {
          servicesFor(cc, p);
          if (o.metadata.labels !== p.metadata.labels && JSON.stringify(o.metadata.labels) !== JSON.stringify(p.metadata.labels)) servicesFor(cc, o);
        },
        onDelete: (p) => servicesFor(cc, p),
      });
      cc.watch<Endpoints>('endpoints', { onDelete: (e) => cc.enqueue(objectKey(e)) });
    },
    sync(cc, key, done) {
      const [ns, name] = key.split('/');
      const svc = cc.cache<Service>('services').get(key);
      const current = cc.cache<Endpoints>('endpoints').get(key);
      const ctx = cc.ctx;
      if (svc === undefined) {
        if (current !== undefined) cc.client.delete(ctx, { resource: 'endpoints', namespace: ns, name }, {}, () => undefined);
        return done();
      }
      if (selectorOf(svc) === undefined) return done();
      const subsets = endpointSubsets(svc, cc.inNamespace<Pod>('pods', ns));
      const after = (r: E.Either<unknown, unknown>): void => {
        if (E.isLeft(r)) cc.enqueue(key, 500);
        done();
      };
      if (current === undefined) {
        cc.client.create(ctx, 'endpoints', ns, { metadata: { name, namespace: ns, labels: svc.metadata.labels }, subsets }, after);
      } else if (!deepEqual(current.subsets ?? [], subsets)) {
        cc.client.update(ctx, 'endpoints', { ...current, subsets }, after);
      } else done();
    },
  };
};
