import { expect } from 'chai';
import { createRandom } from '../../../../lib/random/index.js';
import {
  DEFAULT_PROFILE,
  Framework,
  fitErrorMessage,
  numFeasibleNodesToFind,
  podInfoOf,
  registerPlugin,
  SchedulerCache,
  SUCCESS,
  pluginStatus,
  type Node,
  type Pod,
} from '../../../../actors/kubernetes/index.js';

const node = (name: string, extra: { cpu?: string; labels?: Record<string, string>; taints?: Node['spec'] extends infer S ? (S extends { taints?: infer T } ? T : never) : never; unschedulable?: boolean } = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
  spec: { taints: extra.taints, unschedulable: extra.unschedulable },
  status: { allocatable: { cpu: extra.cpu ?? '2', memory: '4Gi', pods: '10' } },
});

let seq = 0;
const pod = (spec: Partial<Pod['spec']> = {}, cpu = '500m', labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${++seq}`, namespace: 'default', uid: `u${seq}`, labels, creationTimestamp: '1970-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu } }, ports: [] }], ...spec },
});

const cluster = (...nodes: Node[]): SchedulerCache => {
  const c = new SchedulerCache();
  for (const n of nodes) c.addNode(n);
  return c;
};

const schedule = (c: SchedulerCache, p: Pod) => new Framework(DEFAULT_PROFILE, createRandom(1)).schedule(podInfoOf(p), c);

describe('scheduler framework and default plugins', () => {
  const cases: Array<{ name: string; nodes: Node[]; pod: Pod; want: string[] | 'none'; reason?: string }> = [
    { name: 'NodeUnschedulable skips cordoned nodes', nodes: [node('a', { unschedulable: true }), node('b')], pod: pod(), want: ['b'] },
    { name: 'NodeName pins the pod', nodes: [node('a'), node('b')], pod: pod({ nodeName: 'a' }), want: ['a'] },
    { name: 'TaintToleration keeps pods off NoSchedule taints', nodes: [node('a', { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }), node('b')], pod: pod(), want: ['b'] },
    { name: 'a toleration lets it in', nodes: [node('a', { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] })], pod: pod({ tolerations: [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }] }), want: ['a'] },
    { name: 'nodeSelector filters by labels', nodes: [node('a', { labels: { disk: 'ssd' } }), node('b')], pod: pod({ nodeSelector: { disk: 'ssd' } }), want: ['a'] },
    {
      name: 'required node affinity (NotIn) filters',
      nodes: [node('a', { labels: { zone: 'z1' } }), node('b', { labels: { zone: 'z2' } })],
      pod: pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }] } } } }),
      want: ['b'],
    },
    { name: 'NodeResourcesFit refuses a node without room', nodes: [node('a', { cpu: '1' }), node('b', { cpu: '4' })], pod: pod({}, '2'), want: ['b'] },
    { name: 'nothing fits: unschedulable with reasons', nodes: [node('a', { cpu: '1' }), node('b', { unschedulable: true })], pod: pod({}, '2'), want: 'none', reason: '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable.' },
    {
      name: 'preferred node affinity wins the score',
      nodes: [node('a'), node('b', { labels: { fast: 'yes' } }), node('c')],
      pod: pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } }] } } }),
      want: ['b'],
    },
    { name: 'PreferNoSchedule taints lose the score', nodes: [node('a', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }), node('b')], pod: pod(), want: ['b'] },
  ];
  for (const c of cases) {
    it(`should place pods: ${c.name}`, () => {
      const r = schedule(cluster(...c.nodes), c.pod);
      if (c.want === 'none') {
        expect(r.type).to.equal('unschedulable');
        if (r.type === 'unschedulable' && c.reason !== undefined) expect(fitErrorMessage(r)).to.equal(c.reason);
      } else {
        expect(r.type).to.equal('scheduled');
        if (r.type === 'scheduled') expect(c.want).to.include(r.node);
      }
    });
  }

  it('should spread pods to the least allocated node and respect host ports', () => {
    const c = cluster(node('a'), node('b'));
    const busy = podInfoOf(pod({}, '1500m'));
    c.addPod(busy, 'a');
    const r = schedule(c, pod());
    expect(r).to.deep.include({ type: 'scheduled', node: 'b' });
    const withPort = (): Pod => ({ ...pod(), spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080 }] }] } });
    c.addPod(podInfoOf(withPort()), 'b');
    expect(schedule(c, withPort())).to.deep.include({ type: 'scheduled', node: 'a' });
  });

  it('should enforce DoNotSchedule topology spread across zones', () => {
    const c = cluster(node('a', { labels: { zone: 'z1' } }), node('b', { labels: { zone: 'z1' } }), node('c', { labels: { zone: 'z2' } }));
    c.addPod(podInfoOf(pod({}, '100m', { app: 'w' })), 'a');
    const spread = pod({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } } }] }, '100m', { app: 'w' });
    expect(schedule(c, spread)).to.deep.include({ type: 'scheduled', node: 'c' });
  });

  it('should score a percentage of nodes on large clusters (adaptive percentageOfNodesToScore)', () => {
    expect(numFeasibleNodesToFind(50, 0)).to.equal(50);
    expect(numFeasibleNodesToFind(5_000, 0)).to.equal(500);
    expect(numFeasibleNodesToFind(1_000, 0)).to.equal(420);
    expect(numFeasibleNodesToFind(100_000, 0)).to.equal(5_000);
    expect(numFeasibleNodesToFind(5_000, 30)).to.equal(1_500);
    const nodes = Array.from({ length: 1_000 }, (_, i) => node(`n${i}`));
    const r = schedule(cluster(...nodes), pod());
    expect(r.type === 'scheduled' && r.evaluated).to.equal(420);
  });

  it('should choose preemption victims of lower priority, as few and as unimportant as possible', () => {
    const c = cluster(node('a'), node('b'));
    c.addPod(podInfoOf(pod({ priority: 10 }, '1500m')), 'a');
    c.addPod(podInfoOf(pod({ priority: 100 }, '1500m')), 'b');
    const high = podInfoOf(pod({ priority: 1000 }, '1'));
    const fw = new Framework(DEFAULT_PROFILE, createRandom(1));
    const r = fw.schedule(high, c);
    expect(r.type).to.equal('unschedulable');
    if (r.type !== 'unschedulable') return;
    const p = fw.preempt(high, c, r);
    expect(p?.node).to.equal('a');
    expect(p?.victims.map((v) => v.priority)).to.deep.equal([10]);
    expect(fw.preempt(podInfoOf(pod({ priority: 5 }, '1')), c, r)).to.equal(undefined);
  });

  it('should run plugins users register by name', () => {
    registerPlugin('OnlyEven', () => ({ name: 'OnlyEven', filter: (_s: unknown, _p: unknown, n: { name: string }) => (Number(n.name.slice(1)) % 2 === 0 ? SUCCESS : pluginStatus('UnschedulableAndUnresolvable', 'OnlyEven', 'odd')) }));
    const fw = new Framework({ filters: ['OnlyEven'], scores: [] }, createRandom(1));
    const r = fw.schedule(podInfoOf(pod()), cluster(node('n1'), node('n2'), node('n3')));
    expect(r).to.deep.include({ type: 'scheduled', node: 'n2' });
  });
});
