/** Timestamps: the troupe clock's milliseconds as RFC 3339 strings and back. */

/**
 * RFC 3339 with second precision (metav1.Time), e.g. `1970-01-01T00:00:42Z`.
 *
 * @example
 * formatTime(42_000); // '1970-01-01T00:00:42Z'
 */
export const formatTime = (ms: number): string => {
  const second = Math.floor(ms / 1000);
  // Many objects are stamped within one second of troupe time: format each second once.
  if (second !== lastSecond) {
    lastSecond = second;
    lastFormatted = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastFormatted;
};
let lastSecond = Number.NaN;
let lastFormatted = '';

/** RFC 3339 with microseconds (metav1.MicroTime, used by Lease renewTime). */
export const formatMicroTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** Milliseconds of an RFC 3339 time (NaN when malformed). */
export const parseTime = (s: string | undefined): number => (s === undefined ? Number.NaN : Date.parse(s));

/**
 * RFC 3339 with up to nanoseconds and trailing zeros trimmed (Go's
 * `time.RFC3339Nano`, what `kubectl logs --timestamps` prints).
 *
 * @example
 * formatNanoTime(1_500); // '1970-01-01T00:00:01.5Z'
 */
export const formatNanoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac === '' ? 'Z' : `.${frac}Z`));
