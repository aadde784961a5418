import { createRequire } from 'node:module';

/** A raw nact actor reference (opaque). */
export interface NactRef {
  readonly path: unknown;
}

/** The part of a raw nact handler context the benches use. */
export interface NactContext {
  readonly self: NactRef;
  readonly sender: NactRef | undefined;
}

/** The raw nact 7 API, as the baselines use it (no troupe layer in between). */
export interface RawNact {
  start(options?: { name: string }): NactRef;
  spawn<S, M>(
    parent: NactRef,
    f: (state: S, message: M, ctx: NactContext) => S | Promise<S>,
    name: string,
    properties?: { initialState?: S },
  ): NactRef;
  dispatch(ref: NactRef, message: unknown, sender?: NactRef): void;
  query<R>(ref: NactRef, makeMessage: (tempRef: NactRef) => unknown, timeoutMs: number): Promise<R>;
  stop(ref: NactRef): void;
}

// nact ships CommonJS whose typings erase message types; the baselines only
// need the five functions above, typed here.
export const nact = createRequire(import.meta.url)('nact') as RawNact;
