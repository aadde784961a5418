import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startKubeServer, type KubeServer } from '../../../../actors/kubernetes/index.js';
import { waitFor } from '../../../support/waitFor.js';
import { findKubectl, runKubectl, type KubectlResult } from '../../../support/kubectl.js';

const deployment = (replicas: number, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 80
        resources:
          requests: { cpu: 100m, memory: 64Mi }
`;

describe('kubectl against troupe kube (real kubectl, HTTPS + bearer token)', function () {
  this.timeout(120_000);
  let server: KubeServer;
  let dir: string;
  let kubectl: string;
  let env: NodeJS.ProcessEnv;
  const k = async (...args: string[]): Promise<KubectlResult> => {
    const r = await runKubectl(kubectl, args, env);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}\n${r.stderr}${r.stdout}`);
    return r;
  };

  before(async () => {
    kubectl = findKubectl();
    dir = mkdtempSync(join(tmpdir(), 'troupe-kubectl-'));
    server = await startKubeServer({ nodes: 3, port: 0, kubeconfigPath: join(dir, 'kubeconfig') });
    // HOME: kubectl's discovery cache starts empty and stays out of the user's.
    env = { KUBECONFIG: server.kubeconfigPath, HOME: dir, KUBECACHEDIR: join(dir, 'cache') };
  });
  after(async () => {
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl version reports the server version', async () => {
    const r = await k('version', '-o', 'json');
    const v = JSON.parse(r.stdout) as { serverVersion: { gitVersion: string; major: string } };
    expect(v.serverVersion.major).to.equal('1');
    expect(v.serverVersion.gitVersion).to.match(/^v1\.\d+\.\d+/);
  });

  it('kubectl get nodes prints the Table with every node Ready', async () => {
    const r = await k('get', 'nodes');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).to.match(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).to.deep.equal([
      ['node-1', 'Ready'],
      ['node-2', 'Ready'],
      ['node-3', 'Ready'],
    ]);
  });

  it('kubectl get nodes -o wide adds the priority columns', async () => {
    const r = await k('get', 'nodes', '-o', 'wide');
    expect(r.stdout.split('\n')[0]).to.match(/INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/);
  });

  it('kubectl get nodes -o json and -o name read the plain list', async () => {
    const json = JSON.parse((await k('get', 'nodes', '-o', 'json')).stdout) as { kind: string; items: Array<{ metadata: { name: string } }> };
    expect(json.kind).to.equal('List');
    expect(json.items.map((n) => n.metadata.name)).to.deep.equal(['node-1', 'node-2', 'node-3']);
    expect((await k('get', 'nodes', '-o', 'name')).stdout.trim().split('\n')).to.deep.equal(['node/node-1', 'node/node-2', 'node/node-3']);
  });

  it('refuses a request without the right token (401 Unauthorized)', async () => {
    const r = await runKubectl(kubectl, ['get', 'nodes', '--token', 'not-the-token'], env);
    expect(r.code).to.not.equal(0);
    expect(r.stderr).to.match(/Unauthorized|must be logged in/);
  });

  it('kubectl apply -f creates, then configures, then leaves an unchanged deployment alone', async () => {
    const file = join(dir, 'web.yaml');
    writeFileSync(file, deployment(2, 'nginx'));
    expect((await k('apply', '-f', file)).stdout).to.match(/deployment\.apps\/web created/);
    writeFileSync(file, deployment(3, 'nginx'));
    expect((await k('apply', '-f', file)).stdout).to.match(/deployment\.apps\/web configured/);
    expect((await k('apply', '-f', file)).stdout).to.match(/deployment\.apps\/web unchanged/);
    const d = JSON.parse((await k('get', 'deployment', 'web', '-o', 'json')).stdout) as { spec: { replicas: number }; metadata: { annotations: Record<string, string> } };
    expect(d.spec.replicas).to.equal(3);
    expect(d.metadata.annotations).to.have.property('kubectl.kubernetes.io/last-applied-configuration');
  });

  it('kubectl rollout status waits until the deployment is available', async () => {
    const r = await k('rollout', 'status', 'deployment/web', '--timeout=60s');
    expect(r.stdout).to.match(/successfully rolled out/);
    const pods = (await k('get', 'pods', '-o', 'wide', '-l', 'app=web')).stdout.trim().split('\n');
    expect(pods[0]).to.match(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(pods.slice(1)).to.have.length(3);
    for (const line of pods.slice(1)) expect(line).to.match(/1\/1\s+Running\s+0\s+\S+\s+\S+\s+node-\d/);
  });

  it('kubectl create deployment and kubectl scale (the scale subresource)', async () => {
    expect((await k('create', 'deployment', 'hello', '--image=nginx')).stdout).to.match(/deployment\.apps\/hello created/);
    expect((await k('scale', 'deployment', 'hello', '--replicas=2')).stdout).to.match(/deployment\.apps\/hello scaled/);
    await waitFor('2 ready hello replicas', async () => {
      const d = JSON.parse((await k('get', 'deployment', 'hello', '-o', 'json')).stdout) as { status?: { readyReplicas?: number } };
      return d.status?.readyReplicas === 2;
    }, 30_000);
  });

  it('kubectl edit (a strategic merge patch from the edited YAML) and kubectl patch --type json', async () => {
    const editor = join(dir, 'edit.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/replicas: 2/replicas: 1/" "$1"\n', { mode: 0o755 });
    const r = await runKubectl(kubectl, ['edit', 'deployment', 'hello'], { ...env, EDITOR: editor, KUBE_EDITOR: editor });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/deployment\.apps\/hello edited/);
    await k('patch', 'deployment', 'hello', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/labels/tier","value":"edge"}]');
    const d = JSON.parse((await k('get', 'deployment', 'hello', '-o', 'json')).stdout) as { spec: { replicas: number }; metadata: { labels: Record<string, string> } };
    expect(d.spec.replicas).to.equal(1);
    expect(d.metadata.labels.tier).to.equal('edge');
  });

  it('kubectl describe shows the pod and its events', async () => {
    const name = (await k('get', 'pods', '-l', 'app=web', '-o', 'name')).stdout.trim().split('\n')[0].replace('pod/', '');
    const r = await k('describe', 'pod', name);
    expect(r.stdout).to.match(new RegExp(`Name:\\s+${name}`));
    expect(r.stdout).to.match(/Node:\s+node-\d/);
    expect(r.stdout).to.match(/Status:\s+Running/);
    expect(r.stdout).to.match(/Events:/);
  });

  it('kubectl logs reads what the container wrote', async () => {
    const name = (await k('get', 'pods', '-l', 'app=web', '-o', 'name')).stdout.trim().split('\n')[0].replace('pod/', '');
    const r = await k('logs', name);
    expect(r.stdout).to.match(new RegExp(`^nginx: started worker processes in pod ${name} on node-\\d\\n`));
  });

  it('kubectl logs -f follows new lines until the pod is gone', async () => {
    const name = (await k('get', 'pods', '-l', 'app=web', '-o', 'name')).stdout.trim().split('\n')[0].replace('pod/', '');
    const following = runKubectl(kubectl, ['logs', '-f', name], env, undefined, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    await k('delete', 'pod', name, '--wait=false');
    const r = await following;
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/nginx: started/);
    expect(r.stdout).to.match(/received SIGTERM/);
  });

  it('kubectl get pods -w streams changes until stopped', async () => {
    const child = spawn(kubectl, ['get', 'pods', '-w', '-l', 'app=watched'], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    try {
      await k('run', 'watched', '--image=nginx', '--labels=app=watched');
      await waitFor('the watched pod in the stream', async () => /watched\s+\S+\s+Running/.test(out), 30_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(out).to.match(/watched/);
  });

  it('kubectl delete pod waits for the graceful deletion', async () => {
    const r = await k('delete', 'pod', 'watched', '--timeout=60s');
    expect(r.stdout).to.match(/pod "watched" deleted/);
    const after = await runKubectl(kubectl, ['get', 'pod', 'watched'], env);
    expect(after.code).to.not.equal(0);
    expect(after.stderr).to.match(/NotFound|not found/);
  });

  it('kubectl drain cordons a node and evicts its pods (the eviction subresource); uncordon undoes it', async () => {
    const r = await k('drain', 'node-1', '--ignore-daemonsets', '--timeout=60s');
    expect(r.stdout).to.match(/node\/node-1 cordoned/);
    expect(r.stdout).to.match(/node\/node-1 drained/);
    expect((await k('get', 'node', 'node-1')).stdout).to.match(/Ready,SchedulingDisabled/);
    await waitFor('web running off node-1', async () => {
      const pods = JSON.parse((await k('get', 'pods', '-l', 'app=web', '-o', 'json')).stdout) as { items: Array<{ spec: { nodeName?: string }; status: { phase: string } }> };
      return pods.items.length === 3 && pods.items.every((p) => p.spec.nodeName !== undefined && p.spec.nodeName !== 'node-1' && p.status.phase === 'Running');
    }, 30_000);
    await k('uncordon', 'node-1');
    expect((await k('get', 'node', 'node-1')).stdout).to.not.match(/SchedulingDisabled/);
  });

  it('kubectl delete namespace removes it with everything in it', async () => {
    await k('create', 'namespace', 'scratch');
    await k('create', 'deployment', 'tmp', '--image=nginx', '-n', 'scratch');
    const r = await k('delete', 'namespace', 'scratch', '--timeout=90s');
    expect(r.stdout).to.match(/namespace "scratch" deleted/);
    const gone = await runKubectl(kubectl, ['get', 'namespace', 'scratch'], env);
    expect(gone.stderr).to.match(/NotFound|not found/);
  });

  it('kubectl apply of a manifest with a field troupe does not know: strict decoding error (kubectl ≥ 1.25), else a warning', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, deployment(1, 'nginx').replace('name: web', 'name: strict').replace(/app: web/g, 'app: strict').replace('        ports:', '        bogusField: 1\n        ports:'));
    const minor = Number((JSON.parse((await k('version', '--client', '-o', 'json')).stdout) as { clientVersion: { minor: string } }).clientVersion.minor.replace(/\D.*$/, ''));
    const r = await runKubectl(kubectl, ['apply', '-f', file], env);
    if (minor >= 25) {
      // kubectl sends fieldValidation=Strict
      expect(r.code).to.not.equal(0);
      expect(r.stderr).to.match(/unknown field "spec\.template\.spec\.containers\[0\]\.bogusField"/);
    } else {
      // older kubectl sends none: the server's default (Warn) drops the field and says so
      expect(r.code).to.equal(0);
      expect(r.stderr).to.match(/Warning: unknown field "spec\.template\.spec\.containers\[0\]\.bogusField"/);
    }
  });
});
