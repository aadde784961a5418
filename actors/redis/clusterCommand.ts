import { NodeFlags } from './busProtocol.js';
import { broadcastPong, sendPing, setMyMaster } from './clusterBus.js';
import { clusterInfoText, clusterNodesText, clusterShardsReply, clusterSlotsReply } from './clusterReplies.js';
import { ClusterNode } from './ClusterState.js';
import { parseInteger } from './CommandSpec.js';
import { startManualFailover } from './failover.js';
import { SLOTS, keyHashSlot } from './hashSlot.js';
import type { RedisServer } from './RedisServer.js';
import { Errors, OK, bulk, bulkArray, error, integer, type Reply } from './Reply.js';
import { formatSlotRanges, slotRangesFrom } from './SlotRanges.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

const parseSlot = (s: string): number | undefined => {
  const n = parseInteger(s);
  return n === undefined || n < 0 || n >= SLOTS ? undefined : n;
};

const INVALID_SLOT = error('ERR Invalid or out of range slot');

/** CLUSTER ADDSLOTS / DELSLOTS / ADDSLOTSRANGE: change the slots I serve. */
const changeSlots = (server: RedisServer, slots: number[], add: boolean): Reply => {
  const cs = server.cluster;
  for (const s of slots) {
    if (add && cs.slots[s] !== undefined) return error(`ERR Slot ${s} is already busy`);
    if (!add && cs.slots[s] === undefined) return error(`ERR Slot ${s} is already unassigned`);
  }
  if (new Set(slots).size !== slots.length) return error(`ERR Slot ${slots.find((s, i) => slots.indexOf(s) !== i)} specified multiple times`);
  for (const s of slots) {
    if (add) {
      cs.importing.delete(s);
      cs.addSlot(cs.myself, s);
    } else cs.delSlot(s);
  }
  if (add) server.milestone('slot-owner-changed', { node: cs.myself.id, previous: null, slots: formatSlotRanges(slotRangesFrom(slots)), configEpoch: cs.myself.configEpoch });
  return OK;
};

/** CLUSTER SETSLOT slot IMPORTING|MIGRATING|STABLE|NODE [node-id]. */
const setSlot = (server: RedisServer, argv: ReadonlyArray<string>): Reply => {
  const cs = server.cluster;
  const me = cs.myself;
  if (me.isReplica) return error('ERR Please use SETSLOT only with masters.');
  const slot = parseSlot(argv[2] ?? '');
  if (slot === undefined) return INVALID_SLOT;
  const action = (argv[3] ?? '').toUpperCase();
  const target = argv[4] === undefined ? undefined : cs.nodes.get(argv[4]);
  switch (action) {
    case 'MIGRATING':
      if (argv.length !== 5) return Errors.syntax;
      if (cs.slots[slot] !== me) return error(`ERR I'm not the owner of hash slot ${slot}`);
      if (target === undefined) return error(`ERR I don't know about node ${argv[4]}`);
      if (target.isReplica) return error('ERR Target node is not a master');
      cs.migrating.set(slot, target);
      break;
    case 'IMPORTING':
      if (argv.length !== 5) return Errors.syntax;
      if (cs.slots[slot] === me) return error(`ERR I'm already the owner of hash slot ${slot}`);
      if (target === undefined) return error(`ERR I don't know about node ${argv[4]}`);
      if (target.isReplica) return error('ERR Target node is not a master');
      cs.importing.set(slot, target);
      break;
    case 'STABLE':
      cs.migrating.delete(slot);
      cs.importing.delete(slot);
      break;
    case 'NODE': {
      if (argv.length !== 5) return Errors.syntax;
      if (target === undefined) return error(`ERR Unknown node ${argv[4]}`);
      if (target.isReplica) return error('ERR Target node is not a master');
      if (cs.slots[slot] === me && target !== me && server.keyspace.countInSlot(slot) > 0) {
        return error(`ERR Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.`);
      }
      if (cs.migrating.has(slot) && target !== me) cs.migrating.delete(slot);
      const previous = cs.slots[slot];
      let bumped = false;
      if (cs.importing.has(slot) && target === me) {
        cs.importing.delete(slot);
        bumped = cs.bumpConfigEpochWithoutConsensus();
      }
      cs.delSlot(slot);
      cs.addSlot(target, slot);
      if (target === me && previous !== me) {
        server.milestone('slot-owner-changed', { node: me.id, previous: previous?.id ?? null, slots: [String(slot)], configEpoch: me.configEpoch });
      }
      if (bumped) broadcastPong(server);
      break;
    }
    default:
      return error('ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP');
  }
  cs.configDirty = true;
  cs.stateDirty = true;
  return OK;
};

/** CLUSTER MEET ip port: start a handshake with a node known only by address. */
const meet = (server: RedisServer, argv: ReadonlyArray<string>): Reply => {
  if (argv.length < 4) return Errors.arity('cluster|meet');
  const port = parseInteger(argv[3]);
  if (port === undefined || port <= 0 || port > 65535) return error(`ERR Invalid base port specified: ${argv[3]}`);
  const addr = `${argv[2]}:${port}`;
  const cs = server.cluster;
  if (addr === server.opts.addr || cs.list.some((n) => n.addr === addr && (n.flags & Flags.HANDSHAKE) !== 0)) return OK;
  if (server.opts.directory.resolve(addr) === undefined) return error(`ERR Invalid node address specified: ${addr}`);
  const n = new ClusterNode(server.randomId(), addr, Flags.HANDSHAKE | Flags.MEET, server.now());
  cs.addNode(n);
  sendPing(server, n, 'bus-meet');
  return OK;
};

/** CLUSTER REPLICATE node-id: become a replica of that master. */
const replicate = (server: RedisServer, id: string): Reply => {
  const cs = server.cluster;
  const n = cs.nodes.get(id);
  if (n === undefined) return error(`ERR Unknown node ${id}`);
  if (n === cs.myself) return error("ERR Can't replicate myself");
  if (n.isReplica) return error('ERR I can only replicate a master, not a replica.');
  if (cs.myself.isMaster && (cs.myself.numSlots !== 0 || server.keyspace.size !== 0)) {
    return error('ERR To set a master the node must be empty and without assigned slots.');
  }
  setMyMaster(server, n);
  return OK;
};

/**
 * CLUSTER RESET [SOFT|HARD] (Redis's clusterReset): a master must hold no
 * keys; a replica turns into an empty master; every slot is released and
 * every other node forgotten; HARD also zeroes the epochs and draws a new id.
 */
const reset = (server: RedisServer, hard: boolean): Reply => {
  const cs = server.cluster;
  const me = cs.myself;
  if (me.isMaster && server.keyspace.size !== 0) return error("ERR CLUSTER RESET can't be called with master nodes containing keys");
  if (me.isReplica) {
    cs.setNodeAsMaster(me);
    server.repl.becomeMaster();
    server.keyspace.flush();
  }
  cs.migrating.clear();
  cs.importing.clear();
  for (let s = 0; s < SLOTS; s++) if (cs.slots[s] !== undefined) cs.delSlot(s);
  for (const n of [...cs.list]) if (n !== me) cs.deleteNode(n);
  if (hard) {
    cs.currentEpoch = 0;
    cs.lastVoteEpoch = 0;
    me.configEpoch = 0;
    cs.renameNode(me, server.randomId());
  }
  server.invalidateHeader();
  cs.configDirty = true;
  cs.stateDirty = true;
  server.milestone('cluster-reset', { node: me.id, hard });
  return OK;
};

/**
 * CLUSTER subcommands: INFO, MYID, NODES, SLOTS, SHARDS, KEYSLOT,
 * COUNTKEYSINSLOT, GETKEYSINSLOT, MEET, ADDSLOTS, ADDSLOTSRANGE, DELSLOTS,
 * SETSLOT, REPLICATE, FAILOVER [FORCE|TAKEOVER], SET-CONFIG-EPOCH,
 * COUNT-FAILURE-REPORTS, REPLICAS, RESET.
 */
export const clusterCommand = (server: RedisServer, argv: ReadonlyArray<string>): Reply => {
  if (argv.length < 2) return Errors.arity('cluster');
  const cs = server.cluster;
  const sub = argv[1].toUpperCase();
  switch (sub) {
    case 'INFO':
      return bulk(clusterInfoText(server));
    case 'MYID':
      return bulk(cs.myself.id);
    case 'NODES':
      return bulk(clusterNodesText(server));
    case 'SLOTS':
      return clusterSlotsReply(server);
    case 'SHARDS':
      return clusterShardsReply(server);
    case 'KEYSLOT':
      return argv.length === 3 ? integer(keyHashSlot(argv[2])) : Errors.arity('cluster|keyslot');
    case 'COUNTKEYSINSLOT': {
      if (argv.length !== 3) return Errors.arity('cluster|countkeysinslot');
      const slot = parseSlot(argv[2]);
      return slot === undefined ? error('ERR Invalid slot') : integer(server.keyspace.countInSlot(slot));
    }
    case 'GETKEYSINSLOT': {
      if (argv.length !== 4) return Errors.arity('cluster|getkeysinslot');
      const slot = parseSlot(argv[2]);
      const count = parseInteger(argv[3]);
      if (count === undefined || count < 0) return error('ERR Invalid number of keys');
      return slot === undefined ? error('ERR Invalid slot') : bulkArray(server.keyspace.keysInSlot(slot, count));
    }
    case 'MEET':
      return meet(server, argv);
    case 'ADDSLOTS':
    case 'DELSLOTS': {
      if (argv.length < 3) return Errors.arity(`cluster|${sub.toLowerCase()}`);
      const slots = argv.slice(2).map(parseSlot);
      if (slots.some((s) => s === undefined)) return INVALID_SLOT;
      return changeSlots(server, slots as number[], sub === 'ADDSLOTS');
    }
    case 'ADDSLOTSRANGE': {
      if (argv.length < 4 || argv.length % 2 !== 0) return Errors.arity('cluster|addslotsrange');
      const slots: number[] = [];
      for (let i = 2; i < argv.length; i += 2) {
        const a = parseSlot(argv[i]);
        const b = parseSlot(argv[i + 1]);
        if (a === undefined || b === undefined) return INVALID_SLOT;
        if (b < a) return error(`ERR start slot number ${a} is greater than end slot number ${b}`);
        for (let s = a; s <= b; s++) slots.push(s);
      }
      return changeSlots(server, slots, true);
    }
    case 'SETSLOT':
      return setSlot(server, argv);
    case 'REPLICATE':
      return argv.length === 3 ? replicate(server, argv[2]) : Errors.arity('cluster|replicate');
    case 'FAILOVER': {
      const mode = (argv[2] ?? '').toUpperCase();
      if (argv.length > 3 || (argv.length === 3 && mode !== 'FORCE' && mode !== 'TAKEOVER')) return Errors.syntax;
      return startManualFailover(server, mode === 'FORCE' ? 'force' : mode === 'TAKEOVER' ? 'takeover' : 'default');
    }
    case 'SET-CONFIG-EPOCH': {
      const epoch = parseInteger(argv[2] ?? '');
      if (epoch === undefined || epoch < 0) return error(`ERR Invalid config epoch specified: ${argv[2]}`);
      if (cs.list.length > 1) return error('ERR The user can assign a config epoch only when the node does not know any other node.');
      if (cs.myself.configEpoch !== 0) return error('ERR Node config epoch is already non-zero');
      cs.myself.configEpoch = epoch;
      if (cs.currentEpoch < epoch) cs.currentEpoch = epoch;
      cs.configDirty = true;
      return OK;
    }
    case 'COUNT-FAILURE-REPORTS': {
      const n = cs.nodes.get(argv[2] ?? '');
      if (n === undefined) return error(`ERR Unknown node ${argv[2]}`);
      return integer(cs.failureReports(n, server.now(), server.opts.nodeTimeoutMs * 2));
    }
    case 'RESET': {
      const mode = (argv[2] ?? 'SOFT').toUpperCase();
      if (argv.length > 3 || (mode !== 'SOFT' && mode !== 'HARD')) return Errors.syntax;
      return reset(server, mode === 'HARD');
    }
    case 'REPLICAS':
    case 'SLAVES': {
      const n = cs.nodes.get(argv[2] ?? '');
      if (n === undefined) return error(`ERR Unknown node ${argv[2]}`);
      if (n.isReplica) return error('ERR The specified node is not a master');
      const lines = clusterNodesText(server).split('\n').filter((l) => l.split(' ')[3] === n.id);
      return bulkArray(lines.map((l) => `${l}\n`));
    }
    default:
      return Errors.unknownSubcommand('cluster', argv[1]);
  }
};
