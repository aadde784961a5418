import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PerformanceObserver, performance } from 'node:perf_hooks';

let gcFn: (() => void) | undefined;

/**
 * Run a full garbage collection. Uses `global.gc` when node runs with
 * `--expose-gc`, else exposes it at run time (v8 flag + a fresh context).
 */
export const forceGc = (): void => {
  if (gcFn === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') gcFn = exposed;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  // Twice: the first pass may only queue finalizers (WeakRefs, FinalizationRegistry).
  gcFn();
  gcFn();
};

/** Heap in use after a full collection, in bytes. */
export const settledHeapBytes = (): number => {
  forceGc();
  return process.memoryUsage().heapUsed;
};

/**
 * Measures time spent in garbage-collection pauses (from `perf_hooks` gc
 * entries) between `start()` and `stop()`.
 *
 * @example
 * const gc = createGcMeter();
 * gc.start(); work(); const gcMs = await gc.stop();
 */
export interface GcMeter {
  start(): void;
  /** GC pause time since `start()`, in ms (waits a few event-loop turns for the entries to arrive). */
  stop(): Promise<number>;
  /** Stop observing. */
  close(): void;
}

/** Create a GC meter (one per process is enough). */
export const createGcMeter = (): GcMeter => {
  let from = 0;
  let to = Number.POSITIVE_INFINITY;
  let pending: Array<{ start: number; duration: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pending.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    start() {
      pending = [];
      from = performance.now();
      to = Number.POSITIVE_INFINITY;
    },
    async stop() {
      to = performance.now();
      // GC entries reach observers a few event-loop turns after the pause.
      for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      let ms = 0;
      for (const e of pending) if (e.start >= from && e.start < to) ms += e.duration;
      pending = [];
      return ms;
    },
    close() {
      observer.disconnect();
    },
  };
};
