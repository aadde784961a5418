import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { waitFor } from '../../../support/waitFor.js';
import { startKubeServer, type KubeServer } from '../../../../actors/kubernetes/index.js';
import { startEtcd, type EtcdProcess } from '../../../support/etcd.js';


describe('troupe kube on a real etcd (--store etcd://…)', function () {
  this.timeout(90_000);
  let etcd: EtcdProcess;
  let dir: string;
  let server: KubeServer | undefined;
  const clients = (s: KubeServer): { core: CoreV1Api; apps: AppsV1Api } => {
    const kc = new KubeConfig();
    kc.loadFromFile(s.kubeconfigPath);
    return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
  };

  before(async () => {
    etcd = await startEtcd();
    dir = mkdtempSync(join(tmpdir(), 'troupe-kube-etcd-'));
  });
  after(async () => {
    await server?.close();
    await etcd?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('runs a deployment with its objects in etcd, and a new control plane on the same etcd finds them', async () => {
    server = await startKubeServer({ nodes: 2, port: 0, kubeconfigPath: join(dir, 'kubeconfig'), store: `${etcd.url}/cluster-a` });
    const first = clients(server);
    await first.apps.createNamespacedDeployment({
      namespace: 'default',
      body: { metadata: { name: 'kept' }, spec: { replicas: 2, selector: { matchLabels: { app: 'kept' } }, template: { metadata: { labels: { app: 'kept' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
    });
    await waitFor('2 ready replicas', async () => (await first.apps.readNamespacedDeployment({ name: 'kept', namespace: 'default' })).status?.readyReplicas === 2, 30_000);
    const uid = (await first.apps.readNamespacedDeployment({ name: 'kept', namespace: 'default' })).metadata?.uid;
    await server.close();

    server = await startKubeServer({ nodes: 2, port: 0, kubeconfigPath: join(dir, 'kubeconfig'), store: `${etcd.url}/cluster-a` });
    const second = clients(server);
    const again = await second.apps.readNamespacedDeployment({ name: 'kept', namespace: 'default' });
    expect(again.metadata?.uid).to.equal(uid);
    const pods = await second.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=kept' });
    expect(pods.items.length).to.be.at.least(2);
  });

  it('keeps clusters with different prefixes apart on one etcd', async () => {
    await server?.close();
    server = await startKubeServer({ nodes: 1, port: 0, kubeconfigPath: join(dir, 'kubeconfig'), store: `${etcd.url}/cluster-b` });
    const { apps } = clients(server);
    const list = await apps.listNamespacedDeployment({ namespace: 'default' });
    expect(list.items.map((d) => d.metadata?.name)).to.not.include('kept');
  });
});
