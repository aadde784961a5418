/**
 * The Kubernetes REST front door under load (issue 8), each case against the
 * embedded store and, when Debian's etcd is installed, a real etcd:
 *
 * (a) `kubectl get nodes` with 5,000 nodes: wall time of the real kubectl
 *     (discovery cache warm), Table and `-o json`. Baseline in the same run:
 *     a minimal Node HTTPS server answering the very same bytes (what the
 *     client side costs by itself); anchor: a minimal mock answered in 0.23 s.
 * (b) pod create throughput through the HTTP API: 32 keep-alive connections,
 *     2,000 pods; requests/s, p50/p99 latency.
 * (c) watch fan-out: 100 watchers on one collection, 500 writes; time until
 *     every watcher saw every event, events/s delivered, p50/p99 latency from
 *     the start of the write to each watcher's receipt.
 *
 * Run: npm run bench:kube-api   (KUBE_BENCH_NODES=5000, KUBE_BENCH_PODS=2000 to change sizes)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Ref } from '../lib/actor/index.js';
import { createCertificates, kubeconfigYaml, startKubeServer, type ApiReply, type ApiRequest, type KubeServer } from '../actors/kubernetes/index.js';
import { startEtcd, type EtcdProcess } from '../spec/support/etcd.js';
import { findKubectl } from '../spec/support/kubectl.js';
import { machineInfo } from './lib/machine.js';
import { hasBinary } from './lib/redisServers.js';
import { writeResults } from './lib/results.js';
import { summarize } from './lib/stats.js';
import { formatNumber, formatTable } from './lib/table.js';

const NODES = Number(process.env.KUBE_BENCH_NODES ?? 5000);
const PODS = Number(process.env.KUBE_BENCH_PODS ?? 2000);
const CONNECTIONS = 32;
const WATCHERS = 100;
const WRITES = 500;
const RUNS = 5;

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

interface Client {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  stream(path: string, onLine: (line: string) => void): () => void;
}

const clientOf = (server: KubeServer, agent: Agent): Client => {
  const url = new URL(server.url);
  const base = (method: string, path: string, headers: Record<string, string>): RequestOptions => ({
    host: url.hostname,
    port: url.port,
    method,
    path,
    agent,
    ca: server.caCertPem,
    headers: { Authorization: `Bearer ${server.token}`, Accept: 'application/json', ...headers },
  });
  return {
    call: (method, path, body, headers = {}) =>
      new Promise((ok, fail) => {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const req = request(base(method, path, { ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}), ...headers }), (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', fail);
        req.end(payload);
      }),
    stream: (path, onLine) => {
      const req = request(base('GET', path, {}), (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            onLine(buf.slice(0, i));
            buf = buf.slice(i + 1);
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', () => undefined);
      req.end();
      return () => req.destroy();
    },
  };
};

/** (a) kubectl get nodes against the server, and against a minimal server replaying the same bytes. */
const getNodes = async (server: KubeServer, kubectl: string, dir: string): Promise<Record<string, unknown>> => {
  const env = { ...process.env, KUBECONFIG: server.kubeconfigPath, HOME: dir };
  // Asynchronous: the servers share this process's event loop.
  const time = (args: string[], e = env): Promise<number> =>
    new Promise((ok, fail) => {
      const start = nowMs();
      const child = spawn(kubectl, args, { env: e, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => (code === 0 ? ok((nowMs() - start) / 1000) : fail(new Error(`kubectl ${args.join(' ')}: ${err}`))));
    });
  const repeat = async (args: string[], e = env): Promise<ReturnType<typeof summarize>> => {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) xs.push(await time(args, e));
    return summarize(xs);
  };
  await time(['get', 'nodes']); // warm the discovery cache
  const table = await repeat(['get', 'nodes']);
  const json = await repeat(['get', 'nodes', '-o', 'json']);
  // The baseline: a minimal HTTPS server that answers kubectl's requests with the bytes ours
  // gave (captured once), doing no work at all — what kubectl and TLS cost by themselves.
  const captured = new Map<string, Buffer>();
  const keyOf = (url: string, accept: string): string => {
    const u = new URL(url, 'https://x');
    u.searchParams.delete('timeout');
    u.searchParams.sort();
    return `${u.pathname}?${u.searchParams.toString()}#${/as=Table/.test(accept) ? 'table' : 'json'}`;
  };
  const agent = new Agent({ keepAlive: true, ca: server.caCertPem });
  const c = clientOf(server, agent);
  const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
  for (const path of ['/api', '/apis', '/api/v1', '/apis/apps/v1', '/apis/coordination.k8s.io/v1', '/apis/scheduling.k8s.io/v1']) {
    captured.set(keyOf(path, 'application/json'), Buffer.from((await c.call('GET', path)).body));
  }
  for (const accept of [tableAccept, 'application/json']) {
    let next: string | undefined = '/api/v1/nodes?limit=500';
    while (next !== undefined) {
      const body: string = (await c.call('GET', next, undefined, { Accept: accept })).body;
      captured.set(keyOf(next, accept), Buffer.from(body));
      const cont = (JSON.parse(body) as { metadata?: { continue?: string } }).metadata?.continue;
      next = cont === undefined || cont === '' ? undefined : `/api/v1/nodes?limit=500&continue=${encodeURIComponent(cont)}`;
    }
  }
  agent.destroy();
  const certs = createCertificates({ nowMs: Date.now() });
  const mock = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    const hit = captured.get(keyOf(req.url ?? '/', req.headers.accept ?? ''));
    if (hit === undefined) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(hit.length) });
    res.end(hit);
  });
  await new Promise<void>((ok) => mock.listen(0, '127.0.0.1', () => ok()));
  const mockDir = mkdtempSync(join(tmpdir(), 'troupe-kube-mock-'));
  writeFileSync(join(mockDir, 'kubeconfig'), kubeconfigYaml({ server: `https://127.0.0.1:${(mock.address() as AddressInfo).port}`, caCertPem: certs.caCertPem, token: 'x' }));
  const mockEnv = { ...process.env, KUBECONFIG: join(mockDir, 'kubeconfig'), HOME: mockDir };
  await time(['get', 'nodes'], mockEnv);
  const mockTable = await repeat(['get', 'nodes'], mockEnv);
  const mockJson = await repeat(['get', 'nodes', '-o', 'json'], mockEnv);
  mock.closeAllConnections();
  mock.close();
  rmSync(mockDir, { recursive: true, force: true });
  return { nodes: NODES, tableSeconds: table, jsonSeconds: json, minimalServerTableSeconds: mockTable, minimalServerJsonSeconds: mockJson, anchorMinimalMockSeconds: 0.23 };
};

const podBody = (i: number): unknown => ({ metadata: { name: `p-${i}` }, spec: { containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: '1m' } } }] } });

/** Run `create(i)` for i < PODS from CONNECTIONS concurrent loops: requests/s and latency percentiles. */
const drive = async (create: (i: number) => Promise<boolean>): Promise<Record<string, unknown>> => {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const start = nowMs();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < PODS) {
        const i = next++;
        const t0 = nowMs();
        const ok = await create(i);
        latencies.push(nowMs() - t0);
        if (!ok) failures++;
      }
    }),
  );
  const seconds = (nowMs() - start) / 1000;
  return { pods: PODS, concurrency: CONNECTIONS, seconds, requestsPerSec: PODS / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), failures };
};

/** (b) pod creates through the HTTP API. */
const createPods = async (server: KubeServer): Promise<Record<string, unknown>> => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, ca: server.caCertPem });
  const c = clientOf(server, agent);
  await c.call('POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
  const result = await drive(async (i) => (await c.call('POST', '/api/v1/namespaces/bench/pods', podBody(i))).status === 201);
  agent.destroy();
  return result;
};

/** (b') the same creates straight into the API server actor (no HTTP, no TLS, no JSON): the baseline of (b). */
const createPodsDirect = async (server: KubeServer): Promise<Record<string, unknown>> => {
  const { system, cluster } = server;
  const ask = async (build: (replyTo: Ref<ApiReply>) => ApiRequest): Promise<boolean> => {
    const r = await system.ask<ApiRequest, ApiReply>(cluster.api, build, 30_000)();
    return r._tag === 'Right' && r.right.type === 'api-ok';
  };
  await ask((replyTo) => ({ type: 'create', resource: 'namespaces', body: { metadata: { name: 'direct' } }, replyTo }));
  return drive((i) => ask((replyTo) => ({ type: 'create', resource: 'pods', namespace: 'direct', body: podBody(i), replyTo })));
};

/** (c) 100 watchers on configmaps of one namespace, 500 writes. */
const watchFanOut = async (server: KubeServer): Promise<Record<string, unknown>> => {
  const agent = new Agent({ keepAlive: true, maxSockets: WATCHERS + 4, ca: server.caCertPem });
  const c = clientOf(server, agent);
  await c.call('POST', '/api/v1/namespaces', { metadata: { name: 'fan' } });
  const rv = (JSON.parse((await c.call('GET', '/api/v1/namespaces/fan/configmaps')).body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const written = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  let resolveAll: () => void = () => undefined;
  const allSeen = new Promise<void>((r) => (resolveAll = r));
  const stops = Array.from({ length: WATCHERS }, () =>
    c.stream(`/api/v1/namespaces/fan/configmaps?watch=true&resourceVersion=${rv}`, (line) => {
      const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
      if (ev.type !== 'ADDED') return;
      const at = written.get(ev.object.metadata.name);
      if (at !== undefined) latencies.push(nowMs() - at);
      if (++delivered === WATCHERS * WRITES) resolveAll();
    }),
  );
  await new Promise((r) => setTimeout(r, 500)); // every watch registered
  const start = nowMs();
  const writers = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < WRITES) {
        const name = `cm-${next++}`;
        // From the write's start: watchers get the event before the writer gets its reply.
        written.set(name, nowMs());
        await c.call('POST', '/api/v1/namespaces/fan/configmaps', { metadata: { name }, data: { v: name } });
      }
    }),
  );
  await Promise.race([allSeen, new Promise((r) => setTimeout(r, 60_000))]);
  const seconds = (nowMs() - start) / 1000;
  for (const stop of stops) stop();
  agent.destroy();
  return { watchers: WATCHERS, writes: WRITES, delivered, expected: WATCHERS * WRITES, seconds, eventsPerSec: delivered / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
};

const main = async (): Promise<void> => {
  const kubectl = findKubectl();
  const stores: Array<{ name: string; etcd?: EtcdProcess }> = [{ name: 'embedded' }];
  if (hasBinary('etcd')) stores.push({ name: 'etcd', etcd: await startEtcd() });
  const results: Record<string, unknown>[] = [];
  for (const s of stores) {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-kube-bench-'));
    const bootStart = nowMs();
    const server = await startKubeServer({
      nodes: NODES,
      port: 0,
      kubeconfigPath: join(dir, 'kubeconfig'),
      readyTimeoutMs: 600_000,
      ...(s.etcd === undefined ? {} : { store: s.etcd.url }),
    });
    const bootSeconds = (nowMs() - bootStart) / 1000;
    try {
      const a = await getNodes(server, kubectl, dir);
      const b = await createPods(server);
      const direct = await createPodsDirect(server);
      const c = await watchFanOut(server);
      results.push({ store: s.name, bootSeconds, getNodes: a, create: b, createDirect: direct, watch: c });
      console.log(`${s.name}: boot ${formatNumber(bootSeconds)} s, get nodes ${formatNumber((a.tableSeconds as { median: number }).median)} s, ${formatNumber(b.requestsPerSec as number)} creates/s, fan-out ${formatNumber(c.eventsPerSec as number)} events/s`);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const s of stores) await s.etcd?.stop();
  const n = (v: unknown): string => formatNumber(v as number);
  const med = (v: unknown): string => formatNumber((v as { median: number }).median);
  type R = { store: string; bootSeconds: number; getNodes: Record<string, unknown>; create: Record<string, unknown>; createDirect: Record<string, unknown>; watch: Record<string, unknown> };
  const rs = results as unknown as R[];
  console.log(`\n(a) kubectl get nodes, ${NODES} nodes (median of ${RUNS}, seconds; minimal server = same bytes, no work; anchor: a minimal mock answered in 0.23 s)`);
  console.log(formatTable(
    [{ header: 'store' }, { header: 'boot s', align: 'right' }, { header: 'get nodes', align: 'right' }, { header: 'minimal server', align: 'right' }, { header: '-o json', align: 'right' }, { header: 'minimal -o json', align: 'right' }],
    rs.map((r) => [r.store, n(r.bootSeconds), med(r.getNodes.tableSeconds), med(r.getNodes.minimalServerTableSeconds), med(r.getNodes.jsonSeconds), med(r.getNodes.minimalServerJsonSeconds)]),
  ));
  console.log(`\n(b) pod creates, ${PODS} pods, ${CONNECTIONS} concurrent (HTTP API vs asks straight into the API server actor)`);
  console.log(formatTable(
    [{ header: 'store' }, { header: 'path' }, { header: 'req/s', align: 'right' }, { header: 'p50 ms', align: 'right' }, { header: 'p99 ms', align: 'right' }, { header: 'failures', align: 'right' }],
    rs.flatMap((r) => [
      [r.store, 'HTTPS', n(r.create.requestsPerSec), n(r.create.p50Ms), n(r.create.p99Ms), String(r.create.failures)],
      [r.store, 'direct ask', n(r.createDirect.requestsPerSec), n(r.createDirect.p50Ms), n(r.createDirect.p99Ms), String(r.createDirect.failures)],
    ]),
  ));
  console.log(`\n(c) watch fan-out: ${WATCHERS} watchers, ${WRITES} writes`);
  console.log(formatTable(
    [{ header: 'store' }, { header: 'delivered', align: 'right' }, { header: 'seconds', align: 'right' }, { header: 'events/s', align: 'right' }, { header: 'p50 ms', align: 'right' }, { header: 'p99 ms', align: 'right' }],
    rs.map((r) => [r.store, `${r.watch.delivered}/${r.watch.expected}`, n(r.watch.seconds), n(r.watch.eventsPerSec), n(r.watch.p50Ms), n(r.watch.p99Ms)]),
  ));
  writeResults('bench/results/kube-api.json', { machine: machineInfo(), sizes: { nodes: NODES, pods: PODS, connections: CONNECTIONS, watchers: WATCHERS, writes: WRITES, runs: RUNS }, anchors: { minimalMockGetNodesSeconds: 0.23 }, results });
};

await main();
