import { expect } from 'chai';
import { createRandom } from '../../../../lib/random/index.js';
import { EventRecorder, type ApiClient, type KubeObject } from '../../../../actors/kubernetes/index.js';

/** A recorder writing through a fake client that records its calls, on a clock the spec moves. */
const recorder = () => {
  const writes: Array<{ op: 'create' | 'patch'; name: string; body: Record<string, unknown> }> = [];
  const client = {
    create: (_ctx: unknown, _r: string, _ns: string, body: { metadata: { name: string } }) => writes.push({ op: 'create', name: body.metadata.name, body: body as never }),
    patch: (_ctx: unknown, ref: { name: string }, body: Record<string, unknown>) => writes.push({ op: 'patch', name: ref.name, body }),
  } as unknown as ApiClient;
  let now = 0;
  const ctx = { now: () => now, random: createRandom(1), node: 'master' } as never;
  const rec = new EventRecorder(client, 'controller-manager');
  const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default', uid: 'u1' } };
  return { rec, writes, ctx, rs, at: (ms: number) => (now = ms) };
};

describe('EventRecorder', () => {
  it('should count a repeated event on the Event already written', () => {
    const { rec, writes, ctx, rs } = recorder();
    rec.event(ctx, rs, 'Warning', 'FailedCreate', 'quota exceeded');
    rec.event(ctx, rs, 'Warning', 'FailedCreate', 'quota exceeded');
    expect(writes.map((w) => w.op)).to.deep.equal(['create', 'patch']);
    expect(writes[1]).to.deep.include({ name: writes[0].name });
    expect(writes[1].body.count).to.equal(2);
  });

  it('should combine similar events from the 10th on and let one source write 25 events about one object, then one per 5 minutes (client-go)', () => {
    const { rec, writes, ctx, rs, at } = recorder();
    for (let i = 0; i < 1_000; i++) rec.event(ctx, rs, 'Normal', 'SuccessfulCreate', `Created pod: web-abc-${i}`);
    expect(writes).to.have.length(25);
    expect(writes.slice(0, 9).every((w) => w.op === 'create' && !String(w.body.message).startsWith('(combined'))).to.equal(true);
    expect(writes[9]).to.deep.include({ op: 'create' });
    expect(writes[9].body.message).to.equal('(combined from similar events): Created pod: web-abc-9');
    expect(writes.slice(10).every((w) => w.op === 'patch' && w.name === writes[9].name)).to.equal(true);
    at(299_000);
    rec.event(ctx, rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-abc-1000');
    expect(writes).to.have.length(25);
    at(300_000);
    rec.event(ctx, rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-abc-1001');
    expect(writes).to.have.length(26);
    // Other objects have their own budget.
    rec.event(ctx, { ...rs, metadata: { ...rs.metadata, name: 'other', uid: 'u2' } }, 'Normal', 'SuccessfulCreate', 'Created pod: other-1');
    expect(writes).to.have.length(27);
  });
});
