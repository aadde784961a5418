/** The tag of a message for traces: its `type` field when it has one, else its JS type. */
export const messageType = (message: unknown): string => {
  if (typeof message === 'object' && message !== null) {
    const tag = (message as { type?: unknown }).type;
    if (typeof tag === 'string') return tag;
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
