import type { ClusterState } from './ClusterState.js';
import { SLOTS, keyHashSlot } from './hashSlot.js';
import type { Keyspace } from './Keyspace.js';
import { Errors, type Reply } from './Reply.js';

/** What a node must do with a command that touches keys. */
export type Route =
  | { readonly kind: 'local'; readonly slot: number }
  | { readonly kind: 'redirect'; readonly reply: Reply };

/** What routing needs to know about the command and its connection. */
export interface RouteRequest {
  readonly keys: ReadonlyArray<string>;
  readonly write: boolean;
  /** The connection sent READONLY. */
  readonly readonly: boolean;
  /** The connection sent ASKING just before (or the command is RESTORE-ASKING). */
  readonly asking: boolean;
}

/**
 * Decide where a keyed command runs (Redis's getNodeByQuery, same checks in
 * the same order): all keys in one slot (else CROSSSLOT); an unassigned slot
 * is `CLUSTERDOWN Hash slot not served`; a cluster in `fail` state answers
 * CLUSTERDOWN; a slot being migrated away answers ASK for missing keys
 * (TRYAGAIN when only some are missing); an importing slot serves ASKING
 * clients; a replica serves reads of its master's slots to READONLY
 * connections; any other node's slot is MOVED.
 *
 * @example
 * routeCommand(cluster, keyspace, now, { keys: ['foo'], write: false, readonly: false, asking: false });
 * // { kind: 'redirect', reply: { kind: 'error', message: 'MOVED 12182 127.0.0.1:30003' } }
 */
export const routeCommand = (cs: ClusterState, keyspace: Keyspace, now: number, req: RouteRequest): Route => {
  const keys = req.keys;
  const slot = keyHashSlot(keys[0]);
  const owner = cs.slots[slot];
  if (owner === undefined) return { kind: 'redirect', reply: Errors.slotUnbound };
  const me = cs.myself;
  // No slot moving (the usual case): no map lookups.
  const migratingTo = owner === me && cs.migrating.size > 0 ? cs.migrating.get(slot) : undefined;
  const importing = migratingTo === undefined && cs.importing.size > 0 && cs.importing.has(slot);
  let multipleKeys = false;
  for (let i = 1; i < keys.length; i++) {
    if (keyHashSlot(keys[i]) !== slot) return { kind: 'redirect', reply: Errors.crossSlot };
    if (importing && keys[i] !== keys[0]) multipleKeys = true;
  }
  let missing = 0;
  let existing = 0;
  if (migratingTo !== undefined || importing) {
    for (const k of keys) {
      if (keyspace.lookup(k, now) === undefined) missing++;
      else existing++;
    }
  }
  if (cs.state !== 'ok') return { kind: 'redirect', reply: Errors.clusterDown };
  if (migratingTo !== undefined && missing > 0) {
    return { kind: 'redirect', reply: existing > 0 ? Errors.tryAgain : Errors.ask(slot, migratingTo.addr) };
  }
  if (importing && req.asking) {
    if (multipleKeys && missing > 0) return { kind: 'redirect', reply: Errors.tryAgain };
    return localRoute(slot);
  }
  if (req.readonly && !req.write && me.isReplica && me.masterId === owner.id) return localRoute(slot);
  if (owner !== me) return { kind: 'redirect', reply: Errors.moved(slot, owner.addr) };
  return localRoute(slot);
};

/** `local` routes are immutable: one per slot, made on first use. */
const LOCAL_ROUTES: Array<Route | undefined> = new Array(SLOTS);
const localRoute = (slot: number): Route => (LOCAL_ROUTES[slot] ??= Object.freeze({ kind: 'local', slot }));
