import { createActorSystem, type ActorSystem, type ActorSystemOptions } from '../../lib/actor/index.js';
import { createSimDispatcher } from '../../lib/sim/index.js';
import type { VirtualClock } from '../../lib/time/index.js';
import { createMemoryTrace, createTracer, type MemoryTrace } from '../../lib/trace/index.js';

/** An actor system on the simulation dispatcher, with an in-memory trace. */
export const simSystem = (
  seed = 1,
  options: Omit<ActorSystemOptions, 'dispatcher' | 'seed' | 'tracer'> = {},
): { system: ActorSystem; clock: VirtualClock; trace: MemoryTrace; run: (maxMs?: number) => void } => {
  const dispatcher = createSimDispatcher();
  const trace = createMemoryTrace();
  const system = createActorSystem({ ...options, dispatcher, seed, tracer: createTracer({ sinks: [trace] }) });
  const clock = dispatcher.clock;
  const run = (maxMs = 60_000): void => {
    clock.advanceBy(maxMs);
  };
  return { system, clock, trace, run };
};

/** Wait for the event loop to go idle for a moment (nact delivers one message per turn). */
export const settle = async (turns = 50): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};
