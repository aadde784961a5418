import * as t from 'io-ts';
import { defineBehavior, refCodec, type Ref } from '../../../lib/actor/index.js';

/** Counter protocol used across actor specs. */
export const CounterMsg = t.union([
  t.type({ type: t.literal('inc') }),
  t.type({ type: t.literal('get'), replyTo: refCodec<number>() }),
  t.type({ type: t.literal('boom') }),
  t.type({ type: t.literal('stop') }),
]);
export type CounterMsg = t.TypeOf<typeof CounterMsg>;

/** Counts `inc`, replies to `get`, throws on `boom`, stops itself on `stop`. */
export const Counter = defineBehavior({
  name: 'counter',
  protocol: CounterMsg,
  init: () => 0,
  receive: (n, msg, ctx) => {
    switch (msg.type) {
      case 'inc':
        return n + 1;
      case 'get':
        ctx.tell(msg.replyTo, n);
        return n;
      case 'boom':
        throw new Error(`boom at ${n}`);
      case 'stop':
        ctx.stopSelf();
        return n;
    }
  },
});

/** Collects every number it gets. */
export const Collector = defineBehavior({
  name: 'collector',
  protocol: t.unknown,
  init: () => [] as unknown[],
  receive: (xs, msg) => {
    xs.push(msg);
    return xs;
  },
});

export const getCount = (replyTo: Ref<number>): CounterMsg => ({ type: 'get', replyTo });
