import { expect } from 'chai';
import { podInfoOf, SchedulingQueue, type Pod } from '../../../../actors/kubernetes/index.js';

const pod = (name: string, priority = 0): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'd', uid: name },
  spec: { priority, containers: [{ name: 'c', image: 'i' }] },
});

describe('SchedulingQueue', () => {
  it('should pop by priority, then by queue time', () => {
    const q = new SchedulingQueue();
    q.add(podInfoOf(pod('low', 1)), 0);
    q.add(podInfoOf(pod('high', 9)), 1);
    q.add(podInfoOf(pod('low2', 1)), 2);
    expect([q.pop(), q.pop(), q.pop()].map((x) => x?.podInfo.key)).to.deep.equal(['d/high', 'd/low', 'd/low2']);
  });

  it('should park unschedulable pods until a cluster event, then retry them after their backoff', () => {
    const q = new SchedulingQueue({ initialBackoffMs: 1_000, maxBackoffMs: 4_000 });
    q.add(podInfoOf(pod('p')), 0);
    const first = q.pop()!;
    q.addUnschedulable(first, q.schedulingCycle, ['NodeResourcesFit'], 0);
    expect(q.stats()).to.deep.equal({ active: 0, backoff: 0, unschedulable: 1 });
    q.flushBackoff(60_000);
    expect(q.activeCount).to.equal(0);
    q.moveAllToActiveOrBackoff(500);
    expect(q.stats()).to.deep.equal({ active: 0, backoff: 1, unschedulable: 0 });
    q.flushBackoff(1_000);
    expect(q.activeCount).to.equal(1);
  });

  it('should double the backoff per attempt up to the maximum', () => {
    const q = new SchedulingQueue({ initialBackoffMs: 1_000, maxBackoffMs: 4_000 });
    q.add(podInfoOf(pod('p')), 0);
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 4; i++) {
      const x = q.pop()!;
      q.addBackoff(x, now);
      waits.push(x.backoffUntilMs - now);
      now = x.backoffUntilMs;
      q.flushBackoff(now);
    }
    expect(waits).to.deep.equal([1_000, 2_000, 4_000, 4_000]);
  });

  it('should send a pod to backoff, not the parking lot, when an event arrived during its cycle', () => {
    const q = new SchedulingQueue();
    q.add(podInfoOf(pod('p')), 0);
    const x = q.pop()!;
    const cycle = q.schedulingCycle;
    q.moveAllToActiveOrBackoff(0);
    q.addUnschedulable(x, cycle, [], 0);
    expect(q.stats().backoff).to.equal(1);
  });
});
