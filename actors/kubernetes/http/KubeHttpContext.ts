import type { ActorSystem, AnyRef, Ref } from '../../../lib/actor/index.js';
import type { ApiRequest } from '../api/protocol.js';

/** Unknown-field handling (the `fieldValidation` query parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What every request handler of one API front door shares. */
export interface KubeHttpContext {
  readonly system: ActorSystem;
  /** The API server. */
  readonly api: Ref<ApiRequest>;
  /** The node the watch relays run on. */
  readonly httpNode: string;
  /** Bearer token every request must carry (undefined: no authentication). */
  readonly token: string | undefined;
  /** Largest request body; more gets 413. */
  readonly maxBodyBytes: number;
  /** How long a request waits for the API server. */
  readonly requestTimeoutMs: number;
  /** A watch whose client stopped reading is closed past this many unsent bytes. */
  readonly maxBufferedBytes: number;
  /** Default of `fieldValidation` when the request names none. */
  readonly fieldValidation: FieldValidation;
  /** `host:port` as clients reach the server (APIVersions' serverAddress). */
  /** Set once the listener has its port. */
  serverAddress: string;
  /** Counter for watch relay names. */
  watches: number;
  /** Open watch relays (stopped when the server closes). */
  readonly openWatches: Set<AnyRef>;
}
