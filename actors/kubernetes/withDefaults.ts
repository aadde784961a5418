/**
 * Options over defaults, ignoring options that are present but `undefined`
 * (a plain spread would let `{ x: undefined }` erase a default).
 *
 * @example
 * withDefaults({ a: 1, b: 2 }, { a: undefined, b: 3 }); // { a: 1, b: 3 }
 */
export const withDefaults = <D extends object, O extends object>(defaults: D, options: O): D & O => {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as D & O;
};
