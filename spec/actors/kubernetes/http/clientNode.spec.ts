import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AppsV1Api, CoreV1Api, KubeConfig, makeInformer, PatchStrategy, setHeaderOptions, type V1ConfigMap } from '@kubernetes/client-node';
import { waitFor } from '../../../support/waitFor.js';
import { startKubeServer, type KubeServer } from '../../../../actors/kubernetes/index.js';


describe('@kubernetes/client-node 1.x against troupe kube (HTTPS, CA and token from the kubeconfig)', function () {
  this.timeout(60_000);
  let server: KubeServer;
  let dir: string;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let kc: KubeConfig;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'troupe-client-node-'));
    // A small watch cache, so an old resourceVersion leaves it quickly (410 Expired).
    server = await startKubeServer({ nodes: 2, port: 0, kubeconfigPath: join(dir, 'kubeconfig'), cluster: { apiserver: { watchCacheSize: 20 } } });
    kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
  });
  after(async () => {
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('creates, reads, lists, patches and deletes objects', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'settings', labels: { app: 'demo' } }, data: { color: 'blue' } } });
    expect(created.metadata?.uid).to.be.a('string');
    expect(created.metadata?.resourceVersion).to.be.a('string');
    const read = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    expect(read.data).to.deep.equal({ color: 'blue' });
    const listed = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=demo' });
    expect(listed.items.map((c) => c.metadata?.name)).to.deep.equal(['settings']);
    const patched = await core.patchNamespacedConfigMap({ name: 'settings', namespace: 'default', body: { data: { color: 'red', size: 'xl' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(patched.data).to.deep.equal({ color: 'red', size: 'xl' });
    const jsonPatched = await core.patchNamespacedConfigMap({ name: 'settings', namespace: 'default', body: [{ op: 'remove', path: '/data/size' }] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    expect(jsonPatched.data).to.deep.equal({ color: 'red' });
    await core.deleteNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    const err = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' }).then(() => undefined, (e: { code?: number; body?: string }) => e);
    expect(err?.code).to.equal(404);
    expect(JSON.parse(err?.body ?? '{}')).to.include({ kind: 'Status', reason: 'NotFound' });
  });

  it('gets AlreadyExists and Conflict as Status errors', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'twice' } } });
    const dup = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'twice' } } }).then(() => undefined, (e: { code?: number; body?: string }) => e);
    expect(dup?.code).to.equal(409);
    expect(JSON.parse(dup?.body ?? '{}').reason).to.equal('AlreadyExists');
    const stale = await core.replaceNamespacedConfigMap({ name: 'twice', namespace: 'default', body: { metadata: { name: 'twice', resourceVersion: '1' }, data: { a: 'b' } } }).then(() => undefined, (e: { code?: number; body?: string }) => e);
    expect(stale?.code).to.equal(409);
    expect(JSON.parse(stale?.body ?? '{}').reason).to.equal('Conflict');
  });

  it('runs a deployment to ready replicas and patches it with a strategic merge patch', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'api' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'nginx' }] } } },
      },
    });
    await waitFor('2 ready replicas', async () => (await apps.readNamespacedDeployment({ name: 'api', namespace: 'default' })).status?.readyReplicas === 2, 30_000);
    const patched = await apps.patchNamespacedDeployment(
      { name: 'api', namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'api', image: 'echo' }] } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.template.spec?.containers.map((c) => [c.name, c.image])).to.deep.equal([['api', 'echo']]);
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=api' });
    expect(pods.items.length).to.be.greaterThan(0);
    for (const p of pods.items) expect(p.spec?.nodeName).to.match(/^node-\d$/);
  });

  it('an informer lists, watches, and re-lists after a 410 Expired', async () => {
    const stale = (await core.listNamespacedConfigMap({ namespace: 'default' })).metadata?.resourceVersion ?? '';
    // Churn well past the watch cache (20 events, trimmed at twice that): the stale version leaves it.
    for (let i = 0; i < 60; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
    let lists = 0;
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps', async () => {
      lists++;
      const list = await core.listNamespacedConfigMap({ namespace: 'default' });
      // The first list pretends to be old: its watch must get 410 Expired and re-list.
      if (lists === 1) list.metadata = { ...list.metadata, resourceVersion: stale };
      return list;
    });
    const added = new Set<string>();
    informer.on('add', (cm) => added.add(cm.metadata?.name ?? ''));
    await informer.start();
    try {
      await waitFor('the informer to re-list', () => lists >= 2, 30_000);
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'after-relist' } } });
      await waitFor('the new object through the watch', () => added.has('after-relist'), 30_000);
      expect(added.has('churn-59')).to.equal(true);
      expect(informer.list().map((c) => c.metadata?.name)).to.include('after-relist');
    } finally {
      await informer.stop();
    }
  });
});
