import { expect } from 'chai';
import { runScenario, runSeeds } from '../../../lib/sim/index.js';
import { itSim, range } from '../../../lib/testkit/index.js';
import { BindingLedger, chaosScenario, kubernetesScenarios, overcommittedNodes, type CacheEvent, type Pod } from '../../../actors/kubernetes/index.js';
import { apiHarness, podManifest } from './support.js';

describe('Kubernetes scenarios', () => {
  for (const scenario of kubernetesScenarios.filter((s) => s.name !== 'k8s-chaos')) {
    it(`should pass ${scenario.name} (seed 1): ${scenario.description}`, () => {
      const r = runScenario(scenario, { seed: 1 });
      expect(r.problems).to.deep.equal([]);
    });
  }

  it('should keep every invariant under crashes, partitions and loss for 100 seeds (k8s-chaos)', function () {
    this.timeout(120_000);
    const report = runSeeds(chaosScenario, range(1, 100));
    if (report.failures.length > 0) console.log(`k8s-chaos failing seeds: ${report.failures.map((f) => f.seed).join(', ')}\n${report.failures[0].problems.join('\n')}`);
    expect(report.failures.map((f) => `seed ${f.seed}: ${f.problems.join('; ')}`)).to.deep.equal([]);
    expect(report.total).to.equal(100);
  });
});

describe('invariant checkers', () => {
  it('should flag a pod bound to a second node', () => {
    const ledger = new BindingLedger();
    const at = (node: string, revision: number): CacheEvent => ({
      revision,
      resource: 'pods',
      type: 'MODIFIED',
      prev: undefined,
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd', uid: 'u1' }, spec: { nodeName: node, containers: [] } } as Pod,
    });
    ledger.observe(at('n1', 1));
    ledger.observe(at('n1', 2));
    expect(ledger.violations).to.deep.equal([]);
    ledger.observe(at('n2', 3));
    expect(ledger.violations).to.have.length(1);
  });

  itSim('should flag a node whose pods request more than it has', (sim) => {
    const { ok } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: 'default' } } });
    ok({ type: 'create', resource: 'nodes', body: { metadata: { name: 'n1' }, status: { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } } } });
    ok({ type: 'create', resource: 'pods', namespace: 'default', body: podManifest('a', { nodeName: 'n1' }) });
    expect(overcommittedNodes(sim)).to.deep.equal([]);
    const big = podManifest('b', { nodeName: 'n1' });
    big.spec.containers[0].resources.requests.cpu = '950m';
    ok({ type: 'create', resource: 'pods', namespace: 'default', body: big });
    expect(overcommittedNodes(sim)).to.have.length(1);
  }, { seed: 1 });
});
