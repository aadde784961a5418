import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startMesosServer, type MesosServer } from '../../../../actors/mesos/http/startMesosServer.js';
import { eventually, getJson, SPEC_CONFIG, type V1Event } from './support.js';

// The npm package mesos-framework (0.5.3, a JavaScript client of the v1
// Scheduler HTTP API) driven against the live server. It is a devDependency;
// where it is not installed the spec skips. MESOS_FRAMEWORK_DIR may point at
// a directory where it is installed (e.g. one set up with `npm install --no-save`).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const loadMesosFramework = (): Any | undefined => {
  const roots = [import.meta.url, ...(process.env.MESOS_FRAMEWORK_DIR === undefined ? [] : [join(process.env.MESOS_FRAMEWORK_DIR, 'package.json')])];
  for (const root of roots) {
    try {
      return createRequire(root)('mesos-framework');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  return undefined;
};

describe('mesos http with the mesos-framework npm client (live)', function () {
  this.timeout(20_000);
  const lib = loadMesosFramework();
  let server: MesosServer;
  let logDir: string;
  const schedulers: Any[] = [];

  before(function () {
    if (lib === undefined) {
      console.log('    (skipped: the npm package mesos-framework@0.5.3 is not installed; add it as a devDependency to run this spec)');
      this.skip();
    }
    logDir = mkdtempSync(join(tmpdir(), 'troupe-mesos-framework-'));
  });
  afterEach(async () => {
    for (const s of schedulers.splice(0)) {
      s.subscribe = () => undefined; // the client resubscribes whenever its stream ends
      s.httpRequest?.destroy?.();
    }
    await server?.close();
  });
  after(() => {
    if (logDir !== undefined) rmSync(logDir, { recursive: true, force: true });
  });

  const scheduler = (port: number, instances: number, command: string): Any => {
    const mesos = lib.Mesos.getMesos();
    const s = new lib.Scheduler({
      masterUrl: '127.0.0.1',
      port,
      frameworkName: 'mf',
      logging: { path: logDir, fileName: 'mesos-framework.log', level: 'error' },
      tasks: { web: { instances, priority: 1, resources: { cpus: 0.5, mem: 128, ports: 1, disk: 0 }, commandInfo: new mesos.CommandInfo(null, null, true, command) } },
    });
    schedulers.push(s);
    s.errors = [] as unknown[];
    s.on('error', (e: unknown) => s.errors.push(e)); // an EventEmitter 'error' without a listener would throw
    s.on('ready', () => s.subscribe());
    return s;
  };

  it('should subscribe, launch its tasks from offers, follow them to TASK_FINISHED acknowledging each update, and tear down', async () => {
    server = await startMesosServer({ agents: 2, port: 0, config: SPEC_CONFIG });
    const s = scheduler(server.port, 2, 'sleep 0.3');
    const states = new Map<string, string[]>();
    const finished = new Promise<void>((resolve) =>
      s.on('update', (u: V1Event) => {
        const id = u.status.task_id.value as string;
        states.set(id, [...(states.get(id) ?? []), u.status.state as string]);
        if ([...states.values()].filter((v) => v.includes('TASK_FINISHED')).length === 2) resolve();
      }),
    );
    const subscribed = new Promise<{ frameworkId: string }>((resolve) => s.on('subscribed', resolve));
    const { frameworkId } = await subscribed;
    await finished;
    expect([...states.keys()].map((k) => k.replace(/\.[0-9a-f-]{36}$/, '')).sort()).to.deep.equal(['mf.web-1', 'mf.web-2']);
    for (const v of states.values()) expect(v).to.deep.equal(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']);
    await eventually('every update acknowledged by the client', () => [...server.cluster.agentViews.values()].every((a) => a.cp.updates.size === 0));
    const state = await getJson(`${server.url}/master/state`);
    expect(state.frameworks.find((f: V1Event) => f.id === frameworkId)).to.include({ name: 'mf', failover_timeout: 604800, connected: true });
    s.subscribe = () => undefined;
    const tornDown = new Promise<void>((resolve) => s.on('sent_teardown', resolve));
    s.teardown();
    await tornDown;
    await eventually('the framework removed', async () => (await getJson(`${server.url}/master/state`)).completed_frameworks.includes(frameworkId));
    expect((s.errors as unknown[]).filter((e) => !/Long-running connection was closed/.test(String((e as { message?: string }).message ?? e)))).to.deep.equal([]);
  });

  it('should follow a standby master’s 307 to the leader', async () => {
    server = await startMesosServer({ agents: 1, masters: 2, port: 0, config: SPEC_CONFIG });
    const standby = server.masters.find((m) => m.node !== server.cluster.leader()!.node)!;
    const s = scheduler(standby.port, 1, 'sleep 60');
    const running = new Promise<void>((resolve) => s.on('update', (u: V1Event) => u.status.state === 'TASK_RUNNING' && resolve()));
    await running;
    expect(s.options.port).to.equal(String(server.port));
  });
});
