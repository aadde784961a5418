/** Timestamps: the troupe clock's milliseconds as RFC 3339 strings and back. */

/**
 * RFC 3339 with second precision (metav1.Time), e.g. `1970-01-01T00:00:42Z`.
 *
 * @example
 * formatTime(42_000); // '1970-01-01T00:00:42Z'
 */
export const formatTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** RFC 3339 with microseconds (metav1.MicroTime, used by Lease renewTime). */
export const formatMicroTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** Milliseconds of an RFC 3339 time (NaN when malformed). */
export const parseTime = (s: string | undefined): number => (s === undefined ? Number.NaN : Date.parse(s));
