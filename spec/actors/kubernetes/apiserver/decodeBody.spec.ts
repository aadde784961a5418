import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { createRandom, type Random } from '../../../../lib/random/index.js';
import { createSimulation } from '../../../../lib/sim/index.js';
import { allResources, bootCluster, deploymentManifest, storedObjects, type ApiReply, type KubeObject } from '../../../../actors/kubernetes/index.js';
import { createProbe } from '../../../../lib/testkit/index.js';

/** Every path to a leaf (or an array / object) of a JSON value. */
const paths = (v: unknown, at: Array<string | number> = []): Array<Array<string | number>> => {
  if (typeof v !== 'object' || v === null) return [at];
  const out: Array<Array<string | number>> = at.length > 0 ? [at] : [];
  for (const [k, c] of Object.entries(v)) out.push(...paths(c, [...at, Array.isArray(v) ? Number(k) : k]));
  return out;
};

const WRONG: unknown[] = [null, 7, 'x', true, [], {}, [1], { a: 1 }, -1.5];

/** A copy of `obj` with one value replaced or removed, or an unknown field added. */
const mutate = (obj: unknown, random: Random): unknown => {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const all = paths(copy);
  const path = all[random.int(0, all.length - 1)];
  if (path.length === 0) return copy;
  let parent: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const what = random.int(0, 2);
  if (what === 0 && !Array.isArray(parent)) delete parent[last];
  else if (what === 1) parent[last] = WRONG[random.int(0, WRONG.length - 1)];
  else parent[`extra${random.int(0, 9)}`] = WRONG[random.int(0, WRONG.length - 1)];
  return copy;
};

describe('decodeBody', () => {
  it("should accept exactly what each resource codec's decode accepts with its allocation-free guard (thousands of mutations of real objects)", () => {
    // Real objects of every kind a running cluster stores.
    const sim = createSimulation({ seed: 3, trace: false });
    const cluster = bootCluster(sim, { workers: 2 });
    const client = createProbe<ApiReply>(sim, 'client', { node: 'client' });
    sim.runFor(2_000);
    sim.tell(cluster.api, { type: 'create', resource: 'deployments', namespace: 'default', body: deploymentManifest('web', 2, 'nginx'), replyTo: client.ref });
    sim.tell(cluster.api, { type: 'create', resource: 'services', namespace: 'default', body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }, replyTo: client.ref });
    sim.runFor(20_000);
    const random = createRandom(11);
    let checked = 0;
    let rejected = 0;
    const kinds = new Set<string>();
    for (const info of allResources()) {
      const codec = info.codec as t.Decoder<unknown, KubeObject> & { is: t.Is<KubeObject> };
      const samples = storedObjects<KubeObject>(sim, info.resource).slice(0, 5);
      for (const sample of samples) {
        kinds.add(info.kind);
        const body = { ...sample, apiVersion: sample.apiVersion ?? '', kind: info.kind };
        expect(codec.is(body), `${info.kind} ${sample.metadata.name}`).to.equal(true);
        for (let i = 0; i < 200; i++) {
          const m = mutate(body, random);
          const decoded = E.isRight(codec.decode(m));
          expect(codec.is(m), `${info.kind}: ${JSON.stringify(m).slice(0, 300)}`).to.equal(decoded);
          checked++;
          if (!decoded) rejected++;
        }
      }
    }
    expect([...kinds]).to.include.members(['Pod', 'Node', 'ReplicaSet', 'Deployment', 'Service', 'Endpoints', 'Lease', 'Event', 'Namespace', 'PriorityClass']);
    expect(checked).to.be.greaterThan(3_000);
    expect(rejected).to.be.greaterThan(checked / 10);
  });
});
