/** Spec helpers: a store + API server on `master` and a probe client calling it. */
import type { Ref } from '../../../lib/actor/index.js';
import type { Simulation } from '../../../lib/sim/index.js';
import { createProbe } from '../../../lib/testkit/index.js';
import { apiServerBehavior, storeBehavior, type ApiReply, type ApiRequest, type ApiServerHooks, type Status } from '../../../actors/kubernetes/index.js';

type Req = ApiRequest extends infer R ? (R extends { replyTo: unknown } ? Omit<R, 'replyTo'> : never) : never;

/** An API server with a store, and a synchronous `call` that runs the simulation until the reply. */
export const apiHarness = (sim: Simulation, hooks?: ApiServerHooks, bookmarkIntervalMs?: number) => {
  const store = sim.spawn(storeBehavior(), 'store', { node: 'master' });
  const api: Ref<ApiRequest> = sim.spawn(apiServerBehavior({ store, hooks, bookmarkIntervalMs }), 'apiserver', { node: 'master' });
  const probe = createProbe<ApiReply>(sim, 'client', { node: 'client' });
  const call = (req: Req): ApiReply => {
    sim.tell(api, { ...req, replyTo: probe.ref } as ApiRequest);
    return probe.expectMessage(10_000);
  };
  /** The object of a successful call (throws with the Status otherwise). */
  const ok = <T = any>(req: Req): T => {
    const r = call(req);
    if (r.type !== 'api-ok') throw new Error(`expected success, got ${r.status.reason}: ${r.status.message}`);
    return r.object as T;
  };
  /** The Status of a failed call (throws on success). */
  const fail = (req: Req): Status => {
    const r = call(req);
    if (r.type !== 'api-error') throw new Error(`expected a failure, got ${JSON.stringify(r.object).slice(0, 200)}`);
    return r.status;
  };
  return { store, api, probe, call, ok, fail };
};

/** A minimal pod manifest. */
export const podManifest = (name: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}) => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'forever', resources: { requests: { cpu: '100m', memory: '64Mi' } } }], ...extra },
});
