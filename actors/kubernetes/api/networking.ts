/** Service and Endpoints (core/v1). */
import * as t from 'io-ts';
import { ObjectMeta, ObjectReference, StringMap } from './meta.js';

/** One port a Service exposes and the container port it forwards to. */
export const ServicePort = t.intersection([
  t.type({ port: t.number }),
  t.partial({ name: t.string, protocol: t.keyof({ TCP: null, UDP: null, SCTP: null }), targetPort: t.union([t.number, t.string]), nodePort: t.number }),
]);
export type ServicePort = t.TypeOf<typeof ServicePort>;

/** A Service: a stable name and ClusterIP in front of the ready pods its selector matches. */
export const Service = t.intersection([
  t.type({
    apiVersion: t.literal('v1'),
    kind: t.literal('Service'),
    metadata: ObjectMeta,
    spec: t.partial({
      selector: StringMap,
      ports: t.array(ServicePort),
      clusterIP: t.string,
      type: t.keyof({ ClusterIP: null, NodePort: null, LoadBalancer: null, ExternalName: null }),
      sessionAffinity: t.keyof({ None: null, ClientIP: null }),
      sessionAffinityConfig: t.partial({ clientIP: t.partial({ timeoutSeconds: t.number }) }),
    }),
  }),
  t.partial({ status: t.partial({ loadBalancer: t.unknown }) }),
]);
export type Service = t.TypeOf<typeof Service>;

/** One endpoint address: a pod's IP, its node and the pod it is. */
export const EndpointAddress = t.intersection([t.type({ ip: t.string }), t.partial({ nodeName: t.string, hostname: t.string, targetRef: ObjectReference })]);
export type EndpointAddress = t.TypeOf<typeof EndpointAddress>;

/** A set of addresses sharing ports. */
export const EndpointSubset = t.partial({
  addresses: t.array(EndpointAddress),
  notReadyAddresses: t.array(EndpointAddress),
  ports: t.array(t.intersection([t.type({ port: t.number }), t.partial({ name: t.string, protocol: t.string })])),
});
export type EndpointSubset = t.TypeOf<typeof EndpointSubset>;

/** The Endpoints of a Service (same name), maintained by the Endpoints controller. */
export const Endpoints = t.intersection([
  t.type({ apiVersion: t.literal('v1'), kind: t.literal('Endpoints'), metadata: ObjectMeta }),
  t.partial({ subsets: t.array(EndpointSubset) }),
]);
export type Endpoints = t.TypeOf<typeof Endpoints>;
