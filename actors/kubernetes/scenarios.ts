/** Kubernetes scenarios: seeded runs of a simulated cluster with faults, invariants and final checks. */
import * as E from 'fp-ts/Either';
import { defineScenario, type Scenario, type Simulation } from '../../lib/sim/index.js';
import type { ConfigMap, Namespace } from './api/cluster.js';
import type { KubeObject } from './api/meta.js';
import type { Node } from './api/Node.js';
import { isPodReady, type Pod } from './api/Pod.js';
import type { Deployment, ReplicaSet } from './api/workloads.js';
import { bootCluster, type Cluster } from './cluster.js';
import { rollbackTo } from './controllers/deploymentController.js';
import { counterBehavior, driverBehavior, type CounterTally, type DriverStep } from './driver.js';
import type { CacheEvent } from './apiserver/WatchCache.js';
import { BindingLedger, orphans, overcommittedNodes, rolloutViolations, storedObjects } from './invariants.js';
import { RolloutLedger } from './RolloutLedger.js';

/** A Deployment manifest. */
export const deploymentManifest = (name: string, replicas: number, image: string, extra: { cpu?: string; memory?: string; priorityClassName?: string; progressDeadlineSeconds?: number; args?: string[] } = {}): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    progressDeadlineSeconds: extra.progressDeadlineSeconds,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        priorityClassName: extra.priorityClassName,
        terminationGracePeriodSeconds: 5,
        containers: [{ name: 'main', image, args: extra.args, resources: { requests: { cpu: extra.cpu ?? '100m', memory: extra.memory ?? '64Mi' } }, ports: [{ containerPort: 80 }] }],
      },
    },
  },
});

interface World {
  readonly cluster: Cluster;
  readonly ledger: BindingLedger;
  /** Availability during rolling updates, checked after every change. */
  readonly rollouts: RolloutLedger;
  readonly tally?: CounterTally;
}

const boot = (sim: Simulation, workers: number, steps: ReadonlyArray<DriverStep>, extra: Parameters<typeof bootCluster>[1] = {}): World => {
  const ledger = new BindingLedger();
  const rollouts = new RolloutLedger(sim);
  const onChange = (ev: CacheEvent): void => {
    ledger.observe(ev);
    rollouts.observe(ev);
  };
  const cluster = bootCluster(sim, { workers, ...extra, apiserver: { hooks: { onChange } } });
  sim.spawn(driverBehavior(cluster.api, steps), 'driver', { node: 'client' });
  return { cluster, ledger, rollouts };
};

const baseInvariants = (sim: Simulation, w: World) => [
  { name: 'a pod is bound at most once', check: () => w.ledger.violations.length === 0 || w.ledger.violations.join('; ') },
  { name: "no node's allocatable is exceeded", check: () => overcommittedNodes(sim).join('; ') || undefined, everyMs: 1_000 },
  { name: 'rolling update within maxSurge and maxUnavailable (disruptions excepted)', check: () => rolloutViolations(sim, w.rollouts).join('; ') || undefined, everyMs: 500 },
];

const podsOf = (sim: Simulation, app: string, ns = 'default'): Pod[] =>
  storedObjects<Pod>(sim, 'pods').filter((p) => p.metadata.namespace === ns && p.metadata.labels?.app === app && p.metadata.deletionTimestamp === undefined);

/** Rolling out a bad image stalls (progress deadline exceeded) without losing availability; rollback restores the old template. */
export const rolloutRollbackScenario: Scenario<World> = defineScenario({
  name: 'k8s-rollout-rollback',
  description: 'deployment rolled out to a bad image stalls within maxUnavailable, exceeds its progress deadline, and is rolled back',
  durationMs: 150_000,
  simulation: { trace: false },
  setup: (sim) =>
    boot(sim, 3, [
      { atMs: 3_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'default', deploymentManifest('web', 4, 'nginx', { progressDeadlineSeconds: 30 }), finish) },
      {
        atMs: 30_000,
        run: (c, ctx, finish) =>
          c.get<Deployment>(ctx, { resource: 'deployments', namespace: 'default', name: 'web' }, (r) => {
            if (E.isLeft(r)) return finish(r);
            const d = r.right;
            const containers = d.spec.template.spec!.containers.map((x) => ({ ...x, image: 'nginx-does-not-exist' }));
            c.update(ctx, 'deployments', { ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec!, containers } } } }, finish);
          }),
      },
      {
        atMs: 100_000,
        run: (c, ctx, finish) =>
          c.get<Deployment>(ctx, { resource: 'deployments', namespace: 'default', name: 'web' }, (r) => {
            if (E.isLeft(r)) return finish(r);
            c.list<ReplicaSet>(ctx, 'replicasets', { namespace: 'default' }, (l) => {
              if (E.isLeft(l)) return finish(l);
              const back = rollbackTo(r.right, l.right.items);
              if (E.isRight(back)) c.update(ctx, 'deployments', back.right, finish);
              else finish();
            });
          }),
      },
    ]),
  invariants: (sim, w) => baseInvariants(sim, w),
  check: (sim) => {
    const problems: string[] = [];
    const d = storedObjects<Deployment>(sim, 'deployments').find((x) => x.metadata.name === 'web');
    if (d === undefined) return ['deployment web missing'];
    const pods = podsOf(sim, 'web');
    if (pods.length !== 4 || !pods.every((p) => p.spec.containers[0].image === 'nginx' && isPodReady(p))) problems.push(`after rollback expected 4 ready nginx pods, got ${pods.map((p) => `${p.spec.containers[0].image}/${isPodReady(p)}`).join(',')}`);
    if (!d.status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable')) problems.push(`rollout not complete after rollback: ${JSON.stringify(d.status?.conditions)}`);
    const stalled = storedObjects<KubeObject & { reason?: string }>(sim, 'events').some((e) => e.reason === 'ProgressDeadlineExceeded');
    if (!stalled) problems.push('the bad rollout never reported ProgressDeadlineExceeded');
    if (d.metadata.annotations?.['deployment.kubernetes.io/revision'] !== '3') problems.push(`expected revision 3 after rollback, got ${d.metadata.annotations?.['deployment.kubernetes.io/revision']}`);
    return problems;
  },
});

/** A worker dies for good: it turns Unknown after 40 s, its pods are evicted after 300 s and recreated elsewhere. */
export const nodeFailureScenario: Scenario<World> = defineScenario({
  name: 'k8s-node-failure',
  description: 'a worker crashes and stays down: NotReady after the grace period, pods evicted after tolerationSeconds and recreated on other nodes',
  durationMs: 420_000,
  simulation: { trace: false },
  setup: (sim) => {
    const w = boot(sim, 3, [{ atMs: 2_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'default', deploymentManifest('web', 6, 'nginx'), finish) }]);
    return w;
  },
  nemesis: () => [{ atMs: 30_000, fault: { type: 'crash', node: 'node-1' } }],
  invariants: (sim, w) => baseInvariants(sim, w),
  check: (sim) => {
    const problems: string[] = [];
    const node1 = storedObjects<Node>(sim, 'nodes').find((n) => n.metadata.name === 'node-1');
    if (node1?.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'Unknown') problems.push('node-1 should be Ready=Unknown');
    if (!(node1?.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute')) problems.push('node-1 should carry the unreachable:NoExecute taint');
    const live = podsOf(sim, 'web').filter((p) => p.spec.nodeName !== 'node-1' && isPodReady(p));
    if (live.length !== 6) problems.push(`expected 6 ready pods on other nodes, got ${live.length}`);
    const stuck = storedObjects<Pod>(sim, 'pods').filter((p) => p.spec.nodeName === 'node-1' && p.metadata.deletionTimestamp === undefined);
    if (stuck.length > 0) problems.push(`${stuck.length} pods of node-1 were not evicted`);
    return problems;
  },
});

/** A container crashing every second backs off 10 s, 20 s, 40 s … up to 300 s. */
export const crashLoopScenario: Scenario<World> = defineScenario({
  name: 'k8s-crash-loop',
  description: 'a crash-looping container restarts with CrashLoopBackOff 10 s doubling to 300 s',
  durationMs: 620_000,
  simulation: { trace: false },
  setup: (sim) =>
    boot(sim, 1, [
      {
        atMs: 2_000,
        run: (c, ctx, finish) => c.create(ctx, 'pods', 'default', { metadata: { name: 'crasher' }, spec: { containers: [{ name: 'main', image: 'crash', args: ['everyMs=1000'] }] } }, finish),
      },
    ]),
  invariants: (sim, w) => baseInvariants(sim, w),
  check: (sim) => {
    const pod = storedObjects<Pod>(sim, 'pods').find((p) => p.metadata.name === 'crasher');
    const cs = pod?.status?.containerStatuses?.[0];
    if (cs === undefined) return ['crasher has no container status'];
    // Crashes at ~1 s after each start; backoffs 10, 20, 40, 80, 160, 300 s: 6 restarts by ~616 s.
    if (cs.restartCount < 5 || cs.restartCount > 7) return [`expected 5–7 restarts in 10 minutes with backoff, got ${cs.restartCount}`];
    if (cs.lastState?.terminated?.exitCode !== 1) return [`last state should be a failure, got ${JSON.stringify(cs.lastState)}`];
    return [];
  },
});

/** High-priority pods that don't fit evict lower-priority ones (preemption). */
export const preemptionScenario: Scenario<World> = defineScenario({
  name: 'k8s-preemption',
  description: 'scale-up beyond capacity: a high-priority deployment preempts low-priority pods',
  durationMs: 90_000,
  simulation: { trace: false },
  setup: (sim) =>
    boot(
      sim,
      2,
      [
        { atMs: 2_000, run: (c, ctx, finish) => c.create(ctx, 'priorityclasses', undefined, { metadata: { name: 'high' }, value: 1000 }, finish) },
        { atMs: 2_000, run: (c, ctx, finish) => c.create(ctx, 'priorityclasses', undefined, { metadata: { name: 'low' }, value: 10 }, finish) },
        { atMs: 3_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'default', deploymentManifest('batch', 4, 'forever', { cpu: '900m', priorityClassName: 'low' }), finish) },
        { atMs: 30_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'default', deploymentManifest('critical', 2, 'forever', { cpu: '900m', priorityClassName: 'high' }), finish) },
      ],
      { kubelet: { capacity: { cpu: '2', memory: '4Gi', pods: '110' } } },
    ),
  invariants: (sim, w) => baseInvariants(sim, w),
  check: (sim) => {
    const critical = podsOf(sim, 'critical').filter((p) => p.status?.phase === 'Running');
    const batch = podsOf(sim, 'batch');
    const problems: string[] = [];
    if (critical.length !== 2) problems.push(`expected 2 running critical pods, got ${critical.length}`);
    if (batch.filter((p) => p.status?.phase === 'Running').length !== 2) problems.push(`expected 2 running batch pods left, got ${batch.filter((p) => p.status?.phase === 'Running').length}`);
    if (batch.filter((p) => !p.spec.nodeName).length !== 2) problems.push('expected 2 batch pods pending');
    return problems;
  },
});

/** Deleting a namespace deletes everything in it, then the namespace. */
export const namespaceDeletionScenario: Scenario<World> = defineScenario({
  name: 'k8s-namespace-deletion',
  description: 'a namespace with a deployment, a service and a configmap is deleted: contents first, then the namespace',
  durationMs: 60_000,
  simulation: { trace: false },
  setup: (sim) =>
    boot(sim, 2, [
      { atMs: 2_000, run: (c, ctx, finish) => c.create(ctx, 'namespaces', undefined, { metadata: { name: 'team' } }, finish) },
      { atMs: 3_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'team', deploymentManifest('api', 3, 'nginx'), finish) },
      { atMs: 3_000, run: (c, ctx, finish) => c.create(ctx, 'services', 'team', { metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } }, finish) },
      { atMs: 3_000, run: (c, ctx, finish) => c.create(ctx, 'configmaps', 'team', { metadata: { name: 'settings' }, data: { mode: 'prod' } }, finish) },
      { atMs: 20_000, run: (c, ctx, finish) => c.delete(ctx, { resource: 'namespaces', name: 'team' }, {}, finish) },
      { atMs: 21_000, run: (c, ctx, finish) => c.create(ctx, 'configmaps', 'team', { metadata: { name: 'late' } }, (r) => {
            if (E.isRight(r)) ctx.milestone('late-create-accepted');
            finish();
          }) },
    ]),
  invariants: (sim, w) => baseInvariants(sim, w),
  check: (sim) => {
    const problems: string[] = [];
    if (storedObjects<Namespace>(sim, 'namespaces').some((n) => n.metadata.name === 'team')) problems.push('namespace team still exists');
    for (const r of ['pods', 'replicasets', 'deployments', 'services', 'endpoints', 'configmaps', 'events']) {
      const left = storedObjects<KubeObject>(sim, r).filter((o) => o.metadata.namespace === 'team');
      if (left.length > 0) problems.push(`${left.length} ${r} left in team`);
    }
    return problems;
  },
});

interface ChaosWorld extends World {
  readonly tally: CounterTally;
}

/** The invariants under worker and master crashes, partitions and loss, for many seeds. */
export const chaosScenario: Scenario<ChaosWorld> = defineScenario({
  name: 'k8s-chaos',
  description: 'deployments rolling and scaling, a counter under optimistic concurrency, through node crashes, partitions and loss',
  durationMs: 150_000,
  simulation: { trace: false },
  setup: (sim) => {
    const tally: CounterTally = { acked: 0, unknown: 0, conflicts: 0, pending: 0, failed: {} };
    const w = boot(sim, 4, [
      { atMs: 2_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'default', deploymentManifest('web', 6, 'nginx', { cpu: '500m' }), finish) },
      { atMs: 2_000, run: (c, ctx, finish) => c.create(ctx, 'configmaps', 'default', { metadata: { name: 'counter' }, data: { count: '0' } }, finish) },
      {
        atMs: 25_000,
        run: (c, ctx, finish) =>
          c.patch(ctx, { resource: 'deployments', namespace: 'default', name: 'web' }, { spec: { template: { spec: { containers: [{ name: 'main', image: 'echo', resources: { requests: { cpu: '500m', memory: '64Mi' } }, ports: [{ containerPort: 80 }] }] } } } }, finish),
      },
      { atMs: 50_000, run: (c, ctx, finish) => c.patch(ctx, { resource: 'deployments', namespace: 'default', name: 'web' }, { spec: { replicas: 10 } }, finish, 'scale') },
      { atMs: 60_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'default', deploymentManifest('job', 3, 'forever'), finish) },
      { atMs: 75_000, run: (c, ctx, finish) => c.delete(ctx, { resource: 'deployments', namespace: 'default', name: 'job' }, { propagationPolicy: 'Foreground' }, finish) },
    ]);
    for (const name of w.cluster.workers) sim.spawn(counterBehavior(w.cluster.api, 'default', 'counter', tally), 'counter', { node: `${name}-client` });
    return { ...w, tally };
  },
  nemesis: (_sim, w) => ({
    nodes: [...w.cluster.workers, w.cluster.master],
    durationMs: 90_000,
    startMs: 5_000,
    crashesPerMin: 3,
    meanDowntimeMs: 8_000,
    partitionsPerMin: 3,
    meanPartitionMs: 6_000,
    lossBurstsPerMin: 2,
    maxDown: 1,
  }),
  invariants: (sim, w) => baseInvariants(sim, w),
  check: (sim, w) => {
    const problems: string[] = [];
    const cm = storedObjects<ConfigMap>(sim, 'configmaps').find((x) => x.metadata.name === 'counter');
    const count = Number(cm?.data?.count ?? '0');
    const t = w.tally;
    if (count < t.acked || count > t.acked + t.unknown + t.pending) problems.push(`lost update: counter ${count}, acknowledged ${t.acked}, unknown ${t.unknown}, in flight ${t.pending}, failed ${JSON.stringify(t.failed)}`);
    if (t.acked < 50) problems.push(`the counter made too little progress (${t.acked} increments)`);
    // The availability bound must have been in force through the rollout, not vacuously true.
    if (w.rollouts.checksOf('default/web') < 20) problems.push(`the rollout availability bound was checked only ${w.rollouts.checksOf('default/web')} times`);
    const ready = podsOf(sim, 'web').filter((p) => isPodReady(p) && p.spec.containers[0].image === 'echo');
    if (ready.length !== 10) problems.push(`web did not converge: ${ready.length}/10 ready echo pods`);
    if (podsOf(sim, 'job').length > 0 || storedObjects<Deployment>(sim, 'deployments').some((d) => d.metadata.name === 'job')) problems.push('foreground deletion of job left objects');
    problems.push(...orphans(sim).map((o) => `orphan: ${o}`));
    return problems;
  },
});

/** Every Kubernetes scenario, by name. */
export const kubernetesScenarios: ReadonlyArray<Scenario<World>> = [rolloutRollbackScenario, nodeFailureScenario, crashLoopScenario, preemptionScenario, namespaceDeletionScenario, chaosScenario as unknown as Scenario<World>];
