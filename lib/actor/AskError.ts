import type { RefData } from './Ref.js';

/** No reply arrived within the timeout (on the troupe clock). */
export interface AskTimeout {
  readonly _tag: 'AskTimeout';
  readonly target: RefData;
  readonly timeoutMs: number;
}

/** The target was not alive when asked, or terminated before replying. */
export interface AskDeadTarget {
  readonly _tag: 'AskDeadTarget';
  readonly target: RefData;
}

/** Why an ask got no reply. */
export type AskError = AskTimeout | AskDeadTarget;

/** Build an AskTimeout. */
export const askTimeout = (target: RefData, timeoutMs: number): AskTimeout => ({ _tag: 'AskTimeout', target, timeoutMs });
/** Build an AskDeadTarget. */
export const askDeadTarget = (target: RefData): AskDeadTarget => ({ _tag: 'AskDeadTarget', target });
