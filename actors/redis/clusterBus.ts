import { NodeFlags, type BusHeader, type ClusterBusMessage, type GossipEntry } from './busProtocol.js';
import { ClusterNode } from './ClusterState.js';
import { clearNodeFailureIfNeeded, markNodeAsFailingIfNeeded, updateClusterState } from './failureDetection.js';
import { handleManualFailover, handleReplicaFailover, resetManualFailover, sendFailoverAuthIfNeeded } from './failover.js';
import type { RedisServer } from './RedisServer.js';
import { forEachSlot, sameSlots, type SlotRanges } from './SlotRanges.js';

// Module-level alias: hot paths read flag bits without going through the import binding.
const Flags: typeof NodeFlags = NodeFlags;

const SKIP_GOSSIP = Flags.HANDSHAKE | Flags.NOADDR | Flags.PFAIL;

/** Failure reports stay valid for this many node timeouts (Redis's CLUSTER_FAIL_REPORT_VALIDITY_MULT). */
export const FAIL_REPORT_VALIDITY_MULT = 2;

const gossipEntry = (n: ClusterNode): GossipEntry => {
  if (n.gossip === undefined) {
    n.gossip = { id: n.id, addr: n.addr, flags: n.flags, pingSentSec: Math.floor(n.pingSent / 1000), pongReceivedSec: Math.floor(n.pongReceived / 1000) };
  }
  return n.gossip;
};

/**
 * Gossip sections for a PING/PONG/MEET to `target` (Redis's clusterSendPing):
 * ⌊N/10⌋ random nodes (at least 3, at most N−2) other than myself, the target
 * and PFAIL/handshake nodes, then every node in PFAIL.
 */
export const buildGossip = (server: RedisServer, target: ClusterNode | undefined): GossipEntry[] => {
  const cs = server.cluster;
  const list = cs.list;
  const round = ++server.pingRound;
  let fresh = list.length - 2;
  let wanted = Math.max(3, Math.floor(list.length / 10));
  if (wanted > fresh) wanted = fresh;
  const out: GossipEntry[] = [];
  const random = server.ctx.random;
  let iterations = wanted * 3;
  while (fresh > 0 && out.length < wanted && iterations-- > 0) {
    const n = list[Math.floor(random.next() * list.length)];
    if (n === cs.myself || n === target) continue;
    if ((n.flags & SKIP_GOSSIP) !== 0) {
      if ((n.flags & Flags.PFAIL) === 0) fresh--;
      continue;
    }
    if (n.lastInGossip === round) continue;
    n.lastInGossip = round;
    out.push(gossipEntry(n));
    fresh--;
  }
  if (cs.pfail.size > 0) {
    for (const n of cs.pfail) if ((n.flags & (Flags.HANDSHAKE | Flags.NOADDR)) === 0) out.push(gossipEntry(n));
  }
  return out;
};

/** Send a PING (or MEET) to a node and remember when (unless a ping is already pending). */
export const sendPing = (server: RedisServer, node: ClusterNode, type: 'bus-ping' | 'bus-meet' = 'bus-ping'): void => {
  if (node.pingSent === 0) {
    node.pingSent = server.now();
    node.touch();
  }
  server.sendBus(node, { type, header: server.header(), gossip: buildGossip(server, node) });
};

/** Broadcast a PONG (not a reply) so every node learns a new configuration at once. */
export const broadcastPong = (server: RedisServer, onlyLocalReplicas = false): void => {
  const header = server.header();
  const me = server.myself;
  const myMaster = me.isReplica ? me.masterId : me.id;
  for (const n of server.cluster.list) {
    if (n === me || (n.flags & (Flags.HANDSHAKE | Flags.NOADDR)) !== 0) continue;
    if (onlyLocalReplicas && !(n.isReplica && n.masterId === myMaster)) continue;
    server.sendBus(n, { type: 'bus-pong', header, gossip: buildGossip(server, n), reply: false });
  }
};

/** Tell every node that `node` is failing. */
export const sendFail = (server: RedisServer, node: ClusterNode): void => {
  server.broadcastBus({ type: 'bus-fail', header: server.header(), about: node.id });
};

/** Make myself a replica of `master` (Redis's clusterSetMaster). */
export const setMyMaster = (server: RedisServer, master: ClusterNode): void => {
  const cs = server.cluster;
  const me = cs.myself;
  if (me.isMaster) {
    cs.migrating.clear();
    cs.importing.clear();
  }
  cs.setReplicaOf(me, master);
  server.repl.becomeReplica();
  resetManualFailover(server);
  server.milestone('replicating', { node: me.id, master: master.id });
};

/**
 * Apply a master's claim on slots with its configEpoch (Redis's
 * clusterUpdateSlotsConfigWith): every claimed slot whose owner has a lower
 * configEpoch (or none) moves to the sender; if that leaves my master (or me)
 * without slots, I follow the sender as a replica; slots I lost while still
 * holding keys are emptied.
 */
export const updateSlotsConfigWith = (server: RedisServer, sender: ClusterNode, senderConfigEpoch: number, slots: SlotRanges): void => {
  const cs = server.cluster;
  const me = cs.myself;
  if (sender === me) return;
  const curMaster = me.isMaster ? me : cs.masterOf(me);
  let newMaster: ClusterNode | undefined;
  let senderSlots = 0;
  let migratedOurSlots = 0;
  const dirty: number[] = [];
  forEachSlot(slots, (s) => {
    senderSlots++;
    const owner = cs.slots[s];
    if (owner === sender) return;
    if (cs.importing.has(s)) return;
    if (owner === undefined || owner.configEpoch < senderConfigEpoch) {
      if (owner === me && server.keyspace.countInSlot(s) > 0) dirty.push(s);
      if (owner !== undefined && owner === curMaster) {
        newMaster = sender;
        migratedOurSlots++;
      }
      cs.addSlot(sender, s);
    }
  });
  if (newMaster !== undefined && curMaster !== undefined && curMaster.numSlots === 0 && (server.opts.allowReplicaMigration || senderSlots === migratedOurSlots)) {
    setMyMaster(server, sender);
  } else if (me.isReplica) {
    const m = cs.masterOf(me);
    const grand = m === undefined ? undefined : cs.masterOf(m);
    if (m !== undefined && m.isReplica && grand !== undefined && grand !== me) setMyMaster(server, grand);
  } else if (dirty.length > 0) {
    for (const s of dirty) server.keyspace.deleteSlot(s);
  }
};

/** Two masters announced the same configEpoch: the one with the smaller id takes a new one (Redis's clusterHandleConfigEpochCollision). */
const handleConfigEpochCollision = (server: RedisServer, sender: ClusterNode): void => {
  const cs = server.cluster;
  const me = cs.myself;
  if (sender.configEpoch !== me.configEpoch || !sender.isMaster || !me.isMaster) return;
  if (sender.id <= me.id) return;
  cs.currentEpoch++;
  me.configEpoch = cs.currentEpoch;
  cs.configDirty = true;
  server.milestone('config-epoch-collision', { node: me.id, other: sender.id, configEpoch: me.configEpoch });
};

/** Learn from the gossip sections of a message (Redis's clusterProcessGossipSection). */
const processGossip = (server: RedisServer, gossip: ReadonlyArray<GossipEntry>, sender: ClusterNode | undefined): void => {
  const cs = server.cluster;
  const nodes = cs.nodes;
  const myself = cs.myself;
  const now = server.now();
  const newest = now + 500;
  const validity = server.opts.nodeTimeoutMs * FAIL_REPORT_VALIDITY_MULT;
  const senderIsMaster = sender !== undefined && sender.isMaster;
  const failingBits = Flags.FAIL | Flags.PFAIL;
  for (let i = 0; i < gossip.length; i++) {
    const g = gossip[i];
    const node = nodes.get(g.id);
    if (node === undefined) {
      if (sender !== undefined && (g.flags & Flags.NOADDR) === 0) {
        // A node we did not know, vouched for by a known node: add it and connect (a new link pings at once).
        const n = new ClusterNode(g.id, g.addr, g.flags & (Flags.MASTER | Flags.REPLICA), now);
        n.pongReceived = 0;
        n.dataReceived = now;
        cs.addNode(n);
        sendPing(server, n);
      }
      continue;
    }
    if (node === myself) continue;
    const failing = (g.flags & failingBits) !== 0;
    if (senderIsMaster) {
      if (failing) {
        (node.failReports ??= new Map()).set(sender.id, now);
        markNodeAsFailingIfNeeded(server, node);
      } else if (node.failReports !== undefined) {
        node.failReports.delete(sender.id);
      }
    }
    // Others heard from it recently: take their PONG time (whole seconds), so we need not ping it as soon.
    if (!failing && node.pingSent === 0 && (node.failReports === undefined || cs.failureReports(node, now, validity) === 0)) {
      const pongTime = g.pongReceivedSec * 1000;
      if (pongTime <= newest && pongTime > node.pongReceived) {
        node.pongReceived = pongTime;
        node.gossip = undefined;
      }
    }
  }
};

/** Handle one cluster bus message (Redis's clusterProcessPacket). */
export const processBusMessage = (server: RedisServer, msg: ClusterBusMessage): void => {
  const cs = server.cluster;
  const me = cs.myself;
  const h: BusHeader = msg.header;
  const now = server.now();
  server.received[msg.type] = (server.received[msg.type] ?? 0) + 1;
  let sender = cs.nodes.get(h.sender);
  if (sender !== undefined && (sender.flags & Flags.HANDSHAKE) !== 0) sender = undefined;
  if (sender !== undefined) {
    sender.dataReceived = now;
    if (h.currentEpoch > cs.currentEpoch) {
      cs.currentEpoch = h.currentEpoch;
      cs.configDirty = true;
    }
    if (h.configEpoch > sender.configEpoch) {
      sender.configEpoch = h.configEpoch;
      cs.configDirty = true;
    }
    sender.replOffset = h.offset;
    if (cs.mfEnd !== 0 && me.isReplica && me.masterId === sender.id && h.paused && cs.mfMasterOffset === -1) {
      cs.mfMasterOffset = sender.replOffset;
      handleManualFailover(server);
    }
    // Our link looked dead but the node talks again: reconnect, which pings at once (pending ping time kept).
    const half = server.opts.nodeTimeoutMs / 2;
    if (sender.pingSent !== 0 && now - sender.pingSent > half && now - sender.ctimeLink > half) {
      sender.ctimeLink = now;
      sendPing(server, sender);
    }
  }

  if (msg.type === 'bus-ping' || msg.type === 'bus-meet') {
    if (sender === undefined && msg.type === 'bus-meet' && !cs.nodes.has(h.sender)) {
      const n = new ClusterNode(h.sender, h.addr, h.flags & (Flags.MASTER | Flags.REPLICA), now);
      n.dataReceived = now;
      cs.addNode(n);
      processGossip(server, msg.gossip, undefined);
      sender = n;
      sendPing(server, n);
    }
    const to = sender ?? handshakeNodeAt(server, h.addr);
    const ref = to !== undefined ? server.refOf(to) : server.opts.directory.resolve(h.addr);
    if (ref !== undefined) {
      server.sent['bus-pong'] = (server.sent['bus-pong'] ?? 0) + 1;
      server.ctx.tell(ref, { type: 'bus-pong', header: server.header(), gossip: buildGossip(server, to), reply: true });
    }
  }

  if (msg.type === 'bus-ping' || msg.type === 'bus-pong' || msg.type === 'bus-meet') {
    if (sender === undefined) {
      // The answer of a node we met by address only: learn its id (end of the handshake).
      const hs = msg.type === 'bus-pong' && msg.reply ? handshakeNodeAt(server, h.addr) : undefined;
      if (hs === undefined) return;
      if (cs.nodes.has(h.sender)) {
        cs.deleteNode(hs);
        return;
      }
      cs.renameNode(hs, h.sender);
      hs.setFlags((hs.flags & ~(Flags.HANDSHAKE | Flags.MEET)) | (h.flags & (Flags.MASTER | Flags.REPLICA)));
      sender = hs;
      sender.dataReceived = now;
      sender.configEpoch = Math.max(sender.configEpoch, h.configEpoch);
    }
    if (msg.type === 'bus-pong' && msg.reply) {
      sender.pongReceived = now;
      sender.pingSent = 0;
      sender.touch();
      cs.wake(sender, now + server.opts.nodeTimeoutMs / 2);
      if (sender.timedOut) {
        sender.setFlags(sender.flags & ~Flags.PFAIL);
        cs.stateDirty = true;
      } else if (sender.failed) {
        clearNodeFailureIfNeeded(server, sender);
      }
    }
    // Role switches.
    if (h.master === null) {
      if (!sender.isMaster || sender.masterId !== null) cs.setNodeAsMaster(sender);
    } else {
      const master = cs.nodes.get(h.master);
      if (sender.isMaster) {
        // A master turned replica: its slots go to its new master if that one was its replica (same shard), else nowhere.
        if (master !== undefined && master.masterId === sender.id) {
          if (sender.configEpoch <= h.configEpoch) {
            cs.moveSlots(sender, master);
            cs.setNodeAsMaster(master);
            master.configEpoch = Math.max(master.configEpoch, h.configEpoch);
          }
        } else {
          for (const [a, b] of cs.rangesOf(sender)) for (let s = a; s <= b; s++) cs.delSlot(s);
        }
        sender.setFlags((sender.flags & ~(Flags.MASTER | Flags.MIGRATE_TO)) | Flags.REPLICA);
        cs.stateDirty = true;
        cs.configDirty = true;
      }
      if (master !== undefined && (sender.masterId !== master.id || !sender.isReplica)) cs.setReplicaOf(sender, master);
      else if (master === undefined) sender.masterId = h.master;
    }
    // Slots.
    const senderMaster = sender.isMaster ? sender : cs.masterOf(sender);
    const dirtySlots = senderMaster !== undefined && !sameSlots(cs.rangesOf(senderMaster), h.slots);
    if (dirtySlots && sender.isMaster) updateSlotsConfigWith(server, sender, h.configEpoch, h.slots);
    if (dirtySlots) {
      // The sender claims slots someone serves with a newer configEpoch: tell it (UPDATE).
      let stale: ClusterNode | undefined;
      for (const [a, b] of h.slots) {
        for (let s = a; s <= b && stale === undefined; s++) {
          const owner = cs.slots[s];
          if (owner === undefined || owner === sender) continue;
          if (owner.configEpoch > h.configEpoch) stale = owner;
        }
        if (stale !== undefined) break;
      }
      if (stale !== undefined) server.sendBus(sender, { type: 'bus-update', header: server.header(), about: stale.id, configEpoch: stale.configEpoch, slots: cs.rangesOf(stale) });
    }
    if (me.isMaster && sender.isMaster && h.configEpoch === me.configEpoch) handleConfigEpochCollision(server, sender);
    processGossip(server, msg.gossip, sender);
    return;
  }

  if (sender === undefined) return;
  switch (msg.type) {
    case 'bus-fail': {
      const failing = cs.nodes.get(msg.about);
      if (failing !== undefined && (failing.flags & (Flags.FAIL | Flags.MYSELF)) === 0) {
        failing.setFlags((failing.flags | Flags.FAIL) & ~Flags.PFAIL);
        failing.failTime = now;
        cs.stateDirty = true;
        cs.configDirty = true;
      }
      return;
    }
    case 'bus-update': {
      const n = cs.nodes.get(msg.about);
      if (n === undefined || n.configEpoch >= msg.configEpoch) return;
      if (n.isReplica) cs.setNodeAsMaster(n);
      n.configEpoch = msg.configEpoch;
      cs.configDirty = true;
      updateSlotsConfigWith(server, n, msg.configEpoch, msg.slots);
      return;
    }
    case 'bus-auth-request':
      sendFailoverAuthIfNeeded(server, sender, msg);
      return;
    case 'bus-auth-ack':
      if (sender.isMaster && sender.numSlots > 0 && h.currentEpoch >= cs.failoverAuthEpoch) {
        cs.failoverAuthCount++;
        handleReplicaFailover(server);
      }
      return;
    case 'bus-mfstart':
      if (sender.masterId !== me.id || !me.isMaster) return;
      resetManualFailover(server);
      cs.mfEnd = now + MANUAL_FAILOVER_TIMEOUT_MS;
      cs.mfReplica = sender;
      server.pauseWritesUntil = now + MANUAL_FAILOVER_TIMEOUT_MS * 2;
      server.milestone('manual-failover-paused', { node: me.id, replica: sender.id, offset: server.repl.offset });
      sendPing(server, sender);
      return;
  }
};

/** How long a manual failover may take (Redis's CLUSTER_MF_TIMEOUT). */
export const MANUAL_FAILOVER_TIMEOUT_MS = 5000;

/** A node in handshake (met by address, id unknown yet) at an address. */
export const handshakeNodeAt = (server: RedisServer, addr: string): ClusterNode | undefined =>
  server.cluster.list.find((n) => (n.flags & Flags.HANDSHAKE) !== 0 && n.addr === addr);

/** After a message: recompute the cluster state and save nodes.conf if needed (Redis's clusterBeforeSleep). */
export const beforeSleep = (server: RedisServer): void => {
  if (server.cluster.stateDirty) updateClusterState(server);
  server.saveConfigIfDirty();
};
