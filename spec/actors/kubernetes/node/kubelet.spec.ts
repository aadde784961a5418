import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior, pathRef } from '../../../../lib/actor/index.js';
import type { Simulation } from '../../../../lib/sim/index.js';
import { createProbe, itSim } from '../../../../lib/testkit/index.js';
import {
  bootCluster,
  ContainerSignal,
  KUBE_VERSION,
  registerImage,
  type ApiReply,
  type CacheEvent,
  type ContainerLogsRequest,
  type KubeletMessage,
  type KubeletOptions,
  type LogStreamMessage,
  type Pod,
  type Status,
} from '../../../../actors/kubernetes/index.js';

// Images of these specs: one that writes numbered lines, one that ignores SIGTERM, one without a SIGTERM handler.
const Tick = t.union([t.type({ type: t.literal('tick') }), ContainerSignal]);
registerImage('spec-counter', {
  behavior: (env) =>
    defineBehavior({
      name: 'spec-counter',
      protocol: Tick,
      init: (ctx) => {
        ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, 1_000);
        return 0;
      },
      receive: (n) => {
        env.log(`line ${n + 1}`);
        return n + 1;
      },
    }),
});
registerImage('spec-stubborn', {
  sigterm: 'handle',
  behavior: (env) => defineBehavior({ name: 'spec-stubborn', protocol: Tick, init: () => 0, receive: (n) => (env.log('ignoring SIGTERM'), n) }),
});
registerImage('spec-plain', { behavior: () => defineBehavior({ name: 'spec-plain', protocol: Tick, init: () => 0, receive: (n) => n }) });

const NS = 'default';

/** A one-worker cluster, a client, and the kubelet of node-1 to ask for logs. */
const world = (sim: Simulation, kubeletOptions: Omit<KubeletOptions, 'api'> = {}) => {
  const changes: CacheEvent[] = [];
  const cluster = bootCluster(sim, { workers: 1, kubeProxy: false, kubelet: kubeletOptions, apiserver: { hooks: { onChange: (e) => e.resource === 'pods' && changes.push(e) } } });
  const client = createProbe<ApiReply>(sim, 'client', { node: 'client' });
  const api = (req: object): ApiReply => {
    sim.tell(cluster.api, { ...req, replyTo: client.ref } as never);
    return client.expectMessage(10_000);
  };
  const pod = (name: string, containers: Array<{ name: string; image: string; args?: string[] }>, extra: object = {}) =>
    expect(api({ type: 'create', resource: 'pods', namespace: NS, body: { metadata: { name }, spec: { containers, ...extra } } }).type).to.equal('api-ok');
  const kubelet = pathRef<KubeletMessage>('node-1', '/kubelet');
  const logs = (req: Omit<ContainerLogsRequest, 'type' | 'namespace' | 'replyTo'>): string | Status => {
    sim.tell(kubelet, { type: 'container-logs', namespace: NS, ...req, replyTo: client.ref });
    const r = client.expectMessage(1_000);
    return r.type === 'api-ok' ? (r.object as string) : r.status;
  };
  /** The last status the API server stored for a pod before it was deleted. */
  const lastStatus = (name: string): Pod | undefined =>
    [...changes].reverse().find((e) => e.object.metadata.name === name && e.type === 'MODIFIED')?.object as Pod | undefined;
  const exists = (name: string): boolean => api({ type: 'get', resource: 'pods', namespace: NS, name }).type === 'api-ok';
  sim.runFor(3_000);
  return { api, pod, logs, lastStatus, exists, kubelet };
};

describe('kubelet', () => {
  itSim('should register its node reporting the version the API server reports (one version across the cluster)', (sim) => {
    const { api } = world(sim);
    const r = api({ type: 'get', resource: 'nodes', name: 'node-1' });
    expect(r.type).to.equal('api-ok');
    if (r.type === 'api-ok') expect((r.object as { status: { nodeInfo: { kubeletVersion: string } } }).status.nodeInfo.kubeletVersion).to.equal(KUBE_VERSION.gitVersion);
  });

  describe('container logs', () => {
    itSim('should answer the lines a container wrote, with tailLines, sinceSeconds and RFC 3339 nano timestamps from the troupe clock', (sim) => {
      const { pod, logs } = world(sim);
      pod('web', [{ name: 'nginx', image: 'nginx' }]);
      pod('counter', [{ name: 'main', image: 'spec-counter' }]);
      sim.runFor(10_000);
      const web = logs({ pod: 'web' }) as string;
      expect(web).to.match(/^nginx: started worker processes in pod web on node-1\nnginx: serving on 10\.\d+\.\d+\.\d+:80\n$/);
      const all = (logs({ pod: 'counter' }) as string).split('\n');
      expect(all.length).to.be.greaterThan(6);
      expect(all.slice(0, 2)).to.deep.equal(['line 1', 'line 2']);
      expect(all[all.length - 1]).to.equal('');
      const n = all.length - 1;
      expect(logs({ pod: 'counter', tailLines: 2 })).to.equal(`line ${n - 1}\nline ${n}\n`);
      expect(logs({ pod: 'counter', tailLines: 0 })).to.equal('');
      expect(logs({ pod: 'counter', sinceSeconds: 3 })).to.equal(`line ${n - 2}\nline ${n - 1}\nline ${n}\n`);
      const stamped = (logs({ pod: 'counter', tailLines: 1, timestamps: true }) as string).trimEnd();
      expect(stamped).to.match(/^1970-01-01T00:00:\d\d(\.\d+)?Z line \d+$/);
      const at = Date.parse(stamped.split(' ')[0]);
      expect(at).to.be.within(sim.now() - 1_000, sim.now());
      expect(logs({ pod: 'counter', tailLines: -1 })).to.include({ reason: 'Invalid', code: 422 });
    }, { seed: 1 });

    itSim("should keep the previous instance's lines after a restart, and answer Kubernetes' errors", (sim) => {
      const { pod, logs } = world(sim);
      pod('two', [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'exit', args: ['code=3', 'afterMs=4000'] }]);
      pod('crasher', [{ name: 'main', image: 'crash', args: ['everyMs=1000'] }]);
      sim.runFor(8_000);
      expect(logs({ pod: 'two' })).to.deep.include({ reason: 'BadRequest', code: 400, message: 'a container name must be specified for pod two, choose one of: [a b]' });
      expect(logs({ pod: 'two', container: 'nope' })).to.include({ reason: 'BadRequest' });
      expect(logs({ pod: 'nowhere' })).to.include({ reason: 'NotFound', code: 404 });
      expect(logs({ pod: 'two', container: 'a', previous: true })).to.deep.include({ reason: 'BadRequest', message: 'previous terminated container "a" in pod "two" not found' });
      // b exited with 3 and waits in CrashLoopBackOff: its log is the exited instance's; no earlier one yet.
      expect(logs({ pod: 'two', container: 'b' })).to.equal('exiting with code 3\n');
      expect(logs({ pod: 'two', container: 'b', previous: true })).to.include({ reason: 'BadRequest' });
      sim.runFor(8_000);
      // Restarted after 10 s: a fresh log, the exited instance's lines as previous.
      expect(logs({ pod: 'two', container: 'b' })).to.equal('');
      expect(logs({ pod: 'two', container: 'b', previous: true })).to.equal('exiting with code 3\n');
      expect(logs({ pod: 'crasher', previous: true })).to.equal('started, crashing in 1000 ms\npanic: crashed (image crash)\n');
    }, { seed: 1 });

    itSim('should keep only the last logLinesMax lines of an instance', (sim) => {
      const { pod, logs } = world(sim, { logLinesMax: 3 });
      pod('counter', [{ name: 'main', image: 'spec-counter' }]);
      sim.runFor(10_000);
      const lines = (logs({ pod: 'counter' }) as string).trimEnd().split('\n');
      expect(lines).to.have.length(3);
      const last = Number(lines[2].split(' ')[1]);
      expect(lines).to.deep.equal([`line ${last - 2}`, `line ${last - 1}`, `line ${last}`]);
    }, { seed: 1 });
  });

  describe('following logs (kubectl logs -f)', () => {
    itSim('should send the lines so far, then each new line, then the end when the instance exits', (sim) => {
      const { pod, kubelet } = world(sim);
      pod('counter', [{ name: 'main', image: 'spec-counter' }], { restartPolicy: 'Never' });
      pod('ending', [{ name: 'main', image: 'exit', args: ['code=0', 'afterMs=3000'] }], { restartPolicy: 'Never' });
      sim.runFor(2_500);
      const follower = createProbe<LogStreamMessage>(sim, 'follower', { node: 'client' });
      sim.tell(kubelet, { type: 'follow-logs', followId: 'f1', namespace: NS, pod: 'counter', tailLines: 1, follower: follower.ref });
      expect(follower.expectMessage(1_000)).to.deep.equal({ type: 'log-lines', followId: 'f1', seq: 1, text: 'line 2\n' });
      expect(follower.expectMessage(1_500)).to.deep.equal({ type: 'log-lines', followId: 'f1', seq: 2, text: 'line 3\n' });
      expect(follower.expectMessage(1_500)).to.deep.equal({ type: 'log-lines', followId: 'f1', seq: 3, text: 'line 4\n' });
      sim.tell(kubelet, { type: 'unfollow-logs', followId: 'f1' });
      follower.expectNoMessage(3_000);
      // A container that exits: its last line arrives, then the end.
      sim.tell(kubelet, { type: 'follow-logs', followId: 'f2', namespace: NS, pod: 'ending', follower: follower.ref });
      const got = follower.expectMessages(2, 10_000).sort((a, b) => a.seq - b.seq);
      expect(got).to.deep.equal([
        { type: 'log-lines', followId: 'f2', seq: 1, text: 'exiting with code 0\n' },
        { type: 'log-end', followId: 'f2', seq: 2 },
      ]);
    }, { seed: 1 });

    itSim('should deliver the line a container writes on SIGTERM even though its pod is deleted right after', (sim) => {
      const { api, pod, kubelet } = world(sim);
      pod('web', [{ name: 'nginx', image: 'nginx' }]);
      sim.runFor(3_000);
      const follower = createProbe<LogStreamMessage>(sim, 'follower', { node: 'client' });
      sim.tell(kubelet, { type: 'follow-logs', followId: 'w', namespace: NS, pod: 'web', tailLines: 0, follower: follower.ref });
      expect(api({ type: 'delete', resource: 'pods', namespace: NS, name: 'web' }).type).to.equal('api-ok');
      // The network may reorder the two; seq puts them back.
      const got = follower.expectMessages(2, 35_000).sort((a, b) => a.seq - b.seq);
      expect(got[0]).to.include({ type: 'log-lines', seq: 1 });
      expect((got[0] as { text: string }).text).to.match(/received SIGTERM/);
      expect(got[1]).to.deep.equal({ type: 'log-end', followId: 'w', seq: 2 });
    }, { seed: 1 });

    itSim('should answer a follow of an unknown pod with a NotFound log-error', (sim) => {
      const { kubelet } = world(sim);
      const follower = createProbe<LogStreamMessage>(sim, 'follower', { node: 'client' });
      sim.tell(kubelet, { type: 'follow-logs', followId: 'x', namespace: NS, pod: 'ghost', follower: follower.ref });
      const m = follower.expectMessage(1_000);
      expect(m.type).to.equal('log-error');
      expect((m as { status: Status }).status).to.include({ reason: 'NotFound' });
    }, { seed: 1 });
  });

  describe('graceful termination', () => {
    itSim('should send SIGTERM to a container that handles it, let it drain, and report exit code 143 before the final delete', (sim) => {
      const { api, pod, logs, lastStatus, exists } = world(sim);
      pod('drainer', [{ name: 'web', image: 'nginx', args: ['drainMs=3000'] }], { terminationGracePeriodSeconds: 10 });
      sim.runFor(5_000);
      expect(api({ type: 'delete', resource: 'pods', namespace: NS, name: 'drainer' }).type).to.equal('api-ok');
      sim.runFor(1_000);
      expect(exists('drainer'), 'still draining after 1 s').to.equal(true);
      expect(logs({ pod: 'drainer' })).to.contain('received SIGTERM, draining for 3000 ms');
      sim.runFor(3_000);
      expect(exists('drainer'), 'gone once the container exited').to.equal(false);
      const last = lastStatus('drainer')!;
      expect(last.status?.phase).to.equal('Failed');
      expect(last.status?.containerStatuses?.[0].state?.terminated).to.include({ exitCode: 143, reason: 'Error' });
    }, { seed: 1 });

    itSim('should kill a container still running when the grace period ends (137), and stop one without a handler at once (143)', (sim) => {
      const { api, pod, lastStatus, exists } = world(sim);
      pod('stubborn', [{ name: 'main', image: 'spec-stubborn' }], { terminationGracePeriodSeconds: 4 });
      pod('plain', [{ name: 'main', image: 'spec-plain' }], { terminationGracePeriodSeconds: 4 });
      sim.runFor(5_000);
      api({ type: 'delete', resource: 'pods', namespace: NS, name: 'stubborn' });
      api({ type: 'delete', resource: 'pods', namespace: NS, name: 'plain' });
      sim.runFor(1_000);
      expect(exists('plain'), 'no SIGTERM handler: gone at once').to.equal(false);
      expect(lastStatus('plain')!.status?.containerStatuses?.[0].state?.terminated?.exitCode).to.equal(143);
      sim.runFor(2_000);
      expect(exists('stubborn'), 'within its grace period').to.equal(true);
      sim.runFor(2_000);
      expect(exists('stubborn'), 'killed at the end of the grace period').to.equal(false);
      expect(lastStatus('stubborn')!.status?.containerStatuses?.[0].state?.terminated).to.include({ exitCode: 137 });
    }, { seed: 1 });

    itSim('should bring SIGKILL forward when a second delete shortens the grace period', (sim) => {
      const { api, pod, lastStatus, exists } = world(sim);
      pod('slow', [{ name: 'main', image: 'spec-stubborn' }], { terminationGracePeriodSeconds: 60 });
      sim.runFor(5_000);
      api({ type: 'delete', resource: 'pods', namespace: NS, name: 'slow' });
      sim.runFor(5_000);
      expect(exists('slow')).to.equal(true);
      api({ type: 'delete', resource: 'pods', namespace: NS, name: 'slow', options: { gracePeriodSeconds: 1 } });
      sim.runFor(2_500);
      expect(exists('slow')).to.equal(false);
      expect(lastStatus('slow')!.status?.containerStatuses?.[0].state?.terminated?.exitCode).to.equal(137);
    }, { seed: 1 });
  });
});
