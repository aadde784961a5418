import type * as t from 'io-ts';

const show = (value: unknown): string => {
  let s: string;
  try {
    s = value === undefined ? 'undefined' : JSON.stringify(value);
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

/** `replyTo`, `items.3.name`: the keys of a validation error's context, without union branch indexes. */
const pathOf = (error: t.ValidationError): string[] => {
  const keys: string[] = [];
  const ctx = error.context;
  for (let i = 1; i < ctx.length; i++) {
    const parent = ctx[i - 1].type as { _tag?: string };
    // Union and intersection members are indexed by position: not part of the data path.
    if (parent._tag === 'UnionType' || parent._tag === 'IntersectionType') continue;
    keys.push(ctx[i].key);
  }
  return keys;
};

/**
 * A readable report of an io-ts decoding failure, one clause per error:
 * `at replyTo: expected Ref, got "x"`. For tagged unions, errors that only say
 * "the tag did not match this branch" are left out when some branch matched
 * the tag, so the report names the field that is actually wrong.
 */
export const reportDecodeErrors = (errors: t.Errors): string => {
  const entries = errors.map((e) => {
    const path = pathOf(e);
    const expected = e.context[e.context.length - 1]?.type.name ?? 'unknown';
    return { path, text: `at ${path.length === 0 ? '(root)' : path.join('.')}: ${e.message ?? `expected ${expected}`}, got ${show(e.value)}` };
  });
  const tagMismatch = (p: string[]): boolean => p.length === 1 && p[0] === 'type';
  const informative = entries.some((e) => !tagMismatch(e.path)) ? entries.filter((e) => !tagMismatch(e.path)) : entries;
  return [...new Set(informative.map((e) => e.text))].join('; ');
};
