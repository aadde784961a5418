import { expect } from 'chai';
import { createSimulation, type Simulation } from '../../../lib/sim/index.js';
import { RolloutLedger, type CacheEvent, type Deployment, type KubeObject, type Node, type Pod, type ReplicaSet } from '../../../actors/kubernetes/index.js';

/** A ledger over a simulation with nodes n1 and n2, and helpers that feed it changes as the API server would. */
const world = () => {
  const sim: Simulation = createSimulation({ seed: 1, trace: false });
  sim.node('master');
  sim.node('n1');
  sim.node('n2');
  const ledger = new RolloutLedger(sim);
  let revision = 0;
  const known = new Map<string, KubeObject>();
  const put = (resource: string, object: KubeObject): void => {
    const prev = known.get(object.metadata.uid!);
    known.set(object.metadata.uid!, object);
    ledger.observe({ revision: ++revision, resource, type: prev === undefined ? 'ADDED' : 'MODIFIED', object, prev } satisfies CacheEvent);
  };
  const remove = (resource: string, uid: string): void => {
    const prev = known.get(uid)!;
    known.delete(uid);
    ledger.observe({ revision: ++revision, resource, type: 'DELETED', object: prev, prev });
  };
  const node = (name: string, ready = true): void =>
    put('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `node-${name}` }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }] } } as Node);
  const deployment = (replicas: number, maxUnavailable: number | string = 1): void =>
    put('deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', uid: 'd1' },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable } } },
    } as Deployment);
  const replicaSet = (uid: string, replicas: number): void =>
    put('replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: uid, namespace: 'default', uid, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: {} },
    } as ReplicaSet);
  const pod = (name: string, rs: string, nodeName: string, ready: boolean, deleting = false): void =>
    put('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: rs, controller: true }], ...(deleting ? { deletionTimestamp: '1970-01-01T00:00:01Z' } : {}) },
      spec: { nodeName, containers: [] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    } as Pod);
  /** Deployment web: 4 replicas, maxUnavailable 1, ReplicaSet old with 4 available pods (p1, p2 on n1; p3, p4 on n2). */
  const steady = (): void => {
    node('n1');
    node('n2');
    deployment(4);
    replicaSet('old', 4);
    for (const [p, n] of [['p1', 'n1'], ['p2', 'n1'], ['p3', 'n2'], ['p4', 'n2']]) pod(p, 'old', n, true);
  };
  return { sim, ledger, node, deployment, replicaSet, pod, remove, steady };
};

describe('RolloutLedger', () => {
  it('should flag a scale-down that takes availability below replicas − maxUnavailable', () => {
    const { ledger, replicaSet, pod, remove, steady } = world();
    steady();
    replicaSet('new', 1);
    replicaSet('old', 3);
    pod('p1', 'old', 'n1', true, true);
    remove('pods', 'p1');
    expect(ledger.violations, 'one excess pod gone: 3 available ≥ 3').to.deep.equal([]);
    replicaSet('old', 2);
    pod('p2', 'old', 'n1', true, true);
    expect(ledger.violations).to.have.length(1);
    expect(ledger.violations[0]).to.match(/default\/web at \d+ ms: 2 available \+ 0 disrupted < 4 replicas − maxUnavailable 1/);
  });

  it('should except pods that stop being available while they exist, until availability comes back', () => {
    const { ledger, replicaSet, pod, steady } = world();
    steady();
    pod('p1', 'old', 'n1', false);
    pod('p2', 'old', 'n1', false);
    expect(ledger.violations).to.deep.equal([]);
    expect(ledger.disruptions).to.equal(2);
    // The rollout may still take the one pod maxUnavailable allows…
    replicaSet('old', 3);
    pod('p3', 'old', 'n2', true, true);
    expect(ledger.violations).to.deep.equal([]);
    // …and once p1 is back (making up for one disruption), no more than that.
    pod('p1', 'old', 'n1', true);
    replicaSet('old', 2);
    pod('p4', 'old', 'n2', true, true);
    expect(ledger.violations).to.have.length(1);
  });

  it('should except deletions that are not a scale-down (eviction, preemption) and excess deletions on a failing node', () => {
    const { sim, ledger, replicaSet, pod, remove, node, steady } = world();
    steady();
    // Preempted: the ReplicaSet still wants 4.
    pod('p1', 'old', 'n1', true, true);
    remove('pods', 'p1');
    pod('p2', 'old', 'n1', true, true);
    expect(ledger.violations).to.deep.equal([]);
    expect(ledger.disruptions).to.equal(2);
    // Two new pods make up for both; then a scale-down picks pods on n2 while it is down, and after it restarted.
    pod('p5', 'old', 'n1', true);
    pod('p6', 'old', 'n1', true);
    replicaSet('old', 2);
    sim.crash('n2');
    pod('p3', 'old', 'n2', true, true);
    sim.restart('n2');
    pod('p4', 'old', 'n2', true, true);
    expect(ledger.disruptions, 'p3 on a down node, p4 whose containers died in the crash').to.equal(4);
    expect(ledger.violations).to.deep.equal([]);
    // On a healthy node the same scale-down counts: p5 leaves 1 available + 2 disrupted = 3, p6 breaks the bound.
    replicaSet('old', 0);
    pod('p5', 'old', 'n1', true, true);
    expect(ledger.violations).to.deep.equal([]);
    pod('p6', 'old', 'n1', true, true);
    expect(ledger.violations).to.have.length(1);
  });

  it('should check again only once a scale-up has been met', () => {
    const { ledger, deployment, replicaSet, pod, steady } = world();
    steady();
    deployment(8);
    replicaSet('old', 8);
    expect(ledger.violations, '4 available < 8 − 1 right after scaling up').to.deep.equal([]);
    for (const p of ['p5', 'p6', 'p7']) pod(p, 'old', 'n1', true);
    const armedAt = ledger.checks;
    pod('p7', 'old', 'n1', false);
    pod('p6', 'old', 'n1', true, true);
    expect(ledger.checks, 'checked again once 7 were available').to.be.greaterThan(armedAt);
    expect(ledger.violations, 'p7 unready is a disruption, p6 deleted without a scale-down too').to.deep.equal([]);
    replicaSet('old', 5);
    pod('p5', 'old', 'n1', true, true);
    expect(ledger.violations).to.have.length(1);
  });
});
