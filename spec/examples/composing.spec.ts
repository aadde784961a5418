// ## The examples of docs/composing.md (the last spec checks that the guide quotes this file verbatim).
import * as chai from 'chai';
import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineBehavior, pathRef, refCodec, type Ref } from '../../lib/actor/index.js';
import { createProbe, findEvents, itSim, troupeChai } from '../../lib/testkit/index.js';
import {
  bootCluster,
  containerApi,
  registerImage,
  storedObjects,
  overcommittedNodes,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  type ApiReply,
  type ApiRequest,
  type KubeProxyMessage,
  type Pod,
  service,
  serviceSend,
  ServiceUnavailable,
} from '../../actors/kubernetes/index.js';
import {
  createRedisCluster,
  isError,
  keyHashSlot,
  redirectOf,
  resharder,
  Reply,
  type RedisCommand,
  type RedisDirectory,
} from '../../actors/redis/index.js';
import {
  bootMesosCluster,
  contains,
  FAST_MESOS,
  frameworkInfo,
  isTerminal as isTerminalTask,
  mesosSafetyInvariants,
  resources,
  serviceScheduler,
  taskInfo,
  type Scheduler,
} from '../../actors/mesos/index.js';

chai.use(troupeChai);

// Every example keeps its trace in memory (`sim.trace`, for the assertions). Set
// TROUPE_TRACE_DIR to also stream it to `<dir>/<example>.jsonl` for `npx troupe trace …`.
const traceTo = (example: string) => ({
  memory: true,
  ...(process.env.TROUPE_TRACE_DIR ? { file: join(process.env.TROUPE_TRACE_DIR, `${example}.jsonl`) } : {}),
});

// ## (a) Your actor as a Kubernetes container image, behind a Service
// The user's actor: answers greetings, but only after a 2 s warm-up, and says when it is ready.
const Greeting = t.union([
  t.type({ type: t.literal('greeting'), text: t.string, pod: t.string, node: t.string }),
  t.type({ type: t.literal('not-ready'), pod: t.string }),
]);
type Greeting = t.TypeOf<typeof Greeting>;
const GreeterMsg = t.union([
  t.type({ type: t.literal('greet'), who: t.string, replyTo: refCodec<Greeting>() }),
  t.type({ type: t.literal('warmed-up') }),
]);
// The Service, named with what its image accepts: sends to it are checked against GreeterMsg.
const greeter = service<t.TypeOf<typeof GreeterMsg>>('default/greeter');

registerImage('greeter', {
  readiness: 'reported', // ready only when the container says so, not when it starts
  behavior: (env) =>
    defineBehavior({
      name: 'greeter',
      protocol: GreeterMsg,
      init: (ctx) => {
        ctx.timers.startSingleTimer('warm-up', { type: 'warmed-up' }, 2_000);
        return { ready: false, pod: env.pod.metadata.name ?? '?' };
      },
      receive: (s, msg, ctx) => {
        if (msg.type === 'warmed-up') {
          containerApi.ready(ctx, true); // the kubelet marks the pod Ready; Endpoints picks it up
          containerApi.log(ctx, `ready on ${env.node}`);
          return { ...s, ready: true };
        }
        if (!s.ready) ctx.tell(msg.replyTo, { type: 'not-ready', pod: s.pod });
        else ctx.tell(msg.replyTo, { type: 'greeting', text: `hello ${msg.who}`, pod: s.pod, node: env.node });
        return s;
      },
    }),
});

// A user actor outside the cluster, standing for an external load balancer: every 500 ms it
// greets the Service through the kube-proxy of the next worker, and skips for 10 s a worker
// through which a request went unanswered (a crude health check), tallying the outcomes.
interface FrontendTally {
  readonly answers: Array<{ atMs: number; pod: string; node: string }>;
  readonly failures: Array<{ atMs: number; via: string; why: string }>;
  notReady: number;
}
const FrontendMsg = t.union([
  t.type({ type: t.literal('tick') }),
  t.type({ type: t.literal('outcome'), proxy: t.number, atMs: t.number, reply: t.union([Greeting, ServiceUnavailable, t.null]) }),
]);
const frontend = (proxies: ReadonlyArray<Ref<KubeProxyMessage>>, tally: FrontendTally) =>
  defineBehavior({
    name: 'frontend',
    protocol: FrontendMsg,
    init: (ctx) => {
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, 500);
      return { next: 0, downUntil: proxies.map(() => 0) };
    },
    receive: (s, msg, ctx) => {
      const atMs = ctx.now();
      if (msg.type === 'tick') {
        const order = proxies.map((_, i) => (s.next + i) % proxies.length);
        const proxy = order.find((i) => s.downUntil[i] <= atMs) ?? s.next % proxies.length;
        ctx.ask(
          proxies[proxy],
          // replyTo twice: the greeter answers it, and kube-proxy reports `service-unavailable` to it.
          (replyTo: Ref<Greeting | ServiceUnavailable>) => serviceSend(greeter, { type: 'greet', who: 'frontend', replyTo }, { replyTo }),
          1_000,
          (r) => ({ type: 'outcome', proxy, atMs, reply: E.isRight(r) ? r.right : null }),
        );
        return { ...s, next: proxy + 1 };
      }
      const reply = msg.reply; // your codec and kube-proxy's, side by side in one union
      if (reply === null) {
        tally.failures.push({ atMs: msg.atMs, via: proxies[msg.proxy].node, why: 'no answer in 1 s' });
        return { ...s, downUntil: s.downUntil.map((until, i) => (i === msg.proxy ? atMs + 10_000 : until)) };
      }
      if (reply.type === 'service-unavailable') tally.failures.push({ atMs: msg.atMs, via: proxies[msg.proxy].node, why: reply.reason });
      else if (reply.type === 'not-ready') tally.notReady++;
      else tally.answers.push({ atMs: msg.atMs, pod: reply.pod, node: reply.node });
      return s;
    },
  });

// Evict pods from an unreachable node after 10 s instead of the default 300 s.
const fastEviction = [TAINT_UNREACHABLE, TAINT_NOT_READY].map((key) => ({ key, operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 10 }));
const greeterDeployment = {
  metadata: { name: 'greeter' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'greeter' } },
    template: {
      metadata: { labels: { app: 'greeter' } },
      spec: {
        tolerations: fastEviction,
        containers: [{ name: 'main', image: 'greeter', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
      },
    },
  },
};
const greeterService = { metadata: { name: 'greeter' }, spec: { selector: { app: 'greeter' }, ports: [{ port: 80, targetPort: 8080 }] } };

describe('composing: a user actor as a Kubernetes container image', () => {
  itSim('should keep answering through kube-proxy when a node with a greeter dies', (sim) => {
    const cluster = bootCluster(sim, { workers: 3 }); // master + node-1..3, each booting its shipped actors
    const kubectl = createProbe<ApiReply>(sim, 'kubectl', { node: 'laptop' });
    const apply = (request: Omit<Extract<ApiRequest, { type: 'create' }>, 'replyTo'>) => {
      sim.tell(cluster.api, { ...request, replyTo: kubectl.ref });
      expect(kubectl.expectMessage(5_000)).to.include({ type: 'api-ok' });
    };
    sim.runFor(2_000);
    apply({ type: 'create', resource: 'deployments', namespace: 'default', body: greeterDeployment });
    apply({ type: 'create', resource: 'services', namespace: 'default', body: greeterService });

    const tally: FrontendTally = { answers: [], failures: [], notReady: 0 };
    const proxies = cluster.workers.map((w) => pathRef<KubeProxyMessage>(w, '/kube-proxy'));
    sim.spawn(frontend(proxies, tally), 'frontend', { node: 'lb' });
    sim.invariant('no dead letters: every message fits its codec', () => sim.system.deadLetters === 0);
    sim.invariant('kube-proxy only routes to ready greeters', () => tally.notReady === 0 || `${tally.notReady} requests reached a greeter still warming up`);
    sim.invariant('no node overcommitted', () => overcommittedNodes(sim).length === 0 || overcommittedNodes(sim).join('; '), { everyMs: 1_000 });

    sim.runFor(20_000);
    expect(tally.failures.filter((f) => f.atMs >= 15_000)).to.deep.equal([]); // warmed up: every request answered
    const victim = tally.answers[tally.answers.length - 1].node;
    const crashAtMs = sim.now();
    sim.crash(victim);
    sim.runFor(120_000); // 40 s until the node is NotReady, 10 s of toleration, a new pod warms up

    const since = <T extends { atMs: number }>(xs: T[], ms: number) => xs.filter((x) => x.atMs >= crashAtMs + ms);
    // Until the node is NotReady, requests routed to its greeter go unanswered; after that, only the
    // load balancer's retries of the dead node's own kube-proxy do.
    expect(since(tally.failures, 45_000).filter((f) => f.via !== victim)).to.deep.equal([]);
    const late = since(tally.answers, 80_000);
    expect(new Set(late.map((a) => a.pod)).size).to.equal(2); // two greeters again ...
    expect(late.map((a) => a.node)).to.not.include(victim); // ... on live nodes
    const pods = storedObjects<Pod>(sim, 'pods').filter((p) => p.metadata.labels?.app === 'greeter' && p.metadata.deletionTimestamp === undefined);
    expect(pods.map((p) => p.spec.nodeName)).to.have.length(2).and.not.include(victim);
    expect(sim.trace).to.have.milestone('pod-evicted');
  }, { seed: 11, simulation: { decodeAll: true, trace: traceTo('k8s-greeter') } });
});

// ## (b) Your actor as a Redis Cluster client: a rate limiter
// At most `limit` requests per user per window: INCR a per-window counter (with a TTL), then
// WAIT for one replica, so an allowed request survives a failover (fail closed otherwise).
type Verdict = { type: 'verdict'; user: string; window: number; allowed: boolean; count: number | null };
const LimiterMsg = t.union([
  t.type({ type: t.literal('allow'), user: t.string, replyTo: refCodec<Verdict>() }),
  t.type({ type: t.literal('redis-reply'), id: t.number, reply: t.union([Reply, t.null]) }),
  t.type({ type: t.literal('retry'), id: t.number }),
]);
interface Check {
  readonly user: string;
  readonly window: number;
  readonly replyTo: Ref<Verdict>;
  readonly slot: number;
  steps: Array<'incr' | 'expire' | 'wait'>; // what is left to do, in order
  node: string | undefined; // where the counter lives (WAIT must go to the same node)
  askTo: string | undefined; // an ASK target: send this key's commands there, each with ASKING
  count: number;
  tries: number;
}
interface LimiterOptions {
  readonly seeds: ReadonlyArray<string>;
  readonly directory: RedisDirectory;
  readonly limit: number;
  readonly windowMs: number;
}

const rateLimiter = (o: LimiterOptions) =>
  defineBehavior({
    name: 'rate-limiter',
    protocol: LimiterMsg,
    // After a restart, replies to the previous incarnation's asks still arrive here: keep ids apart.
    init: (ctx) => ({ slots: new Map<number, string>(), checks: new Map<number, Check>(), nextId: ctx.generation * 1_000_000 + 1 }),
    receive: (s, msg, ctx) => {
      const key = (c: Check) => `rl:{${c.user}}:${c.window}`; // {user}: all of a user's counters share a slot
      const decide = (id: number, c: Check, allowed: boolean): void => {
        s.checks.delete(id);
        ctx.tell(c.replyTo, { type: 'verdict', user: c.user, window: c.window, allowed, count: c.count > 0 ? c.count : null });
      };
      const send = (id: number, c: Check): void => {
        const step = c.steps[0];
        // Count only inside the window: a late INCR could recreate an expired counter at 1.
        if (step === 'incr' && ctx.now() >= (c.window + 1) * o.windowMs) return decide(id, c, false);
        const target = step === 'incr' ? (c.askTo ?? s.slots.get(c.slot) ?? ctx.random.pick(o.seeds)) : c.node!;
        const argv = step === 'incr' ? ['INCR', key(c)] : step === 'expire' ? ['PEXPIRE', key(c), String(2 * o.windowMs)] : ['WAIT', '1', '200'];
        c.node = target;
        ctx.ask(
          o.directory.resolve(target)!,
          (replyTo: Ref<Reply>): RedisCommand => ({ type: 'command', argv, replyTo, conn: ctx.path, asking: step !== 'wait' && c.askTo !== undefined }),
          500,
          (r) => ({ type: 'redis-reply', id, reply: E.isRight(r) ? r.right : null }),
        );
      };
      const retryLater = (id: number, c: Check): void => {
        if (++c.tries > 8) return decide(id, c, false); // budget spent: fail closed
        ctx.timers.startSingleTimer(`retry-${id}`, { type: 'retry', id }, Math.min(1_000, 50 * 2 ** c.tries));
      };
      switch (msg.type) {
        case 'allow': {
          const c: Check = { user: msg.user, window: Math.floor(ctx.now() / o.windowMs), replyTo: msg.replyTo, slot: keyHashSlot(msg.user), steps: ['incr'], node: undefined, askTo: undefined, count: 0, tries: 0 };
          s.checks.set(s.nextId, c);
          send(s.nextId, c);
          return { ...s, nextId: s.nextId + 1 };
        }
        case 'retry': {
          const c = s.checks.get(msg.id);
          if (c !== undefined) send(msg.id, c);
          return s;
        }
        case 'redis-reply': {
          const c = s.checks.get(msg.id);
          if (c === undefined) return s;
          const r = msg.reply;
          const redirect = r === null ? undefined : redirectOf(r); // MOVED or ASK, parsed
          if (r === null) {
            // No answer in time: the node may be dead. Forget the route; the next try asks someone else.
            s.slots.delete(c.slot);
            c.askTo = undefined;
            if (c.steps[0] === 'incr') retryLater(msg.id, c);
            else decide(msg.id, c, false); // the counter may not have reached a replica
          } else if (redirect !== undefined) {
            const { kind, slot, addr } = redirect;
            ctx.milestone('redis-redirect', { kind, slot, to: addr });
            if (kind === 'MOVED') s.slots.set(slot, addr); // the slot lives there now: remember
            c.askTo = kind === 'ASK' ? addr : undefined; // mid-migration: this key only, for this check
            if (c.steps[0] !== 'incr' || ++c.tries > 8) decide(msg.id, c, false); // the counter moved under us, or too many redirects
            else send(msg.id, c);
          } else if (isError(r, 'CLUSTERDOWN') || isError(r, 'TRYAGAIN')) retryLater(msg.id, c);
          else if (r.kind !== 'integer') decide(msg.id, c, false);
          else if (c.steps[0] === 'incr') {
            c.count = r.value;
            c.steps = r.value === 1 ? ['expire', 'wait'] : ['wait'];
            send(msg.id, c);
          } else if (c.steps[0] === 'expire') {
            c.steps = ['wait'];
            send(msg.id, c);
          } else decide(msg.id, c, r.value >= 1 && c.count <= o.limit); // WAIT: replicas that have it
          return s;
        }
      }
    },
  });

describe('composing: a user actor as a Redis Cluster client', () => {
  itSim('should never allow more than the limit, through a slot migration and a failover', (sim) => {
    const LIMIT = 5;
    const cluster = createRedisCluster(sim, { servers: 3, replicasPerMaster: 2, nodeTimeoutMs: 1_000 });
    const [m1, m2, m3] = cluster.nodes; // masters of slots 0-5460, 5461-10922, 10923-16383
    const limiter = sim.spawn(rateLimiter({ seeds: cluster.nodes.map((n) => n.addr), directory: cluster.directory, limit: LIMIT, windowMs: 1_000 }), 'limiter', { node: 'app' });
    const app = createProbe<Verdict>(sim, 'app', { node: 'app' });
    const admin = createProbe<Reply>(sim, 'admin', { node: 'laptop' });
    const cmd = (addr: string, argv: string[]) => {
      sim.tell(cluster.node(addr).ref, { type: 'command', argv, replyTo: admin.ref });
      return admin.expectMessage(2_000);
    };
    const allowed = new Map<string, number>();
    let seen = 0;
    sim.invariant(`at most ${LIMIT} allowed per user per window`, () => {
      for (; seen < app.received.length; seen++) {
        const v = app.received[seen];
        const k = `${v.user}@${v.window}`;
        if (v.allowed) allowed.set(k, (allowed.get(k) ?? 0) + 1);
        if ((allowed.get(k) ?? 0) > LIMIT) return `${k}: ${allowed.get(k)} allowed`;
      }
      return true;
    });
    const traffic = (ms: number) => {
      for (let t0 = sim.now(); sim.now() < t0 + ms; sim.runFor(100)) {
        for (const user of ['alice', 'erin']) sim.tell(limiter, { type: 'allow', user, replyTo: app.ref });
      }
    };
    sim.runFor(3_000);
    expect([keyHashSlot('alice'), keyHashSlot('erin')]).to.deep.equal([749, 12069]); // served by m1 and m3

    traffic(3_000);
    // Start moving erin's slot from m3 to m2 by hand: new keys of that slot now answer ASK ...
    expect(cmd(m2.addr, ['CLUSTER', 'SETSLOT', '12069', 'IMPORTING', m3.id])).to.deep.equal({ kind: 'simple', value: 'OK' });
    expect(cmd(m3.addr, ['CLUSTER', 'SETSLOT', '12069', 'MIGRATING', m2.id])).to.deep.equal({ kind: 'simple', value: 'OK' });
    traffic(2_000);
    // ... then let the shipped resharder finish it (MIGRATE the old keys, SETSLOT NODE everywhere).
    sim.spawn(resharder({ directory: cluster.directory, source: m3.addr, target: m2.addr, slots: [12069], masters: [m1.addr, m2.addr, m3.addr] }), 'reshard', { node: 'laptop' });
    traffic(2_000);
    sim.crash(m1.server); // alice's master (and two replicas of the others) die
    traffic(1_500);
    sim.kill(limiter); // and the limiter fails once, as if it threw: its supervisor restarts it
    traffic(8_500);

    expect(sim.trace).to.have.milestone('redis-redirect', { kind: 'ASK', slot: 12069, to: m2.addr });
    expect(sim.trace).to.have.milestone('redis-redirect', { kind: 'MOVED', slot: 12069, to: m2.addr });
    expect(sim.trace).to.have.milestone('reshard-done');
    expect(sim.trace).to.have.milestone('promoted');
    expect(findEvents(sim.trace!, 'restart', { actor: '/limiter' })).to.have.length(1);
    const allowedIn = (user: string, window: number) => app.received.filter((v) => v.user === user && v.window === window && v.allowed).length;
    const windows = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(windows(3, 9).map((w) => allowedIn('alice', w))).to.deep.equal(windows(3, 9).map(() => LIMIT)); // before the crash: the limit, exactly
    expect(windows(13, 19).map((w) => allowedIn('alice', w))).to.deep.equal(windows(13, 19).map(() => LIMIT)); // 3 s after it: the same again
    expect(windows(3, 19).filter((w) => allowedIn('erin', w) === 0)).to.deep.equal([]); // erin served through the move and the failover
    expect(findEvents(sim.trace!, 'milestone', { type: 'redis-redirect' }).length).to.be.below(app.received.length / 4); // the map is learned, not re-asked
  }, { seed: 5, simulation: { decodeAll: true, trace: traceTo('redis-limiter') } });
});

// ## (c) Your Mesos framework next to the shipped ones
// A DaemonSet-like framework: one `log-shipper` task on every agent, never two. Its state
// is memory only, so after its own restart it must learn its tasks back before launching.
interface ShipperState {
  readonly byAgent: ReadonlyMap<string, string>; // agent id → the live shipper task there
  readonly launchAfterMs: number; // no launches until reconciliation had time to answer
  readonly next: number;
}
const SHIPPER = resources({ cpus: 0.5, mem: 128 });
const logShipper: Scheduler<ShipperState> = {
  info: frameworkInfo({ name: 'log-shipper', roles: ['ops'], failoverTimeoutMs: 60_000 }),
  init: (d) => ({ byAgent: new Map(), launchAfterMs: d.now(), next: 1 }),
  subscribed: (s, _id, d) => ({ ...s, launchAfterMs: d.now() + 2_000 }), // the actor reconciles now
  offers: (s, offers, d) => {
    const byAgent = new Map(s.byAgent);
    let next = s.next;
    for (const offer of offers) {
      if (d.now() < s.launchAfterMs || byAgent.has(offer.agentId) || !contains(offer.resources, SHIPPER)) {
        d.decline([offer.id], 1_000);
        continue;
      }
      const taskId = `shipper-${d.frameworkId}-${next++}`;
      byAgent.set(offer.agentId, taskId);
      d.launch(offer, [taskInfo({ taskId, agentId: offer.agentId, resources: SHIPPER, command: 'ship-logs' })]);
    }
    return { ...s, byAgent, next };
  },
  update: (s, status, d) => {
    const byAgent = new Map(s.byAgent);
    const mine = byAgent.get(status.agentId);
    if (isTerminalTask(status.state)) {
      if (mine === status.taskId) byAgent.delete(status.agentId);
    } else if (mine === undefined) byAgent.set(status.agentId, status.taskId); // learned back (reconciled, re-registered)
    else if (mine !== status.taskId) d.kill(status.taskId, status.agentId); // a second one: keep the first
    return { ...s, byAgent };
  },
};

describe('composing: a user Mesos framework next to the shipped ones', () => {
  itSim('should keep exactly one shipper per agent through an agent crash and its own restart', (sim) => {
    const cluster = bootMesosCluster(sim.system, {
      agents: 4,
      config: FAST_MESOS,
      frameworks: [
        { name: 'marathon', scheduler: serviceScheduler({ apps: [{ id: 'web', instances: 3, resources: resources({ cpus: 1, mem: 256 }), constraints: [['hostname', 'UNIQUE']] }] }) },
        { name: 'log-shipper', scheduler: logShipper },
      ],
    });
    for (const inv of mesosSafetyInvariants(cluster)) sim.invariant(inv.name, inv.check);
    const shippersOn = (agent: string) =>
      [...(cluster.agentViews.get(agent)?.cp.tasks.values() ?? [])].filter((t) => t.info.taskId.startsWith('shipper-') && !isTerminalTask(t.state));
    sim.invariant('at most one shipper per agent', () => {
      const twice = cluster.agentNodes.filter((a) => cluster.isUp(a) && shippersOn(a).length > 1);
      return twice.length === 0 || `two shippers on ${twice.join(', ')}`;
    });
    const running = () => cluster.agentNodes.filter((a) => cluster.isUp(a) && shippersOn(a).some((t) => t.state === 'TASK_RUNNING'));
    const webTasks = () => [...(cluster.leader()?.view.tasks.values() ?? [])].filter((t) => t.info.taskId.startsWith('web') && t.state === 'TASK_RUNNING');

    sim.runFor(10_000);
    expect(running()).to.deep.equal(cluster.agentNodes);
    expect(webTasks()).to.have.length(3);

    const shipperOn3 = shippersOn('agent3')[0].info.taskId;
    sim.crash('agent3');
    sim.runFor(10_000); // unreachable after 3 missed pings: its tasks are LOST (Marathon replaces its web task, if any)
    expect(running()).to.deep.equal(['agent1', 'agent2', 'agent4']);
    sim.restart('agent3'); // it re-registers with its checkpointed tasks: the shipper there is adopted again
    sim.crash('fw-log-shipper'); // and the user framework loses its memory ...
    sim.runFor(2_000);
    sim.restart('fw-log-shipper'); // ... resubscribes under the id on its disk, and reconciles
    sim.runFor(20_000);

    expect(running()).to.deep.equal(cluster.agentNodes);
    expect(shippersOn('agent3').map((t) => t.info.taskId)).to.deep.equal([shipperOn3]); // adopted, not launched again
    expect(webTasks()).to.have.length(3);
    expect(sim.trace).to.have.milestone('framework-failed-over');
    expect(sim.trace).to.have.milestone('task-state', { state: 'TASK_LOST' });
  }, { seed: 3, simulation: { decodeAll: true, network: { link: { fifo: true } }, trace: traceTo('mesos-shipper') } });
});

// ## The guide quotes this file verbatim
describe('docs/composing.md', () => {
  it('should quote every section of its example spec verbatim, in order', () => {
    const guide = readFileSync(new URL('../../docs/composing.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL(import.meta.url), 'utf8');
    const quoted = [...guide.matchAll(/^```ts\n(\/\/ ## [\s\S]*?)^```$/gm)].map((m) => m[1].trimEnd());
    expect(quoted).to.deep.equal(example.split(/^(?=\/\/ ## )/m).map((section) => section.trimEnd()));
  });
});
