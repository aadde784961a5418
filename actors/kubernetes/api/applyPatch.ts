/**
 * The three patch formats a PATCH request may carry, chosen by its
 * Content-Type, and one entry point that applies any of them.
 */
import * as E from 'fp-ts/Either';
import { jsonPatch } from './jsonPatch.js';
import { mergePatch } from './mergePatch.js';
import { badRequest, type Status } from './Status.js';
import { strategicMergePatch } from './strategicMergePatch.js';

/** JSON merge patch (RFC 7386), strategic merge patch, or JSON patch (RFC 6902). */
export type PatchType = 'merge' | 'strategic' | 'json';

const CONTENT_TYPES: Readonly<Record<string, PatchType>> = {
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
};

/**
 * The patch type of a request's Content-Type (parameters such as
 * `; charset=utf-8` ignored, case-insensitive). Undefined for anything else —
 * server-side apply's `application/apply-patch+yaml` included — which the front
 * door answers with 415 UnsupportedMediaType.
 *
 * @example
 * patchTypeOfContentType('application/strategic-merge-patch+json; charset=utf-8'); // 'strategic'
 */
export const patchTypeOfContentType = (contentType: string): PatchType | undefined =>
  CONTENT_TYPES[contentType.split(';')[0].trim().toLowerCase()];

/**
 * Apply a patch of `patchType` to `original`, an object of `kind` (the kind
 * picks the strategic merge patch schema). Returns the patched object or a
 * Status: 400 BadRequest for a malformed patch, 422 Invalid for a JSON patch
 * operation that does not apply. Inputs are untouched.
 *
 * @example
 * applyPatch('merge', 'Deployment', deployment, { spec: { replicas: 3 } });
 */
export const applyPatch = (patchType: PatchType, kind: string, original: unknown, patch: unknown): E.Either<Status, unknown> => {
  switch (patchType) {
    case 'merge':
      // An API object is a JSON object: a merge patch that would replace it with a scalar or list is refused.
      return typeof patch === 'object' && patch !== null && !Array.isArray(patch)
        ? E.right(mergePatch(original, patch))
        : E.left(badRequest('merge patch must be a JSON object'));
    case 'strategic':
      return strategicMergePatch(kind, original, patch);
    case 'json':
      return jsonPatch(original, patch);
  }
};
