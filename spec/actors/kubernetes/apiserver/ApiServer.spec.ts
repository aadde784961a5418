import { expect } from 'chai';
import { createProbe, itSim } from '../../../../lib/testkit/index.js';
import type { Pod, WatchMessage } from '../../../../actors/kubernetes/index.js';
import { apiHarness, podManifest } from '../support.js';

const NS = 'default';

describe('API server', () => {
  itSim('should create with uid, resourceVersion and timestamps, refuse duplicates, and list by label and field selectors', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    const a = ok<Pod>({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('a', {}, { app: 'web' }) });
    expect(a.metadata.uid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.metadata.resourceVersion).to.equal('2');
    expect(a.metadata.creationTimestamp).to.equal('1970-01-01T00:00:00Z');
    expect(a.spec.restartPolicy).to.equal('Always');
    ok({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('b', { nodeName: 'n1' }, { app: 'db' }) });
    expect(fail({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('a') })).to.include({ reason: 'AlreadyExists', code: 409 });
    const byLabel = ok<{ items: Pod[] }>({ type: 'list', resource: 'pods', namespace: NS, labelSelector: 'app in (web,api)' });
    expect(byLabel.items.map((p) => p.metadata.name)).to.deep.equal(['a']);
    const byField = ok<{ items: Pod[] }>({ type: 'list', resource: 'pods', fieldSelector: 'spec.nodeName=n1' });
    expect(byField.items.map((p) => p.metadata.name)).to.deep.equal(['b']);
    const page = ok<{ items: Pod[]; metadata: { continue?: string } }>({ type: 'list', resource: 'pods', namespace: NS, limit: 1 });
    expect(page.items).to.have.length(1);
    const rest = ok<{ items: Pod[] }>({ type: 'list', resource: 'pods', namespace: NS, limit: 1, continue: page.metadata.continue });
    expect(rest.items.map((p) => p.metadata.name)).to.deep.equal(['b']);
  }, { seed: 1 });

  itSim('should answer Invalid with field causes, and generate names from generateName', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    const bad = fail({ type: 'create', resource: 'pods', namespace: NS, body: { metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c', image: '', resources: { requests: { cpu: 'lots' } } }] } } });
    expect(bad).to.include({ kind: 'Status', reason: 'Invalid', code: 422 });
    expect(bad.details.causes!.map((c) => c.field)).to.deep.equal(['metadata.name', 'spec.containers[0].image', 'spec.containers[0].resources.requests[cpu]']);
    const dep = fail({ type: 'create', resource: 'deployments', namespace: NS, body: { metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } } });
    expect(dep.details.causes!.map((c) => c.field)).to.deep.equal(['spec.template.metadata.labels', 'spec.strategy.rollingUpdate.maxUnavailable']);
    const gen = ok<Pod>({ type: 'create', resource: 'pods', namespace: NS, body: { ...podManifest(''), metadata: { generateName: 'web-' } } });
    expect(gen.metadata.name).to.match(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(fail({ type: 'create', resource: 'pods', namespace: NS, body: { kind: 'Node', metadata: { name: 'x' } } })).to.include({ reason: 'BadRequest' });
  }, { seed: 1 });

  itSim('should refuse a stale resourceVersion with Conflict and bump generation on spec changes only', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    const body = { metadata: { name: 'cfg' }, data: { a: '1' } };
    const v1 = ok<any>({ type: 'create', resource: 'configmaps', namespace: NS, body });
    const v2 = ok<any>({ type: 'update', resource: 'configmaps', namespace: NS, name: 'cfg', body: { ...v1, data: { a: '2' } } });
    const stale = fail({ type: 'update', resource: 'configmaps', namespace: NS, name: 'cfg', body: { ...v1, data: { a: '3' } } });
    expect(stale).to.include({ reason: 'Conflict', code: 409 });
    expect(stale.message).to.contain('the object has been modified');
    const patched = ok<any>({ type: 'patch', resource: 'configmaps', namespace: NS, name: 'cfg', patch: { data: { b: 'x', a: null } } });
    expect(patched.data).to.deep.equal({ b: 'x' });
    expect(Number(patched.metadata.resourceVersion)).to.be.greaterThan(Number(v2.metadata.resourceVersion));
    const d = ok<any>({ type: 'create', resource: 'deployments', namespace: NS, body: { metadata: { name: 'd' }, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } } });
    expect(d.metadata.generation).to.equal(1);
    expect(d.spec.strategy).to.deep.equal({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    const labelled = ok<any>({ type: 'patch', resource: 'deployments', namespace: NS, name: 'd', patch: { metadata: { labels: { team: 'a' } } } });
    expect(labelled.metadata.generation).to.equal(1);
    const scaled = ok<any>({ type: 'patch', resource: 'deployments', namespace: NS, name: 'd', subresource: 'scale', patch: { spec: { replicas: 5 } } });
    expect(scaled).to.deep.include({ kind: 'Scale', spec: { replicas: 5 } });
    expect(ok<any>({ type: 'get', resource: 'deployments', namespace: NS, name: 'd' }).metadata.generation).to.equal(2);
  }, { seed: 1 });

  const deployment = (name: string) => ({ metadata: { name }, spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
  const replicaSet = (name: string) => ({ metadata: { name }, spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });

  const concurrentPatches: Array<[string, 'merge' | 'strategic' | 'json' | undefined, (k: string) => unknown]> = [
    ['a merge patch (patchType absent)', undefined, (k) => ({ data: { [k]: 'v' } })],
    ['a merge patch', 'merge', (k) => ({ data: { [k]: 'v' } })],
    ['a strategic merge patch', 'strategic', (k) => ({ data: { [k]: 'v' } })],
    ['a JSON patch', 'json', (k) => [{ op: 'add', path: `/data/${k}`, value: 'v' }]],
  ];
  for (const [what, patchType, patchFor] of concurrentPatches) {
    itSim(`should apply ${what} inside the compare-and-swap loop, so five concurrent patches all land`, (sim) => {
      const { ok, api, probe } = apiHarness(sim);
      ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
      const v1 = ok<any>({ type: 'create', resource: 'configmaps', namespace: NS, body: { metadata: { name: 'cfg' }, data: { base: '1' } } });
      // All five are read from the same cached version: four lose the race, re-read and re-apply.
      for (const k of ['k1', 'k2', 'k3', 'k4', 'k5']) sim.tell(api, { type: 'patch', resource: 'configmaps', namespace: NS, name: 'cfg', patch: patchFor(k), patchType, replyTo: probe.ref });
      const replies = [1, 2, 3, 4, 5].map(() => probe.expectMessage(10_000));
      expect(replies.map((r) => r.type)).to.deep.equal(['api-ok', 'api-ok', 'api-ok', 'api-ok', 'api-ok']);
      const cm = ok<any>({ type: 'get', resource: 'configmaps', namespace: NS, name: 'cfg' });
      expect(cm.data).to.deep.equal({ base: '1', k1: 'v', k2: 'v', k3: 'v', k4: 'v', k5: 'v' });
      expect(Number(cm.metadata.resourceVersion)).to.equal(Number(v1.metadata.resourceVersion) + 5);
    }, { seed: 1 });
  }

  itSim('should treat a resourceVersion set by a patch as a precondition, and refuse a patch of the wrong type with its Status', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    const v1 = ok<any>({ type: 'create', resource: 'configmaps', namespace: NS, body: { metadata: { name: 'cfg' }, data: { a: '1' } } });
    ok({ type: 'patch', resource: 'configmaps', namespace: NS, name: 'cfg', patch: { data: { a: '2' } } });
    expect(fail({ type: 'patch', resource: 'configmaps', namespace: NS, name: 'cfg', patch: { metadata: { resourceVersion: v1.metadata.resourceVersion }, data: { a: '3' } } })).to.include({ reason: 'Conflict', code: 409 });
    expect(fail({ type: 'patch', resource: 'configmaps', namespace: NS, name: 'cfg', patchType: 'merge', patch: [{ op: 'add', path: '/data/b', value: 'x' }] })).to.include({ code: 400 });
    expect(ok<any>({ type: 'get', resource: 'configmaps', namespace: NS, name: 'cfg' }).data).to.deep.equal({ a: '2' });
  }, { seed: 1 });

  itSim('should scale deployments and replicasets through the scale subresource with a merge patch, as kubectl scale does', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    ok({ type: 'create', resource: 'deployments', namespace: NS, body: deployment('web') });
    ok({ type: 'create', resource: 'replicasets', namespace: NS, body: replicaSet('rs') });
    const got = ok<any>({ type: 'get', resource: 'deployments', namespace: NS, name: 'web', subresource: 'scale' });
    expect(got).to.deep.include({ apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 2 } });
    expect(got.status.selector).to.equal('app=web');
    for (const [resource, name] of [['deployments', 'web'], ['replicasets', 'rs']]) {
      const scaled = ok<any>({ type: 'patch', resource, namespace: NS, name, subresource: 'scale', patchType: 'merge', patch: { spec: { replicas: 7 } } });
      expect(scaled).to.deep.include({ apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { replicas: 7 } });
      expect(scaled.metadata.name).to.equal(name);
      expect(ok<any>({ type: 'get', resource, namespace: NS, name }).spec.replicas).to.equal(7);
      expect(fail({ type: 'patch', resource, namespace: NS, name, subresource: 'scale', patch: { spec: { replicas: -1 } } })).to.include({ reason: 'Invalid' });
      expect(fail({ type: 'patch', resource, namespace: NS, name, subresource: 'scale', patch: { metadata: { resourceVersion: '2' }, spec: { replicas: 1 } } })).to.include({ reason: 'Conflict' });
    }
    const put = ok<any>({ type: 'update', resource: 'replicasets', namespace: NS, name: 'rs', subresource: 'scale', body: { metadata: { name: 'rs' }, spec: { replicas: 0 } } });
    expect(put.spec.replicas).to.equal(0);
    ok({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('p') });
    expect(fail({ type: 'get', resource: 'pods', namespace: NS, name: 'p', subresource: 'scale' })).to.include({ reason: 'NotFound' });
    expect(fail({ type: 'patch', resource: 'pods', namespace: NS, name: 'p', subresource: 'scale', patch: { spec: { replicas: 1 } } })).to.include({ reason: 'NotFound' });
  }, { seed: 1 });

  itSim('should bind a pod at most once', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    ok({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('p') });
    ok({ type: 'create', resource: 'pods', namespace: NS, name: 'p', subresource: 'binding', body: { metadata: { name: 'p' }, target: { name: 'n1' } } });
    const again = fail({ type: 'create', resource: 'pods', namespace: NS, name: 'p', subresource: 'binding', body: { metadata: { name: 'p' }, target: { name: 'n2' } } });
    expect(again).to.include({ reason: 'Conflict' });
    expect(again.message).to.contain('already assigned to node "n1"');
    const pod = ok<Pod>({ type: 'get', resource: 'pods', namespace: NS, name: 'p' });
    expect(pod.spec.nodeName).to.equal('n1');
    expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).to.equal('True');
  }, { seed: 1 });

  itSim('should delete bound pods gracefully, honour finalizers, and add propagation finalizers', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    ok({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('bound', { nodeName: 'n1', terminationGracePeriodSeconds: 10 }) });
    const terminating = ok<Pod>({ type: 'delete', resource: 'pods', namespace: NS, name: 'bound' });
    expect(terminating.metadata).to.include({ deletionTimestamp: '1970-01-01T00:00:10Z', deletionGracePeriodSeconds: 10 });
    ok({ type: 'delete', resource: 'pods', namespace: NS, name: 'bound', options: { gracePeriodSeconds: 0 } });
    expect(fail({ type: 'get', resource: 'pods', namespace: NS, name: 'bound' })).to.include({ reason: 'NotFound', code: 404 });
    ok({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('unbound') });
    ok({ type: 'delete', resource: 'pods', namespace: NS, name: 'unbound' });
    expect(fail({ type: 'get', resource: 'pods', namespace: NS, name: 'unbound' })).to.include({ reason: 'NotFound' });
    const cm = ok<any>({ type: 'create', resource: 'configmaps', namespace: NS, body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    const deleting = ok<any>({ type: 'delete', resource: 'configmaps', namespace: NS, name: 'held', options: { propagationPolicy: 'Orphan' } });
    expect(deleting.metadata.finalizers).to.deep.equal(['example.com/hold', 'orphan']);
    expect(fail({ type: 'patch', resource: 'configmaps', namespace: NS, name: 'held', patch: { metadata: { finalizers: ['example.com/hold', 'orphan', 'new'] } } })).to.include({ reason: 'Invalid' });
    ok({ type: 'patch', resource: 'configmaps', namespace: NS, name: 'held', patch: { metadata: { finalizers: null } } });
    expect(fail({ type: 'get', resource: 'configmaps', namespace: NS, name: 'held' })).to.include({ reason: 'NotFound' });
    expect(cm.metadata.uid).to.be.a('string');
    expect(fail({ type: 'delete', resource: 'configmaps', namespace: NS, name: 'nothing' })).to.include({ reason: 'NotFound' });
  }, { seed: 1 });

  itSim('should forbid new objects in a terminating namespace and keep it until finalized', (sim) => {
    const { ok, fail } = apiHarness(sim);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: 'team' } } });
    const ns = ok<any>({ type: 'delete', resource: 'namespaces', name: 'team' });
    expect(ns.status.phase).to.equal('Terminating');
    const refused = fail({ type: 'create', resource: 'configmaps', namespace: 'team', body: { metadata: { name: 'x' } } });
    expect(refused).to.include({ reason: 'Forbidden', code: 403 });
    expect(refused.details.causes![0].reason).to.equal('NamespaceTerminating');
    expect(fail({ type: 'create', resource: 'configmaps', namespace: 'nowhere', body: { metadata: { name: 'x' } } })).to.include({ reason: 'NotFound' });
    ok({ type: 'update', resource: 'namespaces', name: 'team', subresource: 'finalize', body: { ...ns, spec: { finalizers: [] } } });
    expect(fail({ type: 'get', resource: 'namespaces', name: 'team' })).to.include({ reason: 'NotFound' });
  }, { seed: 1 });

  itSim('should watch from a resourceVersion with bookmarks, turn field-selector transitions into ADDED/DELETED, and replay history from an old resourceVersion', (sim) => {
    const { ok } = apiHarness(sim, undefined, 2_000);
    ok({ type: 'create', resource: 'namespaces', body: { metadata: { name: NS } } });
    const created = ok<Pod>({ type: 'create', resource: 'pods', namespace: NS, body: podManifest('w') });
    const watcher = createProbe<WatchMessage>(sim, 'watcher', { node: 'n1' });
    const api = sim.system.find('master', '/apiserver')!;
    sim.tell(api, { type: 'watch', resource: 'pods', fieldSelector: 'spec.nodeName=n1', resourceVersion: created.metadata.resourceVersion, allowWatchBookmarks: true, watchId: 'k', watcher: watcher.ref });
    expect(watcher.expectMessage(100).events[0].type).to.equal('BOOKMARK');
    ok({ type: 'create', resource: 'pods', namespace: NS, name: 'w', subresource: 'binding', body: { metadata: { name: 'w' }, target: { name: 'n1' } } });
    const added = watcher.expectMessage(100);
    expect(added.events.map((e) => e.type)).to.deep.equal(['ADDED']);
    expect(added.seq).to.equal(2);
    ok({ type: 'delete', resource: 'pods', namespace: NS, name: 'w', options: { gracePeriodSeconds: 0 } });
    expect(watcher.expectMessage(100).events.map((e) => e.type)).to.deep.equal(['DELETED']);
    expect(watcher.expectMessage(5_000).events.map((e) => e.type)).to.deep.equal(['BOOKMARK']);
    const old = createProbe<WatchMessage>(sim, 'old', { node: 'n2' });
    sim.tell(api, { type: 'watch', resource: 'pods', resourceVersion: '1', watchId: 'o', watcher: old.ref });
    const replay = old.expectMessage(100);
    expect(replay.events.map((e) => e.type)).to.deep.equal(['ADDED', 'MODIFIED', 'DELETED']);
  }, { seed: 1 });
});
