import { expect } from 'chai';
import { createRealClock, MAX_TIMER_DELAY_MS } from '../../../lib/time/index.js';

describe('RealClock', () => {
  it('should report epoch milliseconds', () => {
    const clock = createRealClock();
    expect(clock.kind).to.equal('real');
    expect(clock.now()).to.be.greaterThan(1_600_000_000_000);
  });

  it('should not fire a timer longer than 2^31 ms at once (host timers wrap)', async () => {
    const clock = createRealClock();
    let fired = false;
    const sub = clock.schedule(() => {
      fired = true;
    }, MAX_TIMER_DELAY_MS * 3);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).to.equal(false);
    sub.unsubscribe();
  });

  it('should fire a zero-delay timer and honour cancellation', async () => {
    const clock = createRealClock();
    const seen: string[] = [];
    clock.schedule(() => seen.push('a'), 0);
    clock.schedule(() => seen.push('b'), 0).unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).to.deep.equal(['a']);
  });
});
