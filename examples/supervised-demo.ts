/**
 * troupe demo: supervised actors in virtual time.
 *
 * A replicated key-value store (one primary, two replicas under a replica-group
 * supervisor) takes writes from a client on a timer. Replicas apply the
 * primary's stream with seeded random lag and report their replication
 * offsets. At t=2.5 s a poisoned write crashes the primary: the supervisor
 * promotes the most up-to-date replica and the old primary rejoins as a
 * replica (with a full resync from the new primary). A flaky auditor under a one-for-one supervisor with exponential
 * backoff crashes on every third audit and is restarted.
 *
 * Run: npm start            (or: npx tsx examples/supervised-demo.ts --seed 7)
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import { createActorSystem, defineBehavior, refCodec, type Ref, type Signal } from '../lib/actor/index.js';
import { createSimDispatcher } from '../lib/sim/index.js';
import { createMemoryTrace, createTracer, type TraceEvent } from '../lib/trace/index.js';

const seedArg = process.argv.indexOf('--seed');
const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 42;

// ---- protocols -------------------------------------------------------------
const KvMsg = t.union([
  t.type({ type: t.literal('write'), key: t.string, value: t.number }),
  t.type({ type: t.literal('apply'), offset: t.number, key: t.string, value: t.number }),
  t.type({ type: t.literal('offset?'), replyTo: refCodec<number>() }),
  t.type({ type: t.literal('sync?'), replyTo: refCodec() }),
  t.type({ type: t.literal('snapshot'), offset: t.number, data: t.record(t.string, t.number) }),
]);
type KvMsg = t.TypeOf<typeof KvMsg>;

const GroupMsg = t.union([
  t.type({ type: t.literal('write'), key: t.string, value: t.number }),
  t.type({ type: t.literal('replicate'), offset: t.number, key: t.string, value: t.number }),
]);
type GroupMsg = t.TypeOf<typeof GroupMsg>;

interface KvState {
  data: Record<string, number>;
  offset: number;
}

// ---- behaviours ------------------------------------------------------------
/** One member of the replicated store: applies writes as primary, the primary's stream as replica. */
const Kv = defineBehavior({
  name: 'kv',
  protocol: KvMsg,
  init: (): KvState => ({ data: {}, offset: 0 }),
  receive: (s, msg, ctx) => {
    switch (msg.type) {
      case 'write': {
        if (ctx.role !== 'primary') return s;
        if (msg.key === 'poison') throw new Error(`poisoned write at offset ${s.offset}`);
        const offset = s.offset + 1;
        ctx.reportOffset(offset);
        ctx.tell(ctx.parent as Ref<GroupMsg>, { type: 'replicate', offset, key: msg.key, value: msg.value });
        return { offset, data: { ...s.data, [msg.key]: msg.value } };
      }
      case 'apply':
        if (msg.offset <= s.offset) return s;
        ctx.reportOffset(msg.offset);
        return { offset: msg.offset, data: { ...s.data, [msg.key]: msg.value } };
      case 'offset?':
        ctx.tell(msg.replyTo, s.offset);
        return s;
      case 'sync?':
        ctx.tell(msg.replyTo as Ref<KvMsg>, { type: 'snapshot', offset: s.offset, data: s.data });
        return s;
      case 'snapshot':
        // Full resync (as a Redis replica does after it rejoins): take the primary's state wholesale.
        ctx.reportOffset(msg.offset);
        return msg.offset > s.offset ? { offset: msg.offset, data: msg.data } : s;
    }
  },
  onSignal: (s, signal: Signal, ctx) => {
    if (signal.type === 'promoted') ctx.milestone('promoted', { name: ctx.name, offset: s.offset });
    if (signal.type === 'demoted') {
      ctx.milestone('rejoined-as-replica', { name: ctx.name, resyncFrom: signal.primary.path });
      ctx.tell(signal.primary as Ref<KvMsg>, { type: 'sync?', replyTo: ctx.self });
    }
    return s;
  },
});

/** The replica-group supervisor: routes writes to the primary and streams them to replicas with lag. */
const KvGroup = defineBehavior({
  name: 'kv-group',
  protocol: GroupMsg,
  supervision: { strategy: 'replica-group', maxRestarts: 5, withinMs: 10_000 },
  init: (ctx) => ({
    primary: ctx.spawn(Kv, 'kv-0', { role: 'primary' }),
    members: [ctx.spawn(Kv, 'kv-1'), ctx.spawn(Kv, 'kv-2')],
  }),
  receive: (s, msg, ctx) => {
    if (msg.type === 'write') {
      ctx.tell(s.primary, msg);
      return s;
    }
    // Asynchronous replication: each replica gets the write after a seeded random lag.
    for (const member of ctx.children() as Array<Ref<KvMsg>>) {
      if (member.path === s.primary.path) continue;
      ctx.clock.schedule(() => ctx.tell(member, { type: 'apply', offset: msg.offset, key: msg.key, value: msg.value }), ctx.random.int(5, 400));
    }
    return s;
  },
  onSignal: (s, signal: Signal) => (signal.type === 'primary-changed' ? { ...s, primary: signal.primary as Ref<KvMsg> } : s),
});

const Auditor = defineBehavior({
  name: 'auditor',
  protocol: t.type({ type: t.literal('audit') }),
  init: (ctx) => {
    ctx.timers.startPeriodicTimer('audit', { type: 'audit' }, 300);
    return 0;
  },
  receive: (n) => {
    if (n === 2) throw new Error('auditor lost its database connection');
    return n + 1;
  },
});

const Audits = defineBehavior({
  name: 'audits',
  protocol: t.unknown,
  supervision: { strategy: 'one-for-one', maxRestarts: 10, withinMs: 60_000, backoff: { minMs: 200, maxMs: 2000, jitter: 0.2 } },
  init: (ctx) => ctx.spawn(Auditor, 'auditor', { restart: 'permanent' }),
  receive: (s) => s,
});

const Client = (group: Ref<GroupMsg>) =>
  defineBehavior({
    name: 'client',
    protocol: t.type({ type: t.literal('tick') }),
    init: (ctx) => {
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, 100);
      return 0;
    },
    receive: (n, _msg, ctx) => {
      if (ctx.now() >= 4000) ctx.timers.cancel('tick'); // stop writing; let replication catch up
      const key = ctx.now() === 2500 ? 'poison' : `k${n % 5}`;
      ctx.tell(group, { type: 'write', key, value: n });
      return n + 1;
    },
  });

// ---- run -------------------------------------------------------------------
const dispatcher = createSimDispatcher();
const trace = createMemoryTrace();
const system = createActorSystem({ dispatcher, seed, tracer: createTracer({ sinks: [trace] }) });
const group = system.spawn(KvGroup, 'kv', { node: 'server-1' });
system.spawn(Audits, 'audits', { node: 'server-1' });
system.spawn(Client(group), 'client', { node: 'laptop' });
const wallStart = process.hrtime.bigint();
dispatcher.clock.advanceBy(5000);
const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;

const fmt = (e: TraceEvent): string | undefined => {
  const at = `t=${(e.t / 1000).toFixed(3)}s`.padEnd(10);
  switch (e.kind) {
    case 'crash':
      return `${at} ✗ ${e.actor} crashed: ${e.detail}`;
    case 'restart':
      return `${at} ↻ ${e.actor} restarted by its supervisor (${e.detail})`;
    case 'milestone':
      return `${at} ★ ${e.type} ${JSON.stringify(e.data)}`;
    default:
      return undefined;
  }
};

console.log(`troupe supervised-actors demo — seed ${seed}, 5 s of virtual time in ${wallMs.toFixed(0)} ms of wall time\n`);
for (const e of trace.events()) {
  const line = fmt(e);
  if (line !== undefined) console.log(line);
}
const counts = trace.events().reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.kind]: (acc[e.kind] ?? 0) + 1 }), {});
console.log(`\ntrace: ${trace.events().length} events ${JSON.stringify(counts)}`);
console.log(`dead letters: ${system.deadLetters}`);
const offsets: string[] = [];
for (const name of ['kv-0', 'kv-1', 'kv-2']) {
  const ref = system.find('server-1', `/kv/${name}`) as Ref<KvMsg>;
  const reply = system.ask(ref, (replyTo: Ref<number>) => ({ type: 'offset?' as const, replyTo }), 1000)();
  dispatcher.clock.advanceBy(10);
  const r = await reply;
  offsets.push(`${name}=${E.isRight(r) ? r.right : r.left._tag}`);
}
console.log(`replication offsets after the failover: ${offsets.join(' ')}`);
console.log(`replay this exact run: npx tsx examples/supervised-demo.ts --seed ${seed}`);
await system.shutdown();
