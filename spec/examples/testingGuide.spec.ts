// The example of docs/testing.md (a spec checks that the guide quotes this file verbatim).
import * as chai from 'chai';
import { expect } from 'chai';
import * as t from 'io-ts';
import { defineBehavior, refCodec, type Ref } from '../../lib/actor/index.js';
import { createProbe, itSim, troupeChai } from '../../lib/testkit/index.js';

chai.use(troupeChai);

// The actor under test: a key-value store that replies to reads and writes.
const StoreMsg = t.union([
  t.type({ type: t.literal('put'), key: t.string, value: t.string, replyTo: refCodec<Reply>() }),
  t.type({ type: t.literal('get'), key: t.string, replyTo: refCodec<Reply>() }),
]);
type StoreMsg = t.TypeOf<typeof StoreMsg>;
type Reply = { type: 'ok' } | { type: 'value'; value: string | null };

const Store = defineBehavior({
  name: 'store',
  protocol: StoreMsg,
  init: () => new Map<string, string>(),
  receive: (data, msg, ctx) => {
    if (msg.type === 'put') {
      ctx.tell(msg.replyTo, { type: 'ok' });
      return new Map(data).set(msg.key, msg.value);
    }
    ctx.tell(msg.replyTo, { type: 'value', value: data.get(msg.key) ?? null });
    return data;
  },
});

describe('Store (testing guide example)', () => {
  itSim('should answer a read with the value written before', (sim) => {
    const store = sim.spawn(Store, 'store', { node: 'server' });
    const client = createProbe<Reply>(sim, 'client', { node: 'laptop' });
    sim.tell(store, { type: 'put', key: 'a', value: '1', replyTo: client.ref });
    expect(client.expectMessage(100)).to.deep.equal({ type: 'ok' });
    sim.tell(store, { type: 'get', key: 'a', replyTo: client.ref });
    expect(client.expectMessage(100)).to.deep.equal({ type: 'value', value: '1' });
  }, { seed: 42, simulation: { trace: { memory: true } } });

  itSim('should lose replies across a partition, and answer again after heal', (sim) => {
    const store: Ref<StoreMsg> = sim.spawn(Store, 'store', { node: 'server' });
    const client = createProbe<Reply>(sim, 'client', { node: 'laptop' });
    sim.partition([['server'], ['laptop']]);
    sim.tell(store, { type: 'get', key: 'a', replyTo: client.ref });
    client.expectNoMessage(1_000);
    expect(sim.trace).to.have.dropped({ reason: 'partition', actor: '/client' });
    sim.heal();
    sim.tell(store, { type: 'get', key: 'a', replyTo: client.ref });
    expect(client.expectMessage(100)).to.deep.equal({ type: 'value', value: null });
    expect(sim.trace).to.have.delivered({ type: 'value', actor: '/client', from: '/store' });
  }, { seed: 7, simulation: { trace: { memory: true } } });
});
