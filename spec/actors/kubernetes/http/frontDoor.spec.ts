import { connect as tlsConnect } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createRandom } from '../../../../lib/random/index.js';
import { startKubeServer, type KubeServer } from '../../../../actors/kubernetes/index.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('the Kubernetes front door over HTTPS (raw requests)', function () {
  this.timeout(60_000);
  let server: KubeServer;
  let dir: string;
  let agent: Agent;

  const call = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, token: string | null = server.token ?? null): Promise<Answer> =>
    new Promise((ok, fail) => {
      const url = new URL(server.url);
      const req = request(
        { host: url.hostname, port: url.port, method, path, agent, ca: server.caCertPem, headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  const json = (a: Answer): Record<string, unknown> => JSON.parse(a.body) as Record<string, unknown>;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
    call('POST', path, typeof body === 'string' ? body : JSON.stringify(body), { 'Content-Type': 'application/json', ...headers });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'troupe-front-door-'));
    server = await startKubeServer({ nodes: 1, port: 0, kubeconfigPath: join(dir, 'kubeconfig'), maxBodyBytes: 64 * 1024, cluster: { apiserver: { watchCacheSize: 30 } } });
    agent = new Agent({ keepAlive: true, ca: server.caCertPem });
  });
  after(async () => {
    agent?.destroy();
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('presents a certificate for 127.0.0.1 signed by the CA in the kubeconfig', async () => {
    const url = new URL(server.url);
    const authorized = await new Promise<boolean>((ok, fail) => {
      const s = tlsConnect({ host: '127.0.0.1', port: Number(url.port), ca: server.caCertPem }, () => {
        ok(s.authorized);
        s.end();
      });
      s.on('error', fail);
    });
    expect(authorized).to.equal(true);
  });

  it('answers 401 with a Status to a request without the token, or with a wrong one', async () => {
    for (const token of [null, 'wrong']) {
      const a = await call('GET', '/api/v1/namespaces', undefined, {}, token);
      expect(a.status).to.equal(401);
      expect(json(a)).to.include({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
  });

  it('serves discovery: /version, /api, /apis, /api/v1 and /apis/apps/v1 with verbs, short names and subresources', async () => {
    expect(json(await call('GET', '/version'))).to.include({ major: '1' });
    expect(json(await call('GET', '/api'))).to.include({ kind: 'APIVersions' });
    const groups = json(await call('GET', '/apis')) as { groups: Array<{ name: string; preferredVersion: { groupVersion: string } }> };
    expect(groups.groups.map((g) => g.preferredVersion.groupVersion)).to.include.members(['apps/v1', 'coordination.k8s.io/v1', 'scheduling.k8s.io/v1']);
    const apps = json(await call('GET', '/apis/apps/v1')) as { resources: Array<{ name: string; kind: string; verbs: string[]; shortNames?: string[]; group?: string }> };
    const deploy = apps.resources.find((r) => r.name === 'deployments')!;
    expect(deploy.shortNames).to.deep.equal(['deploy']);
    expect(deploy.verbs).to.include.members(['create', 'get', 'list', 'watch', 'patch', 'update', 'delete']);
    expect(apps.resources.find((r) => r.name === 'deployments/scale')).to.include({ kind: 'Scale', group: 'autoscaling' });
    const core = json(await call('GET', '/api/v1')) as { resources: Array<{ name: string }> };
    expect(core.resources.map((r) => r.name)).to.include.members(['pods', 'pods/log', 'pods/eviction', 'pods/binding', 'nodes', 'namespaces']);
  });

  it('answers /openapi/v2 with an empty 200 that kubectl reads as "no schema"', async () => {
    const a = await call('GET', '/openapi/v2', undefined, { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(a.status).to.equal(200);
    expect(a.body).to.equal('');
    expect(a.headers['content-type']).to.equal('application/octet-stream');
  });

  it('answers malformed JSON, YAML, non-objects and wrong kinds with BadRequest Status objects', async () => {
    const cases: Array<[string | Buffer, string, RegExp]> = [
      ['{"metadata": {"name": ', 'application/json', /not valid JSON/],
      ['metadata: [unclosed', 'application/yaml', /error converting YAML/],
      ['[1, 2, 3]', 'application/json', /must be of type ConfigMap/],
      ['{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "x"}}', 'application/json', /cannot be handled as a ConfigMap/],
      ['{"kind": "ConfigMap", "apiVersion": "apps/v1", "metadata": {"name": "x"}}', 'application/json', /does not match the expected API version/],
      ['{"metadata": {"name": "x", "namespace": "kube-system"}}', 'application/json', /does not match the namespace/],
      ['', 'application/json', /empty/],
    ];
    for (const [body, type, message] of cases) {
      const a = await call('POST', '/api/v1/namespaces/default/configmaps', body, { 'Content-Type': type });
      expect(a.status, String(body)).to.equal(400);
      expect(json(a)).to.include({ kind: 'Status', reason: 'BadRequest' });
      expect(String(json(a).message)).to.match(message);
    }
    const unsupported = await call('POST', '/api/v1/namespaces/default/configmaps', 'x', { 'Content-Type': 'text/html' });
    expect(unsupported.status).to.equal(415);
  });

  it('accepts YAML bodies', async () => {
    const a = await call('POST', '/api/v1/namespaces/default/configmaps', 'metadata:\n  name: from-yaml\ndata:\n  k: v\n', { 'Content-Type': 'application/yaml' });
    expect(a.status).to.equal(201);
    expect(json(a)).to.deep.include({ data: { k: 'v' } });
  });

  it('treats unknown fields per fieldValidation: Strict rejects, Warn warns and drops, Ignore drops', async () => {
    const body = { metadata: { name: 'fv' }, data: { a: 'b' }, extra: 1 };
    const strict = await post('/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body);
    expect(strict.status).to.equal(400);
    expect(json(strict).message).to.equal('strict decoding error: unknown field "extra"');
    const warn = await post('/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body);
    expect(warn.status).to.equal(201);
    expect(warn.headers.warning).to.equal('299 - "unknown field \\"extra\\""');
    expect(json(warn)).to.not.have.property('extra');
    const bad = await post('/api/v1/namespaces/default/configmaps?fieldValidation=Sometimes', body);
    expect(bad.status).to.equal(400);
  });

  it('answers 413 to a body over the limit and keeps serving', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, data: { blob: 'x'.repeat(100 * 1024) } });
    const a = await call('POST', '/api/v1/namespaces/default/configmaps', big, { 'Content-Type': 'application/json' });
    expect(a.status).to.equal(413);
    expect(json(a)).to.include({ reason: 'RequestEntityTooLarge' });
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/big')).status).to.equal(404);
    expect((await call('GET', '/version')).status).to.equal(200);
  });

  it('maps errors to Status: NotFound, AlreadyExists, Conflict, Invalid with causes, MethodNotAllowed, 404 for unknown paths', async () => {
    expect(json(await call('GET', '/api/v1/namespaces/default/pods/nope'))).to.include({ reason: 'NotFound', code: 404 });
    await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'dup' } });
    expect(json(await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'dup' } }))).to.include({ reason: 'AlreadyExists', code: 409 });
    const stale = await call('PUT', '/api/v1/namespaces/default/configmaps/dup', JSON.stringify({ metadata: { name: 'dup', resourceVersion: '1' } }), { 'Content-Type': 'application/json' });
    expect(json(stale)).to.include({ reason: 'Conflict', code: 409 });
    const invalid = json(await post('/api/v1/namespaces/default/pods', { metadata: { name: 'Bad_Name' }, spec: { containers: [] } }));
    expect(invalid).to.include({ reason: 'Invalid', code: 422 });
    expect((invalid.details as { causes: Array<{ field: string }> }).causes.map((c) => c.field)).to.include('metadata.name');
    expect((await call('POST', '/api/v1/namespaces/default/configmaps/dup', '{}', { 'Content-Type': 'application/json' })).status).to.equal(405);
    expect((await call('GET', '/api/v1/widgets')).status).to.equal(404);
    expect((await call('GET', '/apis/apps/v1/namespaces/default/pods')).status).to.equal(404);
    expect((await call('GET', '/nonsense/path')).status).to.equal(404);
  });

  it('refuses to delete the default, kube-system and kube-public namespaces (403 Forbidden)', async () => {
    for (const ns of ['default', 'kube-system']) {
      const a = await call('DELETE', `/api/v1/namespaces/${ns}`);
      expect(a.status).to.equal(403);
      expect(json(a)).to.include({ reason: 'Forbidden', message: `namespaces "${ns}" is forbidden: this namespace may not be deleted` });
    }
    expect((await call('GET', '/api/v1/namespaces/default')).status).to.equal(200);
  });

  it('answers PATCH with an unsupported patch type 415, and applies merge, strategic and JSON patches', async () => {
    await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'patchme' }, data: { a: '1' } });
    const path = '/api/v1/namespaces/default/configmaps/patchme';
    expect((await call('PATCH', path, '{}', { 'Content-Type': 'application/apply-patch+yaml' })).status).to.equal(415);
    expect(json(await call('PATCH', path, '{"data":{"b":"2"}}', { 'Content-Type': 'application/merge-patch+json' })).data).to.deep.equal({ a: '1', b: '2' });
    expect(json(await call('PATCH', path, '{"data":{"a":null}}', { 'Content-Type': 'application/strategic-merge-patch+json' })).data).to.deep.equal({ b: '2' });
    expect(json(await call('PATCH', path, '[{"op":"add","path":"/data/c","value":"3"}]', { 'Content-Type': 'application/json-patch+json' })).data).to.deep.equal({ b: '2', c: '3' });
    const failed = await call('PATCH', path, '[{"op":"test","path":"/data/c","value":"4"}]', { 'Content-Type': 'application/json-patch+json' });
    expect(failed.status).to.be.oneOf([409, 422]);
  });

  it('pages a list with limit and continue, and filters by label and field selectors', async () => {
    for (let i = 0; i < 5; i++) await post('/api/v1/namespaces/default/configmaps', { metadata: { name: `page-${i}`, labels: { page: 'yes', i: String(i) } } });
    const first = json(await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=2')) as { items: unknown[]; metadata: { continue: string; remainingItemCount: number } };
    expect(first.items).to.have.length(2);
    expect(first.metadata.remainingItemCount).to.equal(3);
    const second = json(await call('GET', `/api/v1/namespaces/default/configmaps?labelSelector=page%3Dyes&limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)) as { items: Array<{ metadata: { name: string } }> };
    expect(second.items.map((i) => i.metadata.name)).to.deep.equal(['page-2', 'page-3']);
    const one = json(await call('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dpage-4')) as { items: Array<{ metadata: { name: string } }> };
    expect(one.items.map((i) => i.metadata.name)).to.deep.equal(['page-4']);
  });

  it('streams a watch as chunked JSON lines, with headers flushed before the first event', async () => {
    const list = json(await call('GET', '/api/v1/namespaces/default/configmaps')) as { metadata: { resourceVersion: string } };
    const url = new URL(server.url);
    const lines: string[] = [];
    let gotHeaders = false;
    const req = request({ host: url.hostname, port: url.port, path: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`, ca: server.caCertPem, headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
      gotHeaders = true;
      expect(res.headers['transfer-encoding']).to.equal('chunked');
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        const parts = buf.split('\n');
        buf = parts.pop()!;
        lines.push(...parts);
      });
    });
    req.end();
    try {
      const deadline = Date.now() + 10_000;
      while (!gotHeaders && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(gotHeaders, 'headers before any event').to.equal(true);
      await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'watched-cm' } });
      await call('DELETE', '/api/v1/namespaces/default/configmaps/watched-cm');
      while (lines.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const events = lines.map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
      expect(events.map((e) => [e.type, e.object.metadata.name])).to.deep.equal([
        ['ADDED', 'watched-cm'],
        ['DELETED', 'watched-cm'],
      ]);
    } finally {
      req.destroy();
    }
  });

  it('stops a watch relay when its client goes away', async () => {
    const url = new URL(server.url);
    const before = server.openStreams();
    const reqs = [0, 1, 2].map(() => {
      const req = request({ host: url.hostname, port: url.port, path: '/api/v1/namespaces/default/configmaps?watch=true', ca: server.caCertPem, headers: { Authorization: `Bearer ${server.token}` } }, (res) => res.resume());
      req.on('error', () => undefined);
      req.end();
      return req;
    });
    const deadline = Date.now() + 10_000;
    while (server.openStreams() < before + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.openStreams()).to.equal(before + 3);
    for (const r of reqs) r.destroy();
    while (server.openStreams() > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.openStreams()).to.equal(before);
  });

  it('answers a watch from a version that left the watch cache with an ERROR 410 Expired event, then ends it', async () => {
    const old = (json(await call('GET', '/api/v1/namespaces/default/configmaps')) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    for (let i = 0; i < 100; i++) await post('/api/v1/namespaces/default/configmaps', { metadata: { name: `churn-${i}` } });
    const a = await call('GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${old}`);
    const events = a.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { code: number; reason: string } });
    expect(events).to.have.length(1);
    expect(events[0].type).to.equal('ERROR');
    expect(events[0].object).to.include({ code: 410, reason: 'Expired' });
  });

  it('survives thousands of random and mutated requests, then still serves', async () => {
    const random = createRandom(7);
    const url = new URL(server.url);
    const valid = `POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"metadata":{"name":"fuzz"},"data":{}}  `;
    const frames: Buffer[] = [];
    for (let i = 0; i < 1500; i++) {
      const b = Buffer.from(valid);
      const kind = random.int(0, 3);
      if (kind === 0) for (let j = 0; j < 1 + random.int(0, 8); j++) b[random.int(0, b.length - 1)] = random.int(0, 255);
      if (kind === 1) frames.push(b.subarray(0, random.int(0, b.length - 1)));
      else if (kind === 2) frames.push(Buffer.from(Array.from({ length: random.int(1, 300) }, () => random.int(0, 255))));
      else frames.push(b);
    }
    const send = (frame: Buffer): Promise<void> =>
      new Promise((done) => {
        const s = tlsConnect({ host: '127.0.0.1', port: Number(url.port), ca: server.caCertPem }, () => {
          s.end(frame);
        });
        s.on('data', () => undefined);
        s.on('error', () => done());
        s.on('close', () => done());
        s.setTimeout(2000, () => s.destroy());
      });
    for (let i = 0; i < frames.length; i += 50) await Promise.all(frames.slice(i, i + 50).map(send));
    const ok = await call('GET', '/api/v1/namespaces/default');
    expect(ok.status).to.equal(200);
  });
});
