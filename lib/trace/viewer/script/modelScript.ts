/**
 * The viewer's data model, as browser JavaScript (part 1 of the page script;
 * see {@link VIEWER_SCRIPT}): decodes the embedded {@link ViewerData} into
 * typed-array columns, groups actors into lanes by node, pairs each send with
 * its deliver/drop/dead-letter by message id, turns faults into bands and
 * markers, computes the vertical position of every event for each axis
 * (virtual time, Lamport clock, event order) and the causal chain of a message.
 *
 * It is plain ES2017 in a string (no template literals, so `${` never
 * appears): the page must run with no build step and no network.
 */
export const MODEL_SCRIPT = String.raw`
var DATA = JSON.parse(document.getElementById('troupe-trace').textContent);
var CONFIG = JSON.parse(document.getElementById('troupe-config').textContent);
var OPTIONAL = ['msg', 'cause', 'type', 'to', 'toNode', 'from', 'fromNode', 'reason', 'detail', 'data', 'payload'];
var STRINGY = { type: 1, to: 1, toNode: 1, from: 1, fromNode: 1, reason: 1, detail: 1 };
var KINDS = DATA.kinds, STR = DATA.strings, ROWS = DATA.events, N = ROWS.length;
var K = {};
KINDS.forEach(function (k, i) { K[k] = i; });
var MSG_KINDS = {};
MSG_KINDS[K.send] = 1; MSG_KINDS[K.deliver] = 1; MSG_KINDS[K.drop] = 1; MSG_KINDS[K['dead-letter']] = 1;

// ------------------------------------------------------------------ columns
var evSeq = new Float64Array(N), evT = new Float64Array(N), evLamport = new Float64Array(N);
var evKind = new Uint16Array(N), evNode = new Int32Array(N), evActor = new Int32Array(N);
var evMsg = new Float64Array(N), evCause = new Float64Array(N);
var evType = new Int32Array(N), evTo = new Int32Array(N), evToNode = new Int32Array(N);
var evReason = new Int32Array(N), evDetail = new Int32Array(N);
(function decodeColumns() {
  var FIELD_COL = { type: evType, to: evTo, toNode: evToNode, reason: evReason, detail: evDetail };
  evType.fill(-1); evTo.fill(-1); evToNode.fill(-1); evReason.fill(-1); evDetail.fill(-1);
  evMsg.fill(NaN); evCause.fill(NaN);
  var lastT = 0;
  for (var i = 0; i < N; i++) {
    var r = ROWS[i];
    evSeq[i] = r[0] === null ? i + 1 : r[0];
    // A non-finite time (null in JSON) keeps the previous one, so layout stays ordered.
    evT[i] = r[1] === null ? lastT : r[1];
    lastT = evT[i];
    evKind[i] = r[2]; evNode[i] = r[3]; evActor[i] = r[4];
    evLamport[i] = r[5] === null ? 0 : r[5];
    var mask = r[6], at = 7;
    for (var f = 0; f < OPTIONAL.length; f++) {
      if ((mask & (1 << f)) === 0) continue;
      var v = r[at++], name = OPTIONAL[f];
      if (name === 'msg') evMsg[i] = v === null ? NaN : v;
      else if (name === 'cause') evCause[i] = v === null ? NaN : v;
      else if (FIELD_COL[name]) FIELD_COL[name][i] = v;
    }
  }
})();

/** The full event i as its JSON object (same fields and order as the JSONL line). */
function eventObject(i) {
  var r = ROWS[i];
  var e = { seq: r[0], t: r[1], kind: KINDS[r[2]], node: STR[r[3]], actor: STR[r[4]], lamport: r[5] };
  var mask = r[6], at = 7;
  for (var f = 0; f < OPTIONAL.length; f++) {
    if ((mask & (1 << f)) === 0) continue;
    var v = r[at++];
    e[OPTIONAL[f]] = STRINGY[OPTIONAL[f]] ? STR[v] : v;
  }
  return e;
}
function str(code) { return code < 0 ? undefined : STR[code]; }

// ------------------------------------------------------------------ lanes
/** Numbers compare as numbers inside names: n2 before n10. */
function naturalCompare(a, b) {
  var re = /(\d+)|(\D+)/g, x = a.match(re) || [], y = b.match(re) || [];
  for (var i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    var nx = /^\d/.test(x[i]), ny = /^\d/.test(y[i]);
    if (nx && ny) return Number(x[i]) - Number(y[i]) || (x[i] < y[i] ? -1 : 1);
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}
/** Short-lived actors (ask replies: /$ask/17) share one lane per node when merging. */
var TEMP_ACTOR = /^(.*\/\$[^\/]+\/)\d+$/;
var mergeTemp = true;
var lanes = [];        // { node: string, actor: string, label, key, count }
var nodes = [];        // { name, lanes: [lane index] } in display order
var evLane = new Int32Array(N);
function laneLabel(node, actor) {
  if (node === '' && actor === '') return 'outside';
  if (actor === '') return node + ' (node)';
  return node === '' ? actor : node + ' ' + actor;
}
function buildLanes() {
  var merged = new Array(STR.length);
  var found = new Map(), list = [];
  var nodeHasLane = new Set();
  function laneFor(nodeCode, actorName) {
    var key = nodeCode + '\u0000' + actorName;
    var l = found.get(key);
    if (l === undefined) {
      l = list.length;
      var node = STR[nodeCode];
      list.push({ node: node, actor: actorName, label: laneLabel(node, actorName), key: laneLabel(node, actorName), count: 0, first: l });
      found.set(key, l);
      nodeHasLane.add(node);
    }
    return l;
  }
  for (var i = 0; i < N; i++) {
    var a = evActor[i];
    if (evKind[i] === K.fault && STR[a] === '') { evLane[i] = -1; continue; }
    var name = merged[a];
    if (name === undefined) {
      var m = mergeTemp ? TEMP_ACTOR.exec(STR[a]) : null;
      name = merged[a] = m ? m[1] + '*' : STR[a];
    }
    var l = laneFor(evNode[i], name);
    list[l].count++;
    evLane[i] = l;
  }
  // A node known only from its faults still gets a lane, so its bands show.
  for (var j = 0; j < N; j++) {
    if (evLane[j] === -1 && STR[evNode[j]] !== '' && !nodeHasLane.has(STR[evNode[j]])) laneFor(evNode[j], '');
  }
  var order = list.map(function (_, i) { return i; });
  order.sort(function (x, y) {
    var a = list[x], b = list[y];
    if (a.node !== b.node) return a.node === '' ? -1 : b.node === '' ? 1 : naturalCompare(a.node, b.node);
    return a.first - b.first;
  });
  var remap = new Int32Array(list.length);
  lanes = order.map(function (old, now) { remap[old] = now; return list[old]; });
  for (var k = 0; k < N; k++) if (evLane[k] >= 0) evLane[k] = remap[evLane[k]];
  nodes = [];
  var byName = new Map();
  lanes.forEach(function (lane, idx) {
    var g = byName.get(lane.node);
    if (!g) { g = { name: lane.node, lanes: [] }; byName.set(lane.node, g); nodes.push(g); }
    g.lanes.push(idx);
  });
  laneIndex = new Map();
  lanes.forEach(function (lane, idx) { laneIndex.set(lane.node + '\u0000' + lane.actor, idx); });
}
var laneIndex = new Map();
/** The lane of an actor path on a node (merged like the events), or -1. */
function laneOf(node, actor) {
  if (mergeTemp) { var m = TEMP_ACTOR.exec(actor); if (m) actor = m[1] + '*'; }
  var l = laneIndex.get(node + '\u0000' + actor);
  return l === undefined ? -1 : l;
}

// ------------------------------------------------------------------ arrows
var sendOf = new Map();
var arrowS, arrowE, pendingS;
(function pairMessages() {
  var s = [], e = [], ended = new Set();
  for (var i = 0; i < N; i++) {
    // A duplicated message re-uses its id: the first send is the one that happened.
    if (evKind[i] === K.send && evMsg[i] === evMsg[i] && !sendOf.has(evMsg[i])) sendOf.set(evMsg[i], i);
  }
  for (var j = 0; j < N; j++) {
    var k = evKind[j];
    if ((k === K.deliver || k === K.drop || k === K['dead-letter']) && evMsg[j] === evMsg[j]) {
      ended.add(evMsg[j]);
      var from = sendOf.get(evMsg[j]);
      if (from !== undefined && from < j) { s.push(from); e.push(j); }
    }
  }
  var p = [];
  sendOf.forEach(function (i, m) { if (!ended.has(m) && evTo[i] >= 0) p.push(i); });
  arrowS = Int32Array.from(s); arrowE = Int32Array.from(e); pendingS = Int32Array.from(p);
})();

// ------------------------------------------------------------------ faults
var bands = [];   // { s, e (-1: to the end), node ('' = everywhere), lane, kind, label, endLabel }
(function buildBands() {
  var down = new Map(), partitions = [], loss = -1;
  function detailOf(i, fallback) { return evDetail[i] >= 0 ? STR[evDetail[i]] : fallback; }
  for (var i = 0; i < N; i++) {
    if (evKind[i] !== K.fault) continue;
    var type = str(evType[i]) || 'fault', node = STR[evNode[i]];
    if (type === 'node-crash') {
      if (!down.has(node)) down.set(node, bands.push({ s: i, e: -1, node: node, kind: 'down', label: node + ' crashed', endLabel: node + ' restarted' }) - 1);
    } else if (type === 'node-restart') {
      if (down.has(node)) { bands[down.get(node)].e = i; down.delete(node); }
      else bands.push({ s: i, e: i, node: node, kind: 'line-ok', label: detailOf(i, node + ' restarted') });
    } else if (type === 'partition' || type === 'partition-one-way') {
      partitions.push(bands.push({ s: i, e: -1, node: node, kind: 'partition', label: detailOf(i, type), endLabel: 'healed' }) - 1);
    } else if (type === 'heal') {
      if (partitions.length === 0) bands.push({ s: i, e: i, node: node, kind: 'line-ok', label: detailOf(i, 'healed') });
      partitions.forEach(function (b) { bands[b].e = i; });
      partitions = [];
    } else if (type === 'loss-burst') {
      if (loss >= 0) bands[loss].e = i;
      var row = eventObject(i), p = row.data && typeof row.data.probability === 'number' ? row.data.probability : undefined;
      loss = bands.push({ s: i, e: -1, node: node, kind: 'loss', label: p === undefined ? detailOf(i, 'loss burst') : 'loss burst ' + Math.round(p * 100) + '%', endLabel: 'loss burst ends' }) - 1;
    } else if (type === 'loss-burst-end') {
      if (loss >= 0) { bands[loss].e = i; loss = -1; }
    } else if (type === 'clock-skew') {
      var sk = eventObject(i).data || {};
      bands.push({ s: i, e: i, node: node, kind: 'skew', label: node + ' clock skew ' + (sk.offsetMs || 0) + ' ms' + (sk.drift ? ', drift ' + sk.drift : '') });
    } else if (type === 'kill-actor') {
      var d = eventObject(i).data || {};
      bands.push({ s: i, e: i, node: node, actor: typeof d.actor === 'string' ? d.actor : undefined, kind: 'kill', label: 'kill ' + detailOf(i, '') });
    } else {
      bands.push({ s: i, e: i, node: node, kind: 'line', label: type + (evDetail[i] >= 0 ? ': ' + STR[evDetail[i]] : '') });
    }
  }
})();

// ------------------------------------------------------------------ vertical positions
var yCache = {}, orderCache = {};
/** The Lamport clock of an event, for the Lamport axis: faults and transport drops carry 0, so
 *  they take the clock of what they follow (the send, or the latest event on their node). */
function lamportAxis() {
  var y = new Float64Array(N), latestOnNode = new Map(), latest = 0;
  for (var i = 0; i < N; i++) {
    var v = evLamport[i], k = evKind[i];
    if (v === 0 && (k === K.fault || k === K.drop || k === K['dead-letter'])) {
      var s = evMsg[i] === evMsg[i] ? sendOf.get(evMsg[i]) : undefined;
      if (s !== undefined && s < i) v = y[s] + 1;
      else v = STR[evNode[i]] === '' ? latest : (latestOnNode.get(evNode[i]) || 0);
    }
    y[i] = v;
    if (v > latest) latest = v;
    if (v > (latestOnNode.get(evNode[i]) || 0)) latestOnNode.set(evNode[i], v);
  }
  return y;
}
function yOf(mode) {
  if (!yCache[mode]) {
    if (mode === 'time') yCache[mode] = evT;
    else if (mode === 'seq') { var y = new Float64Array(N); for (var i = 0; i < N; i++) y[i] = i; yCache[mode] = y; }
    else yCache[mode] = lamportAxis();
  }
  return yCache[mode];
}
/** Event indices sorted by their position on the axis (for binary search of the visible range). */
function orderOf(mode) {
  if (!orderCache[mode]) {
    var y = yOf(mode), ord = new Uint32Array(N), sorted = true;
    for (var i = 0; i < N; i++) { ord[i] = i; if (i > 0 && y[i] < y[i - 1]) sorted = false; }
    if (!sorted) ord.sort(function (a, b) { return y[a] - y[b] || a - b; });
    orderCache[mode] = ord;
  }
  return orderCache[mode];
}
/** First position in ord whose y is >= v. */
function lowerBound(ord, y, v) {
  var lo = 0, hi = ord.length;
  while (lo < hi) { var mid = (lo + hi) >>> 1; if (y[ord[mid]] < v) lo = mid + 1; else hi = mid; }
  return lo;
}
/** First position in ord whose y is > v. */
function upperBound(ord, y, v) {
  var lo = 0, hi = ord.length;
  while (lo < hi) { var mid = (lo + hi) >>> 1; if (y[ord[mid]] <= v) lo = mid + 1; else hi = mid; }
  return lo;
}

// ------------------------------------------------------------------ causality
var causeOf = new Map(), childrenOf = new Map();
(function buildCauses() {
  for (var i = 0; i < N; i++) {
    var m = evMsg[i], c = evCause[i];
    // cause 0 means none (sent outside any handler): a root. The first event of an id wins.
    if (m !== m || c !== c || c <= 0 || causeOf.has(m)) continue;
    causeOf.set(m, c);
    var list = childrenOf.get(c);
    if (list) list.push(m); else childrenOf.set(c, [m]);
  }
})();
/**
 * Events in the causal chain of message m, as MemoryTrace.causalChain: the message's own
 * events, its ancestors (cause, cause of cause… to the root) and its descendants (messages
 * sent while handling it, recursively, and message-less events caused by one of them).
 */
function causalChain(m) {
  var down = new Set([m]), stack = [m];
  while (stack.length > 0) {
    var kids = childrenOf.get(stack.pop()) || [];
    for (var i = 0; i < kids.length; i++) if (!down.has(kids[i])) { down.add(kids[i]); stack.push(kids[i]); }
  }
  var chain = new Set(down), root = m;
  for (var a = causeOf.get(m); a !== undefined && !chain.has(a); a = causeOf.get(a)) { chain.add(a); root = a; }
  var mark = new Uint8Array(N), count = 0;
  for (var j = 0; j < N; j++) {
    var inIt = evMsg[j] === evMsg[j] ? chain.has(evMsg[j]) : evCause[j] === evCause[j] && down.has(evCause[j]);
    if (inIt) { mark[j] = 1; count++; }
  }
  return { mark: mark, count: count, messages: chain.size, root: root };
}

// ------------------------------------------------------------------ colours
var PALETTE = ['#2563eb', '#059669', '#c2410c', '#7c3aed', '#db2777', '#0891b2', '#4d7c0f', '#9333ea', '#b45309', '#0f766e'];
var typeColorCache = new Map();
function typeColor(code) {
  if (code < 0) return '#64748b';
  var c = typeColorCache.get(code);
  if (c === undefined) {
    var s = STR[code], h = 5381;
    for (var i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
    c = PALETTE[h % PALETTE.length];
    typeColorCache.set(code, c);
  }
  return c;
}
`;
