import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/** Custom codecs that are structural too: their guard accepts exactly what they decode to itself (refCodec). */
const structuralCustom = new WeakSet<t.Mixed>();

/** Declare a custom codec structural: a value its `is` accepts, its `decode` returns unchanged. */
export const markStructural = <C extends t.Mixed>(codec: C): C => {
  structuralCustom.add(codec);
  return codec;
};

/** io-ts combinators whose decode returns valid input unchanged (a tuple's guard demands its exact length). */
const STRUCTURAL = [
  t.InterfaceType,
  t.PartialType,
  t.IntersectionType,
  t.UnionType,
  t.ReadonlyType,
  t.ReadonlyArrayType,
  t.ArrayType,
  t.TupleType,
  t.LiteralType,
  t.KeyofType,
  t.StringType,
  t.NumberType,
  t.BooleanType,
  t.NullType,
  t.UndefinedType,
  t.UnknownType,
  t.RecursiveType,
];

/**
 * A record over any string (`t.record(t.string, X)`): structural. A record
 * over listed keys decodes like `t.exact`, dropping the others its guard let
 * through, so it is not.
 */
const isOpenRecord = (c: t.Mixed): boolean =>
  c instanceof t.DictionaryType && !(c.domain instanceof t.KeyofType || c.domain instanceof t.LiteralType || c.domain instanceof t.UnionType);

/**
 * The parts of a codec that are not structural (empty: it is). A structural
 * codec's `decode` returns valid input as it is, so its type guard `is` —
 * which allocates nothing — can stand for decode ({@link decodeStructural}).
 * A codec that transforms (a date from a string, a number from a string) or
 * strips (`t.exact`) is listed by name.
 *
 * @example
 * nonStructuralParts(t.type({ at: DateFromISOString })); // ['DateFromISOString']
 */
export const nonStructuralParts = (codec: t.Mixed): string[] => {
  const seen = new Set<t.Mixed>();
  const found: string[] = [];
  const walk = (c: t.Mixed): void => {
    if (seen.has(c)) return;
    seen.add(c);
    if (structuralCustom.has(c)) return;
    if (!STRUCTURAL.some((k) => c instanceof k) && !isOpenRecord(c)) found.push(c.name);
    const o = c as unknown as { types?: t.Mixed[]; type?: t.Mixed; props?: Record<string, t.Mixed>; codomain?: t.Mixed; domain?: t.Mixed };
    for (const sub of [...(o.types ?? []), o.type, ...Object.values(o.props ?? {}), o.domain, o.codomain]) if (sub !== undefined) walk(sub);
  };
  walk(codec);
  return found;
};

/**
 * Decode `u` with a structural codec (see {@link nonStructuralParts}): its
 * type guard answers the common, valid case without allocating; `decode`
 * runs only when the guard fails, for its error report. Use it where many
 * messages or objects arrive from outside (a bus, an API server's writes).
 *
 * @example
 * decodeStructural(ReplStream, JSON.parse(frame)); // Right(the same object) or Left(errors)
 */
export const decodeStructural = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): E.Either<t.Errors, A> => (codec.is(u) ? E.right(u) : codec.decode(u));
