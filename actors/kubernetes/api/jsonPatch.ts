/**
 * JSON patch (RFC 6902, `application/json-patch+json`, `kubectl patch --type json`):
 * a list of add / remove / replace / move / copy / test operations on JSON
 * pointers (RFC 6901). As the API server answers: a patch that is not a list of
 * well-formed operations is a 400 BadRequest; an operation that does not apply
 * (missing path, index out of range, failed test) is a 422 Invalid.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { deepEqual } from './mergePatch.js';
import { badRequest, cause, status, type Status } from './Status.js';

/** One JSON patch operation as sent (`value` for add/replace/test, `from` for move/copy). */
export const JsonPatchOperation = t.intersection([
  t.type({ op: t.keyof({ add: null, remove: null, replace: null, move: null, copy: null, test: null }), path: t.string }),
  t.partial({ from: t.string, value: t.unknown }),
]);
export type JsonPatchOperation = t.TypeOf<typeof JsonPatchOperation>;

/**
 * Apply a JSON patch to a document. Returns a new document; the input is
 * untouched. Operations apply in order and all-or-nothing.
 *
 * @example
 * jsonPatch({ spec: { replicas: 1 } }, [{ op: 'replace', path: '/spec/replicas', value: 3 }]); // right({ spec: { replicas: 3 } })
 */
export const jsonPatch = (document: unknown, patch: unknown): E.Either<Status, unknown> => {
  const ops = decodeOperations(patch);
  if (E.isLeft(ops)) return ops;
  let doc: unknown = structuredClone(document);
  for (const op of ops.right) {
    const next = applyOperation(doc, op);
    if (E.isLeft(next)) return next;
    doc = next.right;
  }
  return E.right(doc);
};

/** A decoded operation with its pointers parsed. */
interface Op {
  readonly op: JsonPatchOperation['op'];
  readonly path: string;
  readonly tokens: string[];
  readonly from?: { readonly pointer: string; readonly tokens: string[] };
  readonly value?: unknown;
}

const decodeOperations = (patch: unknown): E.Either<Status, Op[]> => {
  if (!Array.isArray(patch)) return E.left(badRequest('json patch must be a JSON array of operations'));
  const out: Op[] = [];
  for (const [i, raw] of patch.entries()) {
    const decoded = JsonPatchOperation.decode(raw);
    if (E.isLeft(decoded)) return E.left(badRequest(`json patch operation ${i} is malformed: ${JSON.stringify(raw)} (needs op add|remove|replace|move|copy|test and a string path)`));
    const o = decoded.right;
    const tokens = parsePointer(o.path);
    if (tokens === undefined) return E.left(badRequest(`json patch operation ${i}: invalid JSON pointer ${JSON.stringify(o.path)}`));
    const needsValue = o.op === 'add' || o.op === 'replace' || o.op === 'test';
    if (needsValue && !Object.prototype.hasOwnProperty.call(raw, 'value')) return E.left(badRequest(`json patch operation ${i} (${o.op} ${o.path}) is missing value`));
    let from: Op['from'];
    if (o.op === 'move' || o.op === 'copy') {
      if (o.from === undefined) return E.left(badRequest(`json patch operation ${i} (${o.op} ${o.path}) is missing from`));
      const fromTokens = parsePointer(o.from);
      if (fromTokens === undefined) return E.left(badRequest(`json patch operation ${i}: invalid JSON pointer ${JSON.stringify(o.from)}`));
      from = { pointer: o.from, tokens: fromTokens };
    }
    out.push({ op: o.op, path: o.path, tokens, ...(from === undefined ? {} : { from }), ...(needsValue ? { value: o.value } : {}) });
  }
  return E.right(out);
};

/** RFC 6901: `''` is the whole document; `/a~1b/~0c` is the keys `a/b`, `~c`. Undefined when malformed. */
export const parsePointer = (pointer: string): string[] | undefined => {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointer.slice(1).split('/');
  if (tokens.some((tok) => /~(?![01])/.test(tok))) return undefined;
  return tokens.map((tok) => tok.replace(/~1/g, '/').replace(/~0/g, '~'));
};

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** 422 Invalid, the API server's answer to a patch that does not apply. */
const notApplicable = (op: Op, why: string): Status =>
  status('Invalid', `the server rejected our request due to an error in our request: ${op.op} operation does not apply: ${why}`, { causes: [cause(op.path, why, 'FieldValueInvalid')] });

/** The array index a token names (`-` is one past the end); undefined when not a valid index. */
const arrayIndex = (token: string, length: number, allowEnd: boolean): number | undefined => {
  if (token === '-') return allowEnd ? length : undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < length || (allowEnd && i === length) ? i : undefined;
};

/** The value at `tokens`, or undefined with found=false. */
const get = (doc: unknown, tokens: string[]): { found: boolean; value?: unknown } => {
  let cur: unknown = doc;
  for (const tok of tokens) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(tok, cur.length, false);
      if (i === undefined) return { found: false };
      cur = cur[i];
    } else if (isContainer(cur) && Object.prototype.hasOwnProperty.call(cur, tok)) {
      cur = (cur as Record<string, unknown>)[tok];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: cur };
};

/** The container holding the last token, or a reason it is missing. */
const parentOf = (doc: unknown, tokens: string[]): E.Either<string, Container> => {
  const parent = get(doc, tokens.slice(0, -1));
  if (!parent.found) return E.left(`missing path ${pointerOf(tokens.slice(0, -1))}`);
  if (!isContainer(parent.value)) return E.left(`${pointerOf(tokens.slice(0, -1))} is not an object or array`);
  return E.right(parent.value);
};

const pointerOf = (tokens: string[]): string => tokens.map((tok) => `/${tok.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const add = (doc: unknown, tokens: string[], value: unknown): E.Either<string, unknown> => {
  if (tokens.length === 0) return E.right(value);
  const parent = parentOf(doc, tokens);
  if (E.isLeft(parent)) return parent;
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent.right)) {
    const i = arrayIndex(last, parent.right.length, true);
    if (i === undefined) return E.left(`index ${last} is out of range for ${pointerOf(tokens.slice(0, -1))}`);
    parent.right.splice(i, 0, value);
  } else {
    // An own data property even for `__proto__` (plain assignment would change the prototype).
    Object.defineProperty(parent.right, last, { value, writable: true, enumerable: true, configurable: true });
  }
  return E.right(doc);
};

const remove = (doc: unknown, tokens: string[]): E.Either<string, unknown> => {
  if (tokens.length === 0) return E.left('cannot remove the whole document');
  const parent = parentOf(doc, tokens);
  if (E.isLeft(parent)) return parent;
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent.right)) {
    const i = arrayIndex(last, parent.right.length, false);
    if (i === undefined) return E.left(`index ${last} is out of range for ${pointerOf(tokens.slice(0, -1))}`);
    parent.right.splice(i, 1);
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent.right, last)) return E.left(`missing key ${pointerOf(tokens)}`);
    delete parent.right[last];
  }
  return E.right(doc);
};

const applyOperation = (doc: unknown, op: Op): E.Either<Status, unknown> => {
  const fail = (why: string): E.Either<Status, unknown> => E.left(notApplicable(op, why));
  const lift = (r: E.Either<string, unknown>): E.Either<Status, unknown> => (E.isLeft(r) ? fail(r.left) : r);
  switch (op.op) {
    case 'add':
      return lift(add(doc, op.tokens, structuredClone(op.value)));
    case 'remove':
      return lift(remove(doc, op.tokens));
    case 'replace': {
      if (!get(doc, op.tokens).found) return fail(`missing path ${op.path}`);
      if (op.tokens.length === 0) return E.right(structuredClone(op.value));
      const removed = remove(doc, op.tokens);
      return lift(E.isLeft(removed) ? removed : add(removed.right, op.tokens, structuredClone(op.value)));
    }
    case 'test': {
      const target = get(doc, op.tokens);
      if (!target.found) return fail(`missing path ${op.path}`);
      return deepEqual(target.value, op.value) ? E.right(doc) : fail(`testing value ${op.path} failed: test failed`);
    }
    case 'move':
    case 'copy': {
      const from = op.from!;
      const source = get(doc, from.tokens);
      if (!source.found) return fail(`missing path ${from.pointer}`);
      if (op.op === 'copy') return lift(add(doc, op.tokens, structuredClone(source.value)));
      if (from.pointer === op.path) return E.right(doc);
      if (op.path.startsWith(`${from.pointer}/`)) return fail(`cannot move ${from.pointer} into its own child ${op.path}`);
      const removed = remove(doc, from.tokens);
      return lift(E.isLeft(removed) ? removed : add(removed.right, op.tokens, source.value));
    }
  }
};
