/**
 * Measure elapsed wall time (for reports and benchmarks only — never for
 * simulation logic, which must use the troupe clock).
 *
 * @example
 * const elapsed = stopwatch();
 * run();
 * console.log(`${elapsed().toFixed(1)} ms`);
 */
export const stopwatch = (): (() => number) => {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e6;
};
