/** JSON merge patch (RFC 7386) and a structural equality used to detect spec changes. */

import { isRecord as isObject } from './meta.js';

/**
 * Apply a JSON merge patch: objects merge recursively, `null` deletes a key,
 * anything else (arrays included) replaces. Returns a new value; inputs are untouched.
 *
 * @example
 * mergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: 3 } }); // { a: 1, b: { d: 3 } }
 */
export const mergePatch = (target: unknown, patch: unknown): unknown => {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
};

/** Structural equality of JSON-like values (undefined fields count as absent). */
export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k in ra) if (ra[k] !== undefined && !deepEqual(ra[k], rb[k])) return false;
  for (const k in rb) if (rb[k] !== undefined && ra[k] === undefined) return false;
  return true;
};
