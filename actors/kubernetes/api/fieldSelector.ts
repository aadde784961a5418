/** Field selectors (`metadata.name=x,spec.nodeName=n1,status.phase!=Running`). */
import * as E from 'fp-ts/Either';

/** One field requirement. */
export interface FieldRequirement {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** A parsed field selector (requirements ANDed). */
export type FieldSelector = ReadonlyArray<FieldRequirement>;

/**
 * Parse a field selector string.
 *
 * @example
 * parseFieldSelector('spec.nodeName=n1'); // Right([{ field: 'spec.nodeName', op: '=', value: 'n1' }])
 */
export const parseFieldSelector = (s: string | undefined): E.Either<string, FieldSelector> => {
  if (s === undefined || s.trim() === '') return E.right([]);
  const out: FieldRequirement[] = [];
  for (const term of s.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
    const m = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m === null) return E.left(`invalid field selector term '${term}'`);
    out.push({ field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] });
  }
  return E.right(out);
};

/** Whether an object's fields (read with `get`) satisfy the selector. */
export const matchesFields = (selector: FieldSelector, get: (field: string) => string | undefined): boolean => {
  for (const r of selector) {
    const v = get(r.field) ?? '';
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
};
