/** Label selectors: the string form (`app=web,tier in (a,b),!canary`) and the structured form, both as requirements. */
import * as E from 'fp-ts/Either';
import type { LabelSelector, StringMap } from './meta.js';

/** One requirement on a label. */
export interface Requirement {
  readonly key: string;
  readonly op: 'in' | 'notin' | 'exists' | '!exists' | '=' | '!=' | 'gt' | 'lt';
  readonly values: ReadonlyArray<string>;
}

/** A parsed selector: requirements ANDed (empty selects everything). */
export type Selector = ReadonlyArray<Requirement>;

/** Selects everything. */
export const everything: Selector = [];

/** Whether `labels` satisfy every requirement. */
export const matches = (selector: Selector, labels: StringMap | undefined): boolean => {
  for (const r of selector) {
    const v = labels?.[r.key];
    switch (r.op) {
      case '=':
        if (v !== r.values[0]) return false;
        break;
      case '!=':
        if (v === r.values[0]) return false;
        break;
      case 'in':
        if (v === undefined || !r.values.includes(v)) return false;
        break;
      case 'notin':
        if (v !== undefined && r.values.includes(v)) return false;
        break;
      case 'exists':
        if (v === undefined) return false;
        break;
      case '!exists':
        if (v !== undefined) return false;
        break;
      case 'gt':
      case 'lt': {
        const n = Number(v);
        const bound = Number(r.values[0]);
        if (v === undefined || !Number.isFinite(n) || (r.op === 'gt' ? !(n > bound) : !(n < bound))) return false;
        break;
      }
    }
  }
  return true;
};

/** Split on commas outside parentheses. */
const splitTerms = (s: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
};

const SET = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQ = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const EXISTS = /^(!?)([^\s!=(),]+)$/;

/**
 * Parse a label selector string (the `labelSelector` query parameter).
 *
 * @example
 * parseLabelSelector('app=web,tier in (fe,be),!canary'); // Right([...3 requirements])
 */
export const parseLabelSelector = (s: string | undefined): E.Either<string, Selector> => {
  if (s === undefined || s.trim() === '') return E.right(everything);
  const out: Requirement[] = [];
  for (const term of splitTerms(s)) {
    let m = SET.exec(term);
    if (m !== null) {
      out.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') });
      continue;
    }
    m = EQ.exec(term);
    if (m !== null) {
      out.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] });
      continue;
    }
    m = EXISTS.exec(term);
    if (m !== null) {
      out.push({ key: m[2], op: m[1] === '!' ? '!exists' : 'exists', values: [] });
      continue;
    }
    return E.left(`unable to parse requirement: '${term}'`);
  }
  return E.right(out);
};

/** The requirements of a structured selector (`matchLabels` + `matchExpressions`). */
export const fromLabelSelector = (s: LabelSelector | undefined): Selector => {
  if (s === undefined) return everything;
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(s.matchLabels ?? {})) out.push({ key, op: '=', values: [value] });
  for (const e of s.matchExpressions ?? []) {
    const op = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!exists';
    out.push({ key: e.key, op, values: e.values ?? [] });
  }
  return out;
};

/** A selector as a string (for the Scale subresource's status.selector and for list requests). */
export const formatSelector = (selector: Selector): string =>
  selector
    .map((r) => {
      switch (r.op) {
        case '=':
        case '!=':
          return `${r.key}${r.op}${r.values[0]}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        case '!exists':
          return `!${r.key}`;
        default:
          return `${r.key} ${r.op} ${r.values[0]}`;
      }
    })
    .join(',');
