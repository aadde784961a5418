/**
 * API errors as tagged values shaped like Kubernetes `Status` objects (kind
 * Status, reason, code, details.causes), so the REST front door can send them
 * as they are.
 */
import * as t from 'io-ts';

/** Why a request failed (metav1.StatusReason). */
export const StatusReason = t.keyof({
  NotFound: null,
  AlreadyExists: null,
  Conflict: null,
  Invalid: null,
  BadRequest: null,
  Forbidden: null,
  Gone: null,
  Expired: null,
  MethodNotAllowed: null,
  InternalError: null,
  Timeout: null,
  ServiceUnavailable: null,
  Unauthorized: null,
  RequestEntityTooLarge: null,
  UnsupportedMediaType: null,
  NotAcceptable: null,
});
export type StatusReason = t.TypeOf<typeof StatusReason>;

/** One cause of an Invalid error: which field, what was wrong. */
export const StatusCause = t.type({ reason: t.string, message: t.string, field: t.string });
export type StatusCause = t.TypeOf<typeof StatusCause>;

/** A failed request's Status. */
export const Status = t.type({
  apiVersion: t.literal('v1'),
  kind: t.literal('Status'),
  metadata: t.partial({}),
  status: t.literal('Failure'),
  message: t.string,
  reason: StatusReason,
  code: t.number,
  details: t.partial({ name: t.string, group: t.string, kind: t.string, uid: t.string, causes: t.array(StatusCause), retryAfterSeconds: t.number }),
});
export type Status = t.TypeOf<typeof Status>;

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  Gone: 410,
  Expired: 410,
  MethodNotAllowed: 405,
  InternalError: 500,
  Timeout: 504,
  ServiceUnavailable: 503,
  Unauthorized: 401,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  NotAcceptable: 406,
};

/** Build a Status of `reason` (the HTTP code follows from it). */
export const status = (reason: StatusReason, message: string, details: Status['details'] = {}): Status => ({
  apiVersion: 'v1',
  kind: 'Status',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code: CODES[reason],
  details,
});

/** `pods "web-1" not found`. */
export const notFound = (resource: string, name: string, group = ''): Status =>
  status('NotFound', `${resourceName(resource, group)} "${name}" not found`, { name, group, kind: resource });

/** `pods "web-1" already exists`. */
export const alreadyExists = (resource: string, name: string, group = ''): Status =>
  status('AlreadyExists', `${resourceName(resource, group)} "${name}" already exists`, { name, group, kind: resource });

/** Optimistic-concurrency failure (resourceVersion mismatch) or a business conflict (pod already bound). */
export const conflict = (resource: string, name: string, why: string, group = ''): Status =>
  status('Conflict', `Operation cannot be fulfilled on ${resourceName(resource, group)} "${name}": ${why}`, { name, group, kind: resource });

/** The object has been modified (resourceVersion mismatch). */
export const staleConflict = (resource: string, name: string, group = ''): Status =>
  conflict(resource, name, 'the object has been modified; please apply your changes to the latest version and try again', group);

/** Validation failed: one cause per bad field. */
export const invalid = (kind: string, name: string, causes: StatusCause[], group = ''): Status =>
  status('Invalid', `${kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`, { name, group, kind, causes });

/** A watch or list from a compacted / too old resourceVersion (410, reason Expired). */
export const expired = (message: string): Status => status('Expired', message);

/** Malformed request. */
export const badRequest = (message: string): Status => status('BadRequest', message);

/** Not allowed (e.g. new content in a terminating namespace). */
export const forbidden = (message: string, details: Status['details'] = {}): Status => status('Forbidden', message, details);

/** The server could not finish (store unavailable, timeouts). */
export const internalError = (message: string): Status => status('InternalError', `Internal error occurred: ${message}`);

/** The request timed out (store or API server unreachable). */
export const serverTimeout = (message: string): Status => status('Timeout', message, { retryAfterSeconds: 1 });

/** A field cause. */
export const cause = (field: string, message: string, reason = 'FieldValueInvalid'): StatusCause => ({ reason, message, field });

/** Whether a Status is of this reason. */
export const isReason = (s: Status, reason: StatusReason): boolean => s.reason === reason;

const resourceName = (resource: string, group: string): string => (group === '' ? resource : `${resource}.${group}`);
