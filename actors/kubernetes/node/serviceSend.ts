import type { Ref } from '../../../lib/actor/index.js';
import type { KubeProxyMessage, ServiceUnavailable } from './kubeProxy.js';

/**
 * A Service as your code addresses it: its `namespace/name` (or clusterIP),
 * and — as a type only — what the image behind it accepts. kube-proxy
 * carries any message (its mailbox cannot know your images); declaring the
 * service once with its message type lets the compiler check every send.
 *
 * @example
 * const greeter = service<GreeterMsg>('default/greeter');
 */
export interface ServiceAddress<M> {
  readonly service: string;
  /** Never set: carries `M` for the compiler. */
  readonly accepts?: (message: M) => void;
}

/** Name a Service and the message type its pods' image accepts. */
export const service = <M>(name: string): ServiceAddress<M> => ({ service: name });

/** Where kube-proxy sends what it cannot deliver, the port to use, the client's IP for session affinity. */
export interface ServiceSendOptions {
  readonly port?: number | string;
  readonly clientIP?: string;
  readonly replyTo?: Ref<ServiceUnavailable>;
}

/**
 * The kube-proxy message that sends `message` to a Service — typed: the
 * message must be what the Service's image accepts. kube-proxy picks a ready
 * endpoint and hands it to that pod's container; if none is ready it answers
 * `replyTo` with a `service-unavailable` error.
 *
 * @example
 * sim.tell(proxy, serviceSend(greeter, { type: 'greet', who: 'me', replyTo: probe.ref }, { replyTo: probe.ref }));
 */
export const serviceSend = <M>(to: ServiceAddress<M>, message: NoInfer<M>, options: ServiceSendOptions = {}): KubeProxyMessage => ({
  type: 'send',
  service: to.service,
  message,
  ...options,
});
