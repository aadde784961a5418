import { commandNameOf } from '../commandTable.js';
import type { Reply } from '../Reply.js';
import { mapReply, verbatim, wireArray, type WireReply } from './WireReply.js';

/** Turn a flat `[k1, v1, k2, v2…]` array into a map, upgrading values with `value`. */
const pairs = (items: ReadonlyArray<Reply>, value: (v: Reply) => WireReply = (v) => v): WireReply => {
  const entries: Array<readonly [WireReply, WireReply]> = [];
  for (let i = 0; i + 1 < items.length; i += 2) entries.push([items[i], value(items[i + 1])]);
  return mapReply(entries);
};

const itemsOf = (r: Reply): ReadonlyArray<Reply> | undefined => (r.kind === 'array' && r.items !== null ? r.items : undefined);

/** CLUSTER SLOTS: the last element of each node entry (its metadata) is a map in RESP3. */
const clusterSlots = (r: Reply): WireReply => {
  const ranges = itemsOf(r);
  if (ranges === undefined) return r;
  return wireArray(
    ranges.map((range) => {
      const items = itemsOf(range);
      if (items === undefined) return range;
      return wireArray(items.map((item, i) => {
        const node = i >= 2 ? itemsOf(item) : undefined;
        if (node === undefined || node.length < 4) return item;
        return wireArray(node.map((field, j) => (j === 3 ? pairs(itemsOf(field) ?? []) : field)));
      }));
    }),
  );
};

/** CLUSTER SHARDS: every shard and every node of a shard is a map in RESP3. */
const clusterShards = (r: Reply): WireReply => {
  const shards = itemsOf(r);
  if (shards === undefined) return r;
  return wireArray(
    shards.map((shard) =>
      pairs(itemsOf(shard) ?? [], (v) => {
        const nodes = itemsOf(v);
        if (nodes === undefined || nodes.length === 0 || itemsOf(nodes[0]) === undefined || itemsOf(nodes[0])!.length === 0 || itemsOf(nodes[0])![0].kind !== 'bulk') return v;
        return wireArray(nodes.map((n) => pairs(itemsOf(n) ?? [])));
      }),
    ),
  );
};

const asVerbatim = (r: Reply): WireReply => (r.kind === 'bulk' && r.value !== null ? verbatim(r.value) : r);

/**
 * A node answers in RESP2 shapes; a RESP3 connection gets what Redis sends
 * it for the same command: verbatim strings for INFO, CLUSTER INFO and
 * CLUSTER NODES, maps for HGETALL, CLUSTER SHARDS and the metadata of
 * CLUSTER SLOTS nodes. Errors pass through. Undefined when the command's
 * reply is the same in both protocols.
 *
 * @example
 * resp3Shape(['INFO']); // a function turning the bulk string into a verbatim string
 */
export const resp3Shape = (argv: ReadonlyArray<string>): ((r: Reply) => WireReply) | undefined => {
  const name = commandNameOf(argv[0]);
  if (name === 'info') return asVerbatim;
  if (name === 'config' && argv.length > 1 && argv[1].toLowerCase() === 'get') return (r) => (r.kind === 'array' && r.items !== null ? pairs(r.items) : r);
  if (name === 'hgetall') return (r) => (r.kind === 'array' && r.items !== null ? pairs(r.items) : r);
  if (name === 'cluster' && argv.length > 1) {
    const sub = argv[1].toLowerCase();
    if (sub === 'info' || sub === 'nodes') return asVerbatim;
    if (sub === 'slots') return clusterSlots;
    if (sub === 'shards') return clusterShards;
  }
  return undefined;
};
