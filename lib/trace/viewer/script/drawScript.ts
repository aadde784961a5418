/**
 * The viewer's canvas renderer, as browser JavaScript (part 2 of the page
 * script; see {@link VIEWER_SCRIPT}). Each frame draws only what is on
 * screen: the visible stretch of the axis is found by binary search over the
 * events sorted by position, shapes are batched into one path per colour, and
 * labels are dropped where they would overlap or when too many are visible.
 */
export const DRAW_SCRIPT = String.raw`
var canvas = document.getElementById('tv-canvas');
var ctx = canvas.getContext('2d');
var W = 0, H = 0, DPR = 1;
var AXIS_W = 78, HEAD_H = 54;
/** Above this many visible events: no arrowheads, no labels, tiny markers. */
var DENSE = 15000;
/** Above this many candidate labels of a kind, that kind gets none. */
var LABELS_MAX = 700;
/** How many labels of one kind fit on screen (set each frame from the visible area). */
var labelBudget = 100;
var FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
var FONT_BOLD = 'bold 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
var mode = 'time';
var view = { y0: 0, scale: 1, x0: 0, laneW: 150 };
var laneX = new Int32Array(0), visLanes = [];
var filters = { node: new Map(), lane: new Map() };
var kindOff = new Uint8Array(KINDS.length), typeOff = new Uint8Array(STR.length);
var selected = -1, chain = null, chainLanes = null, chainOnly = false;
var stats = { drawnEvents: 0, drawnArrows: 0, frames: 0 };

function layoutLanes() {
  laneX = new Int32Array(lanes.length).fill(-1);
  visLanes = [];
  for (var l = 0; l < lanes.length; l++) {
    if (filters.node.get(lanes[l].node) === false || filters.lane.get(lanes[l].key) === false) continue;
    if (chainOnly && chainLanes && !chainLanes[l]) continue;
    laneX[l] = visLanes.length;
    visLanes.push(l);
  }
}
function laneVisible(l) { return l >= 0 && laneX[l] >= 0; }
function eventVisible(i) {
  if (kindOff[evKind[i]]) return false;
  if (MSG_KINDS[evKind[i]] && evType[i] >= 0 && typeOff[evType[i]]) return false;
  if (chainOnly && chain && !chain.mark[i]) return false;
  return true;
}
function yPx(v) { return HEAD_H + (v - view.y0) * view.scale; }
function yVal(px) { return view.y0 + (px - HEAD_H) / view.scale; }
function laneCx(l) { return AXIS_W + laneX[l] * view.laneW + view.laneW / 2 - view.x0; }
function lanesRight() { return AXIS_W + visLanes.length * view.laneW - view.x0; }

var drawPending = false;
function requestDraw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(function () { drawPending = false; draw(); });
}

// ------------------------------------------------------------------ helpers
var fitCache = new Map();
/** Text cut with an ellipsis to fit maxW pixels (in the current font). */
function fitText(text, maxW) {
  var key = ctx.font + '|' + maxW + '|' + text;
  var hit = fitCache.get(key);
  if (hit !== undefined) return hit;
  var out = text;
  if (maxW <= 8) out = '';
  else if (ctx.measureText(text).width > maxW) {
    var lo = 0, hi = text.length;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ctx.measureText(text.slice(0, mid) + '…').width <= maxW) lo = mid; else hi = mid - 1; }
    out = lo === 0 ? '' : text.slice(0, lo) + '…';
  }
  if (fitCache.size > 5000) fitCache.clear();
  fitCache.set(key, out);
  return out;
}
function clamp(v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; }
function pathIn(map, key) {
  var p = map.get(key);
  if (!p) { p = new Path2D(); map.set(key, p); }
  return p;
}
function pill(x, y, text, fg, bg, maxW) {
  var s = fitText(text, maxW);
  if (s === '') return 0;
  var w = ctx.measureText(s).width + 8;
  ctx.fillStyle = bg;
  ctx.beginPath();
  if (ctx.roundRect) ctx.roundRect(x, y - 11, w, 15, 4); else ctx.rect(x, y - 11, w, 15);
  ctx.fill();
  ctx.fillStyle = fg;
  ctx.fillText(s, x + 4, y);
  return w;
}
/** Free-space check for labels: occupied boxes in a coarse grid. */
function Occupancy() { this.cells = new Set(); }
Occupancy.prototype.take = function (x, y, w, h) {
  var x0 = Math.floor(x / 24), x1 = Math.floor((x + w) / 24), y0 = Math.floor(y / 6), y1 = Math.floor((y + h) / 6);
  for (var a = x0; a <= x1; a++) for (var b = y0; b <= y1; b++) if (this.cells.has(a * 100003 + b)) return false;
  for (var c = x0; c <= x1; c++) for (var d = y0; d <= y1; d++) this.cells.add(c * 100003 + d);
  return true;
};
function niceStep(raw) {
  var p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
var T0 = 0;
(function () { if (N > 0 && evT[0] > 1e9) T0 = evT[0]; })();
function formatTick(v, step) {
  if (mode === 'seq') return '#' + (v + 1);
  if (mode === 'lamport') return 'L ' + v;
  var ms = v - T0, sign = T0 > 0 ? '+' : '';
  if (step >= 100 || Math.abs(ms) >= 10000) {
    var dec = Math.max(0, Math.min(3, -Math.floor(Math.log10(step / 1000) + 1e-9)));
    return sign + (ms / 1000).toFixed(dec) + ' s';
  }
  var d = Math.max(0, Math.min(3, -Math.floor(Math.log10(step) + 1e-9)));
  return sign + ms.toFixed(d) + ' ms';
}
function formatTime(ms) {
  return Math.abs(ms - T0) >= 1000 ? (T0 > 0 ? '+' : '') + ((ms - T0) / 1000).toFixed(3) + ' s' : (T0 > 0 ? '+' : '') + (ms - T0).toFixed(ms % 1 === 0 ? 0 : 3) + ' ms';
}

// ------------------------------------------------------------------ frame
function draw() {
  stats.frames++;
  ctx.setTransform(DPR, 0, 0, DPR, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  var Y = yOf(mode), ord = orderOf(mode);
  var top = yVal(HEAD_H - 40), bottom = yVal(H + 40);
  var lo = lowerBound(ord, Y, top), hi = upperBound(ord, Y, bottom);
  var dense = hi - lo > DENSE;
  drawBackground();
  var labels = new Occupancy();
  var bandLabels = kindOff[K.fault] ? [] : drawBands(Y, labels);
  stats.drawnEvents = 0;
  stats.drawnArrows = 0;
  labelBudget = Math.max(24, (Math.min(W, lanesRight()) - AXIS_W) / Math.max(60, view.laneW) * (H - HEAD_H) / 48);
  if (chain !== null && !chainOnly) {
    ctx.globalAlpha = 0.28;
    drawArrows(Y, top, bottom, dense, 1, labels);
    drawEvents(Y, ord, lo, hi, dense, 1, labels);
    ctx.globalAlpha = 1;
    drawArrows(Y, top, bottom, dense, 2, labels);
    drawEvents(Y, ord, lo, hi, dense, 2, labels);
  } else {
    drawArrows(Y, top, bottom, dense, 0, labels);
    drawEvents(Y, ord, lo, hi, dense, 0, labels);
  }
  ctx.font = FONT;
  for (var b = 0; b < bandLabels.length; b++) { var bl = bandLabels[b]; pill(bl.x, bl.y, bl.text, bl.st.fg, bl.st.bg, bl.maxW); }
  drawSelection(Y);
  drawHeader();
  drawAxis();
  if (N === 0) {
    ctx.fillStyle = '#64748b'; ctx.font = FONT_BOLD;
    ctx.fillText('This trace has no events.', AXIS_W + 20, HEAD_H + 30);
  }
}

var NODE_TINTS = ['#f8fafc', '#f1f5f9'];
function nodeSpan(g) {
  var first = -1, last = -1;
  for (var i = 0; i < g.lanes.length; i++) {
    var x = laneX[g.lanes[i]];
    if (x < 0) continue;
    if (first < 0 || x < first) first = x;
    if (x > last) last = x;
  }
  if (first < 0) return null;
  return { x1: AXIS_W + first * view.laneW - view.x0, x2: AXIS_W + (last + 1) * view.laneW - view.x0 };
}
function drawBackground() {
  var shown = 0;
  for (var n = 0; n < nodes.length; n++) {
    var span = nodeSpan(nodes[n]);
    if (!span) continue;
    ctx.fillStyle = NODE_TINTS[shown++ % 2];
    ctx.fillRect(span.x1, HEAD_H, span.x2 - span.x1, H - HEAD_H);
    ctx.fillStyle = '#cbd5e1';
    ctx.fillRect(Math.round(span.x1), HEAD_H, 1, H - HEAD_H);
  }
  // grid lines at the axis ticks
  var step = tickStep();
  ctx.fillStyle = '#eef2f7';
  for (var v = Math.ceil(yVal(HEAD_H) / step) * step; yPx(v) < H; v += step) ctx.fillRect(AXIS_W, Math.round(yPx(v)), W - AXIS_W, 1);
  // lifelines
  ctx.fillStyle = '#cbd5e1';
  for (var i = 0; i < visLanes.length; i++) {
    var x = laneCx(visLanes[i]);
    if (x < AXIS_W || x > W) continue;
    ctx.fillRect(Math.round(x), HEAD_H, 1, H - HEAD_H);
  }
}
function tickStep() {
  var raw = 64 / view.scale;
  var step = niceStep(raw);
  return mode === 'time' ? step : Math.max(1, step);
}

var BAND_STYLE = {
  down: { fill: 'rgba(220, 38, 38, 0.10)', line: '#dc2626', bg: '#fee2e2', fg: '#991b1b' },
  partition: { fill: 'rgba(234, 88, 12, 0.10)', line: '#ea580c', bg: '#ffedd5', fg: '#9a3412' },
  loss: { fill: 'rgba(124, 58, 237, 0.09)', line: '#7c3aed', bg: '#ede9fe', fg: '#5b21b6' },
  skew: { line: '#0284c7', bg: '#e0f2fe', fg: '#075985' },
  kill: { line: '#dc2626', bg: '#fee2e2', fg: '#991b1b' },
  line: { line: '#475569', bg: '#e2e8f0', fg: '#1e293b' },
  'line-ok': { line: '#16a34a', bg: '#dcfce7', fg: '#166534' },
};
/** Horizontal extent of a band: its node's lanes, one actor's lane, or every lane. */
function bandSpan(b) {
  if (b.kind === 'kill' && b.actor !== undefined) {
    var l = laneOf(b.node, b.actor);
    if (laneVisible(l)) return { x1: laneCx(l) - view.laneW / 2, x2: laneCx(l) + view.laneW / 2 };
  }
  if (b.node === '') return visLanes.length === 0 ? null : { x1: AXIS_W - view.x0, x2: lanesRight() };
  for (var n = 0; n < nodes.length; n++) if (nodes[n].name === b.node) return nodeSpan(nodes[n]);
  return null;
}
function bandEndY(b, Y) {
  if (b.e >= 0) return yPx(Y[b.e]);
  var max = -Infinity;
  for (var i = N - 1; i >= 0 && i >= N - 50; i--) if (Y[i] > max) max = Y[i];
  return Math.max(yPx(max), yPx(Y[b.s]) + 4);
}
/** Draws the bands and lines of faults; returns their labels, placed (space taken in \`placed\`) but drawn last. */
function drawBands(Y, placed) {
  var out = [];
  ctx.font = FONT;
  for (var k = 0; k < bands.length; k++) {
    var b = bands[k], span = bandSpan(b);
    if (!span) continue;
    var st = BAND_STYLE[b.kind] || BAND_STYLE.line;
    var y1 = yPx(Y[b.s]), y2 = b.e === b.s ? y1 : bandEndY(b, Y);
    if (y2 < HEAD_H - 20 && y1 < HEAD_H - 20) continue;
    if (y1 > H + 20) continue;
    var x1 = Math.max(span.x1, AXIS_W), x2 = Math.min(span.x2, W);
    if (x2 <= x1) continue;
    if (st.fill && y2 > y1) { ctx.fillStyle = st.fill; ctx.fillRect(x1, y1, x2 - x1, y2 - y1); }
    ctx.strokeStyle = st.line;
    ctx.lineWidth = 2;
    ctx.setLineDash(b.kind === 'skew' ? [6, 4] : []);
    ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y1); ctx.stroke();
    ctx.setLineDash([]);
    if (b.e !== b.s && b.e >= 0 && y2 > HEAD_H - 20 && y2 < H + 20) {
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      ctx.beginPath(); ctx.moveTo(x1, y2); ctx.lineTo(x2, y2); ctx.stroke();
      ctx.setLineDash([]);
      if (b.endLabel) placeBandLabel(out, placed, x1 + 4, y2 + 14, b.endLabel, st, x2 - x1 - 8);
    }
    // A band whose start is above the view keeps its label at the top edge.
    var ly = y1 > HEAD_H + 14 ? y1 - 4 : y2 > HEAD_H + 30 ? HEAD_H + 16 : NaN;
    if (ly === ly && ly < H + 10) placeBandLabel(out, placed, x1 + 4, ly, b.label, st, x2 - x1 - 8);
  }
  return out;
}
function placeBandLabel(out, placed, x, y, text, st, maxW) {
  var w = Math.min(maxW, ctx.measureText(text).width + 8);
  for (var tries = 0; tries < 4; tries++, y += 16) {
    if (placed.take(x, y - 11, w, 14)) { out.push({ x: x, y: y, text: text, st: st, maxW: maxW }); return; }
  }
}

function inPass(i, pass) { return pass === 0 || (pass === 2) === (chain.mark[i] === 1); }
function arrowHead(p, x1, y1, x2, y2, size) {
  var a = Math.atan2(y2 - y1, x2 - x1);
  p.moveTo(x2, y2);
  p.lineTo(x2 - size * Math.cos(a - 0.42), y2 - size * Math.sin(a - 0.42));
  p.lineTo(x2 - size * Math.cos(a + 0.42), y2 - size * Math.sin(a + 0.42));
  p.closePath();
}
function drawArrows(Y, top, bottom, dense, pass, labels) {
  var lines = new Map(), heads = new Map(), drops = new Path2D(), candidates = [];
  var count = 0, drawn = dense ? new Set() : null, V = visLanes.length;
  for (var k = 0; k < arrowS.length; k++) {
    var s = arrowS[k], e = arrowE[k], ys = Y[s], ye = Y[e];
    if ((ys < top && ye < top) || (ys > bottom && ye > bottom)) continue;
    if (!inPass(e, pass) || !eventVisible(e)) continue;
    var ls = evLane[s], le = evLane[e];
    if (!laneVisible(ls) || !laneVisible(le)) continue;
    var x1 = laneCx(ls), x2 = laneCx(le);
    if ((x1 < AXIS_W && x2 < AXIS_W) || (x1 > W && x2 > W)) continue;
    var y1 = yPx(ys), y2 = yPx(ye), isDrop = evKind[e] !== K.deliver;
    count++;
    if (drawn !== null) {
      // Zoomed far out, many arrows land on the same pixels: draw each once.
      var key = ((laneX[ls] * V + laneX[le]) * 4096 + clamp(Math.round(y1), -1000, 3095) + 1000) * 4096 + clamp(Math.round(y2), -1000, 3095) + 1000;
      if (drawn.has(key)) continue;
      drawn.add(key);
    }
    var p = isDrop ? drops : pathIn(lines, typeColor(evType[e]));
    if (ls === le) {
      var bend = Math.min(view.laneW * 0.4, 28), yb = Math.max(y2, y1 + 10);
      p.moveTo(x1, y1); p.bezierCurveTo(x1 + bend, y1, x1 + bend, yb, x2 + 3, yb);
      if (!dense && !isDrop) arrowHead(pathIn(heads, typeColor(evType[e])), x1 + bend, yb, x2 + 3, yb, 7);
    } else {
      p.moveTo(x1, y1); p.lineTo(x2, y2);
      if (!dense && !isDrop) arrowHead(pathIn(heads, typeColor(evType[e])), x1, y1, x2, y2, 8);
      if (!dense && evType[e] >= 0 && Math.abs(x2 - x1) > 70) candidates.push(e, (x1 + x2) / 2, (y1 + y2) / 2);
    }
  }
  ctx.lineWidth = pass === 2 ? 2.2 : count > 3000 ? 0.6 : 1.2;
  // Zoomed far out, arrows pile up: fainter lines let faults and drops show through.
  var alpha = ctx.globalAlpha;
  if (dense && pass !== 2) ctx.globalAlpha = alpha * 0.35;
  lines.forEach(function (path, color) { ctx.strokeStyle = color; ctx.stroke(path); });
  ctx.globalAlpha = alpha;
  heads.forEach(function (path, color) { ctx.fillStyle = color; ctx.fill(path); });
  ctx.strokeStyle = '#dc2626';
  ctx.setLineDash([5, 3]);
  ctx.stroke(drops);
  ctx.setLineDash([]);
  // Messages still in flight at the end of the trace: a short dashed stub towards the target.
  if (!dense) drawInFlight(Y, top, bottom, pass);
  stats.drawnArrows += count;
  if (candidates.length / 3 <= Math.min(LABELS_MAX, labelBudget)) {
    ctx.font = FONT;
    ctx.textAlign = 'center';
    for (var c = 0; c < candidates.length; c += 3) {
      var ev = candidates[c], text = STR[evType[ev]], w = ctx.measureText(text).width + 6;
      var cx = candidates[c + 1], cy = candidates[c + 2] - 4;
      if (!labels.take(cx - w / 2, cy - 10, w, 12)) continue;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillRect(cx - w / 2, cy - 10, w, 12);
      ctx.fillStyle = evKind[ev] === K.deliver ? typeColor(evType[ev]) : '#b91c1c';
      ctx.fillText(text, cx, cy);
    }
    ctx.textAlign = 'left';
  }
}
function drawInFlight(Y, top, bottom, pass) {
  ctx.strokeStyle = '#94a3b8';
  ctx.lineWidth = 1.2;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (var k = 0; k < pendingS.length; k++) {
    var s = pendingS[k];
    if (Y[s] < top || Y[s] > bottom || !inPass(s, pass) || !eventVisible(s) || !laneVisible(evLane[s])) continue;
    var target = laneOf(STR[evToNode[s]] === undefined ? STR[evNode[s]] : STR[evToNode[s]], STR[evTo[s]]);
    var x1 = laneCx(evLane[s]), y1 = yPx(Y[s]);
    var dir = laneVisible(target) && laneCx(target) < x1 ? -1 : 1;
    ctx.moveTo(x1, y1); ctx.lineTo(x1 + dir * Math.min(40, view.laneW * 0.45), y1 + 10);
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

var MARK = { send: 0, deliver: 1, bad: 2, timer: 3, spawn: 4, stop: 5, crash: 6, restart: 7, milestone: 8, other: 9 };
function markOf(k) {
  if (k === K.send) return MARK.send;
  if (k === K.deliver) return MARK.deliver;
  if (k === K.drop || k === K['dead-letter']) return MARK.bad;
  if (k === K.timer) return MARK.timer;
  if (k === K.spawn) return MARK.spawn;
  if (k === K.stop) return MARK.stop;
  if (k === K.crash) return MARK.crash;
  if (k === K.restart) return MARK.restart;
  if (k === K.milestone) return MARK.milestone;
  return MARK.other;
}
function labelOf(i) {
  var k = evKind[i], type = str(evType[i]), reason = str(evReason[i]), detail = str(evDetail[i]);
  if (k === K.drop) return '✗ ' + (type ? type + ' ' : '') + (reason || 'dropped');
  if (k === K['dead-letter']) return '✗ dead letter' + (reason && reason !== 'dead-letter' ? ' (' + reason + ')' : '') + (type ? ' ' + type : '');
  if (k === K.milestone) {
    var data = eventObject(i).data, parts = [];
    if (data && typeof data === 'object') for (var key in data) parts.push(key + '=' + (typeof data[key] === 'string' ? data[key] : JSON.stringify(data[key])));
    return '★ ' + (type || 'milestone') + (parts.length ? ' ' + parts.join(' ') : '');
  }
  if (k === K.crash) return '▲ crash' + (detail ? ': ' + detail.split('\n')[0] : '');
  if (k === K.restart) return '↻ restart' + (detail ? ' (' + detail + ')' : '');
  if (k === K.spawn) return 'spawn' + (type ? ' ' + type : '');
  if (k === K.stop) return 'stop' + (reason ? ' (' + reason + ')' : '');
  if (k === K.timer) return (detail || type || 'timer');
  if (k === K.fault) return (type || 'fault') + (detail ? ': ' + detail : '');
  return KINDS[k] + (type ? ' ' + type : '');
}
var LABEL_STYLE = {};
LABEL_STYLE[MARK.bad] = { fg: '#b91c1c', bg: 'rgba(254, 226, 226, 0.92)', prio: 1 };
LABEL_STYLE[MARK.milestone] = { fg: '#854d0e', bg: 'rgba(254, 243, 199, 0.95)', prio: 0 };
LABEL_STYLE[MARK.crash] = { fg: '#991b1b', bg: 'rgba(254, 202, 202, 0.95)', prio: 0 };
LABEL_STYLE[MARK.restart] = { fg: '#166534', bg: 'rgba(220, 252, 231, 0.95)', prio: 0 };
LABEL_STYLE[MARK.other] = { fg: '#9a3412', bg: 'rgba(255, 237, 213, 0.95)', prio: 0 };
LABEL_STYLE[MARK.spawn] = { fg: '#166534', bg: 'rgba(255, 255, 255, 0.85)', prio: 2 };
LABEL_STYLE[MARK.stop] = { fg: '#475569', bg: 'rgba(255, 255, 255, 0.85)', prio: 2 };
LABEL_STYLE[MARK.timer] = { fg: '#0e7490', bg: 'rgba(255, 255, 255, 0.8)', prio: 3 };

function drawEvents(Y, ord, lo, hi, dense, pass, labels) {
  var dots = new Map(), shapes = [];
  for (var m = 0; m < 10; m++) shapes.push(new Path2D());
  var cand = [[], [], [], []];
  var count = 0, r = dense ? 1.6 : 3;
  var PX = 4096, seenPx = dense ? new Uint8Array(visLanes.length * PX) : null;
  for (var p = lo; p < hi; p++) {
    var i = ord[p], l = evLane[i];
    if (!laneVisible(l) || !inPass(i, pass) || !eventVisible(i)) continue;
    var x = laneCx(l);
    if (x < AXIS_W - 10 || x > W + 10) continue;
    var y = yPx(Y[i]), mark = markOf(evKind[i]);
    count++;
    if (dense) {
      // One marker per lane and pixel row is all the eye can see.
      var cell = laneX[l] * PX + clamp(Math.round(y) + 64, 0, PX - 1);
      if (seenPx[cell] && mark !== MARK.milestone && mark !== MARK.crash) continue;
      seenPx[cell] = 1;
      var dp = mark <= MARK.deliver ? pathIn(dots, typeColor(evType[i])) : shapes[mark];
      dp.rect(x - r, y - r, 2 * r, 2 * r);
      if (mark === MARK.milestone || mark === MARK.crash) cand[0].push(i, x, y);
      continue;
    }
    switch (mark) {
      case MARK.send: pathIn(dots, typeColor(evType[i])).moveTo(x + r, y); pathIn(dots, typeColor(evType[i])).arc(x, y, r, 0, 6.2832); break;
      case MARK.deliver: pathIn(dots, typeColor(evType[i])).moveTo(x + 2.4, y); pathIn(dots, typeColor(evType[i])).arc(x, y, 2.4, 0, 6.2832); break;
      case MARK.bad: shapes[mark].moveTo(x - 5, y - 5); shapes[mark].lineTo(x + 5, y + 5); shapes[mark].moveTo(x + 5, y - 5); shapes[mark].lineTo(x - 5, y + 5); break;
      case MARK.timer: shapes[mark].moveTo(x + 3.5, y); shapes[mark].arc(x, y, 3.5, 0, 6.2832); break;
      case MARK.spawn: shapes[mark].rect(x - 4, y - 4, 8, 8); break;
      case MARK.stop: shapes[mark].rect(x - 7, y - 1.5, 14, 3); break;
      case MARK.crash: shapes[mark].moveTo(x, y - 7); shapes[mark].lineTo(x + 6, y + 4); shapes[mark].lineTo(x - 6, y + 4); shapes[mark].closePath(); break;
      case MARK.restart: shapes[mark].moveTo(x + 5, y); shapes[mark].arc(x, y, 5, 0, 6.2832); break;
      case MARK.milestone: shapes[mark].moveTo(x, y - 6); shapes[mark].lineTo(x + 6, y); shapes[mark].lineTo(x, y + 6); shapes[mark].lineTo(x - 6, y); shapes[mark].closePath(); break;
      default: shapes[mark].moveTo(x, y - 5); shapes[mark].lineTo(x + 5, y); shapes[mark].lineTo(x, y + 5); shapes[mark].lineTo(x - 5, y); shapes[mark].closePath(); break;
    }
    var st = LABEL_STYLE[mark];
    if (st) cand[st.prio].push(i, x, y);
  }
  dots.forEach(function (path, color) { ctx.fillStyle = color; ctx.fill(path); });
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#dc2626'; ctx.stroke(shapes[MARK.bad]);
  if (dense) { ctx.fillStyle = '#dc2626'; ctx.fill(shapes[MARK.bad]); }
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#0891b2'; ctx.stroke(shapes[MARK.timer]);
  if (dense) { ctx.fillStyle = '#0891b2'; ctx.fill(shapes[MARK.timer]); }
  ctx.fillStyle = '#16a34a'; ctx.fill(shapes[MARK.spawn]);
  ctx.fillStyle = '#334155'; ctx.fill(shapes[MARK.stop]);
  ctx.fillStyle = '#dc2626'; ctx.fill(shapes[MARK.crash]);
  ctx.strokeStyle = '#16a34a'; ctx.lineWidth = 2; ctx.stroke(shapes[MARK.restart]);
  if (dense) { ctx.fillStyle = '#16a34a'; ctx.fill(shapes[MARK.restart]); }
  ctx.fillStyle = '#eab308'; ctx.fill(shapes[MARK.milestone]);
  ctx.strokeStyle = '#854d0e'; ctx.lineWidth = 1; ctx.stroke(shapes[MARK.milestone]);
  ctx.fillStyle = '#ea580c'; ctx.fill(shapes[MARK.other]);
  stats.drawnEvents += count;
  // Labels: most important first; a kind with too many on screen gets none.
  ctx.font = FONT;
  var maxW = view.laneW - 14;
  for (var prio = 0; prio < cand.length; prio++) {
    var list = cand[prio];
    var budget = prio === 0 ? LABELS_MAX : prio === 3 ? labelBudget / 2 : labelBudget;
    if (list.length / 3 > Math.min(LABELS_MAX, budget)) continue;
    for (var c = 0; c < list.length; c += 3) {
      var ev = list[c], lx = list[c + 1] + 8, ly = list[c + 2] + 4;
      var style = LABEL_STYLE[markOf(evKind[ev])];
      // Milestones, crashes, restarts and drops matter most: their labels may run over the next lane.
      var room = prio <= 1 ? Math.max(maxW, Math.min(prio === 0 ? 260 : 180, view.laneW * 2 - 14)) : maxW;
      var text = fitText(labelOf(ev), room);
      if (text === '') continue;
      var w = ctx.measureText(text).width + 8;
      if (!labels.take(lx, ly - 11, w, 14)) continue;
      pill(lx, ly, text, style.fg, style.bg, room);
    }
  }
}

function drawSelection(Y) {
  if (selected < 0 || !laneVisible(evLane[selected]) && evKind[selected] !== K.fault) return;
  var x, y = yPx(Y[selected]);
  if (evLane[selected] >= 0) x = laneCx(evLane[selected]);
  else {
    for (var b = 0; b < bands.length; b++) if (bands[b].s === selected || bands[b].e === selected) { var sp = bandSpan(bands[b]); if (sp) x = Math.max(sp.x1, AXIS_W) + 4; }
  }
  if (x === undefined) return;
  ctx.strokeStyle = '#0f172a';
  ctx.lineWidth = 2.5;
  ctx.beginPath(); ctx.arc(x, y, 8, 0, 6.2832); ctx.stroke();
  ctx.strokeStyle = '#facc15';
  ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.arc(x, y, 10.5, 0, 6.2832); ctx.stroke();
}

`;
