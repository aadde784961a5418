/**
 * The tag of a message for traces: its `type` field when it has one, else
 * its `kind` or `_tag` (other common discriminants — a Redis reply, an
 * fp-ts value), else its JS type.
 */
export const messageType = (message: unknown): string => {
  if (typeof message === 'object' && message !== null) {
    const m = message as { type?: unknown; kind?: unknown; _tag?: unknown };
    if (typeof m.type === 'string') return m.type;
    if (typeof m.kind === 'string') return m.kind;
    if (typeof m._tag === 'string') return m._tag;
    return Array.isArray(message) ? 'array' : 'object';
  }
  return typeof message;
};

/** A one-line description of a thrown value. */
export const describeError = (err: unknown): string => {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  try {
    return `non-error thrown: ${JSON.stringify(err)}`;
  } catch {
    return `non-error thrown: ${String(err)}`;
  }
};
