/**
 * The viewer's controls, as browser JavaScript (part 3 of the page script;
 * see {@link VIEWER_SCRIPT}): zoom and pan (wheel, drag, buttons, keys), the
 * axis switch, filter lists (capped, with a search box, so a trace with
 * thousands of actors still makes a few hundred DOM nodes), find, the side
 * panel with the selected event's JSON and its causal chain, and
 * `window.troupeViewer`, a read-only handle for tests and scripts. Every
 * trace string reaches the DOM through `textContent` or `title`, never as HTML.
 */
export const UI_SCRIPT = String.raw`
var LIST_MAX = 80, CHAIN_LIST_MAX = 100;
function $(id) { return document.getElementById(id); }
var stage = $('tv-stage'), tip = $('tv-tip');
document.title = CONFIG.title;
$('tv-title').textContent = CONFIG.title;
function fmtInt(n) { return n.toLocaleString('en-US'); }

// ------------------------------------------------------------------ view
function extent() {
  if (N === 0) return { min: 0, max: 1 };
  var Y = yOf(mode), ord = orderOf(mode);
  return { min: Y[ord[0]], max: Y[ord[N - 1]] };
}
function visibleSpan() { return Math.max(1, H - HEAD_H) / view.scale; }
function fit() {
  var e = extent(), span = Math.max(e.max - e.min, 1e-6);
  view.scale = Math.max(20, H - HEAD_H - 36) / span;
  view.y0 = e.min - 18 / view.scale;
  view.x0 = 0;
  requestDraw();
}
function show(from, to) {
  view.scale = Math.max(1, H - HEAD_H) / Math.max(to - from, 1e-9);
  view.y0 = from;
  clampView();
  requestDraw();
}
function clampView() {
  var maxX = Math.max(0, visLanes.length * view.laneW - (W - AXIS_W) + 20);
  view.x0 = clamp(view.x0, 0, maxX);
  var e = extent(), span = visibleSpan();
  view.y0 = clamp(view.y0, e.min - span * 0.9, e.max - span * 0.1);
}
function zoomAt(py, factor) {
  var e = extent(), v = yVal(py);
  var minScale = Math.max(20, H - HEAD_H) / Math.max(e.max - e.min, 1e-6) / 4;
  view.scale = clamp(view.scale * factor, minScale, 1e6);
  view.y0 = v - (py - HEAD_H) / view.scale;
  clampView();
  requestDraw();
}
function center(i) {
  var Y = yOf(mode);
  view.y0 = Y[i] - visibleSpan() / 2;
  if (evLane[i] >= 0 && laneVisible(evLane[i])) {
    var lx = laneX[evLane[i]] * view.laneW;
    if (lx < view.x0 || lx + view.laneW > view.x0 + W - AXIS_W) view.x0 = lx - (W - AXIS_W) / 2 + view.laneW / 2;
  }
  clampView();
  requestDraw();
}
function resize() {
  W = stage.clientWidth; H = stage.clientHeight;
  DPR = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(W * DPR));
  canvas.height = Math.max(1, Math.round(H * DPR));
  canvas.style.width = W + 'px';
  canvas.style.height = H + 'px';
  clampView();
  requestDraw();
}
function setMode(m) {
  if (m !== 'time' && m !== 'lamport' && m !== 'seq') throw new RangeError('mode must be time, lamport or seq');
  mode = m;
  $('tv-mode').value = m;
  fit();
  if (selected >= 0) center(selected);
}

// ------------------------------------------------------------------ filters
function makeFilter(id, getItems, isOn, setOn) {
  var sec = $(id), search = sec.querySelector('input'), list = sec.querySelector('.tv-list'), more = sec.querySelector('.tv-more');
  var items = [];
  function matching() {
    var q = search.value.trim().toLowerCase();
    return q === '' ? items : items.filter(function (it) { return it.label.toLowerCase().indexOf(q) >= 0; });
  }
  function render() {
    list.textContent = '';
    var shown = matching();
    shown.slice(0, LIST_MAX).forEach(function (it) {
      var label = document.createElement('label');
      label.title = it.label;
      if (it.color) label.style.borderLeftColor = it.color;
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = isOn(it.key);
      box.addEventListener('change', function () { setOn(it.key, box.checked); changed(); });
      var name = document.createElement('span');
      name.textContent = it.label;
      var count = document.createElement('small');
      count.textContent = fmtInt(it.count);
      label.appendChild(box); label.appendChild(name); label.appendChild(count);
      list.appendChild(label);
    });
    more.textContent = shown.length > LIST_MAX ? '+' + fmtInt(shown.length - LIST_MAX) + ' more: narrow the search' : '';
  }
  function setAll(on) { matching().forEach(function (it) { setOn(it.key, on); }); render(); changed(); }
  search.addEventListener('input', render);
  sec.querySelector('[data-all]').addEventListener('click', function () { setAll(true); });
  sec.querySelector('[data-none]').addEventListener('click', function () { setAll(false); });
  return { reset: function () { items = getItems(); render(); } };
}
function countBy(col, keep) {
  var m = new Map();
  for (var i = 0; i < N; i++) if (keep(i)) m.set(col[i], (m.get(col[i]) || 0) + 1);
  return m;
}
var nodeFilter = makeFilter('tv-f-nodes', function () {
  return nodes.map(function (g) {
    var count = 0;
    g.lanes.forEach(function (l) { count += lanes[l].count; });
    return { key: g.name, label: g.name === '' ? 'outside' : g.name, count: count };
  });
}, function (k) { return filters.node.get(k) !== false; }, function (k, on) { filters.node.set(k, on); });
var laneFilter = makeFilter('tv-f-lanes', function () {
  return lanes.map(function (l) { return { key: l.key, label: l.label, count: l.count }; });
}, function (k) { return filters.lane.get(k) !== false; }, function (k, on) { filters.lane.set(k, on); });
var typeFilter = makeFilter('tv-f-types', function () {
  var out = [];
  countBy(evType, function (i) { return MSG_KINDS[evKind[i]] === 1 && evType[i] >= 0; }).forEach(function (count, code) {
    out.push({ key: code, label: STR[code], count: count, color: typeColor(code) });
  });
  return out.sort(function (a, b) { return b.count - a.count || naturalCompare(a.label, b.label); });
}, function (k) { return !typeOff[k]; }, function (k, on) { typeOff[k] = on ? 0 : 1; });
var kindFilter = makeFilter('tv-f-kinds', function () {
  var out = [];
  countBy(evKind, function () { return true; }).forEach(function (count, k) { out.push({ key: k, label: KINDS[k], count: count }); });
  return out.sort(function (a, b) { return a.key - b.key; });
}, function (k) { return !kindOff[k]; }, function (k, on) { kindOff[k] = on ? 0 : 1; });

function changed() {
  layoutLanes();
  clampView();
  updateStats();
  requestDraw();
}
function updateStats() {
  var e = { min: N ? evT[0] : 0, max: N ? evT[N - 1] : 0 };
  var realNodes = nodes.filter(function (g) { return g.name !== ''; }).length;
  $('tv-stats').textContent = fmtInt(N) + ' events · ' + realNodes + ' nodes · ' + visLanes.length + ' of ' + lanes.length + ' lanes · ' +
    (T0 > 0 ? 'live, ' + ((e.max - e.min) / 1000).toFixed(3) + ' s' : formatTime(e.min) + ' – ' + formatTime(e.max));
}

// ------------------------------------------------------------------ selection and the side panel
function summary(i) {
  var s = '#' + evSeq[i] + '  ' + (mode === 'lamport' ? 'L' + evLamport[i] + '  ' : '') + formatTime(evT[i]) + '  ' + KINDS[evKind[i]];
  if (evType[i] >= 0) s += ' ' + STR[evType[i]];
  var where = evLane[i] >= 0 ? lanes[evLane[i]].label : (STR[evNode[i]] || 'cluster');
  if (evLane[i] >= 0 && STR[evActor[i]] !== lanes[evLane[i]].actor) where = laneLabel(STR[evNode[i]], STR[evActor[i]]);
  s += '\n' + where;
  if (evTo[i] >= 0) s += ' → ' + laneLabel(evToNode[i] >= 0 ? STR[evToNode[i]] : STR[evNode[i]], STR[evTo[i]]);
  if (evKind[i] === K.deliver) {
    var from = sendOf.get(evMsg[i]);
    if (from !== undefined) s += ' ← ' + laneLabel(STR[evNode[from]], STR[evActor[from]]) + ' (sent ' + formatTime(evT[from]) + ')';
  }
  if (evReason[i] >= 0) s += '\nreason: ' + STR[evReason[i]];
  if (evDetail[i] >= 0) s += '\n' + STR[evDetail[i]].split('\n')[0];
  return s;
}
function select(i) {
  selected = i;
  var key = evMsg[i] === evMsg[i] ? evMsg[i] : evCause[i] === evCause[i] && evCause[i] > 0 ? evCause[i] : NaN;
  if (key === key) chain = causalChain(key);
  else { var mark = new Uint8Array(N); mark[i] = 1; chain = { mark: mark, count: 1, messages: 0, root: undefined }; }
  chain.key = key;
  chainLanes = new Uint8Array(lanes.length);
  for (var j = 0; j < N; j++) if (chain.mark[j] && evLane[j] >= 0) chainLanes[evLane[j]] = 1;
  if (chainOnly) layoutLanes();
  showEvent(i);
  renderChain();
  requestDraw();
}
function clearSelection() {
  selected = -1; chain = null; chainLanes = null;
  if (chainOnly) { chainOnly = false; layoutLanes(); }
  $('tv-chain-only').textContent = 'Chain only';
  $('tv-hint').hidden = false;
  $('tv-detail').hidden = true;
  updateStats();
  requestDraw();
}
function showEvent(i) {
  $('tv-hint').hidden = true;
  $('tv-detail').hidden = false;
  $('tv-ev-title').textContent = 'Event #' + evSeq[i];
  $('tv-ev-summary').textContent = summary(i);
  var e = eventObject(i);
  $('tv-json').textContent = JSON.stringify(e, null, 2);
  // A delivery or a drop carries no payload itself: show the one its send recorded.
  var from = e.payload === undefined && evKind[i] !== K.send && evMsg[i] === evMsg[i] ? sendOf.get(evMsg[i]) : undefined;
  var sent = from === undefined ? undefined : eventObject(from);
  $('tv-payload-box').hidden = sent === undefined || sent.payload === undefined;
  if (sent !== undefined && sent.payload !== undefined) {
    $('tv-payload-title').textContent = 'Payload of message ' + sent.msg + ' (from its send #' + sent.seq + ')';
    $('tv-payload').textContent = JSON.stringify(sent.payload, null, 2);
  }
  var items = $('tv-chain-list').children;
  for (var c = 0; c < items.length; c++) items[c].classList.toggle('current', Number(items[c].getAttribute('data-i')) === i);
}
function renderChain() {
  var info = chain.messages > 0
    ? chain.count + ' events in the causal chain of message ' + chain.key + ' (' + chain.messages + ' messages' + (chain.root !== chain.key ? ', root message ' + chain.root : ', a root') + ')'
    : 'No message: this event has no causal chain.';
  $('tv-chain-info').textContent = info;
  var list = $('tv-chain-list');
  list.textContent = '';
  var shown = 0;
  for (var j = 0; j < N && shown < CHAIN_LIST_MAX; j++) {
    if (!chain.mark[j]) continue;
    var li = document.createElement('li');
    li.setAttribute('data-i', String(j));
    li.textContent = '#' + evSeq[j] + ' ' + formatTime(evT[j]) + ' ' + KINDS[evKind[j]] + (evType[j] >= 0 ? ' ' + STR[evType[j]] : '') + ' @ ' + (evLane[j] >= 0 ? lanes[evLane[j]].label : STR[evNode[j]]);
    if (j === selected) li.className = 'current';
    list.appendChild(li);
    shown++;
  }
  $('tv-chain-more').textContent = chain.count > shown ? '+' + fmtInt(chain.count - shown) + ' more in the chain' : '';
}
$('tv-chain-list').addEventListener('click', function (ev) {
  var li = ev.target.closest('li');
  if (!li) return;
  var i = Number(li.getAttribute('data-i'));
  selected = i;
  showEvent(i);
  center(i);
});
$('tv-chain-only').addEventListener('click', function () {
  if (!chain) return;
  chainOnly = !chainOnly;
  this.textContent = chainOnly ? 'Show all' : 'Chain only';
  changed();
});
$('tv-clear').addEventListener('click', clearSelection);

// ------------------------------------------------------------------ find
var findState = { query: '', hits: null, count: 0 };
function findMatches(q) {
  if (findState.query === q) return findState;
  var lower = q.toLowerCase(), hit = new Uint8Array(STR.length), seqQuery = /^#\d+$/.test(q) ? Number(q.slice(1)) : NaN;
  for (var s = 0; s < STR.length; s++) if (STR[s].toLowerCase().indexOf(lower) >= 0) hit[s] = 1;
  var hits = new Uint8Array(N), count = 0;
  for (var i = 0; i < N; i++) {
    var ok = evSeq[i] === seqQuery || hit[evNode[i]] || hit[evActor[i]] || (evType[i] >= 0 && hit[evType[i]]) ||
      (evDetail[i] >= 0 && hit[evDetail[i]]) || (evReason[i] >= 0 && hit[evReason[i]]) || (evTo[i] >= 0 && hit[evTo[i]]);
    if (ok) { hits[i] = 1; count++; }
  }
  findState = { query: q, hits: hits, count: count };
  return findState;
}
function findNext(q, backwards) {
  if (q.trim() === '') { $('tv-find-count').textContent = ''; return; }
  var f = findMatches(q.trim());
  var start = selected < 0 ? (backwards ? N : -1) : selected;
  for (var step = 1; step <= N; step++) {
    var i = ((start + (backwards ? -step : step)) % N + N) % N;
    if (!f.hits[i] || !eventVisible(i) || (evLane[i] >= 0 && !laneVisible(evLane[i]))) continue;
    select(i);
    center(i);
    $('tv-find-count').textContent = fmtInt(f.count) + ' found';
    return;
  }
  $('tv-find-count').textContent = f.count === 0 ? 'none found' : 'all hidden by filters';
}
$('tv-find').addEventListener('keydown', function (ev) {
  if (ev.key === 'Enter') { ev.preventDefault(); findNext(this.value, ev.shiftKey); }
});

// ------------------------------------------------------------------ toolbar
$('tv-mode').addEventListener('change', function () { setMode(this.value); });
$('tv-zoom-in').addEventListener('click', function () { zoomAt(HEAD_H + (H - HEAD_H) / 2, 1.6); });
$('tv-zoom-out').addEventListener('click', function () { zoomAt(HEAD_H + (H - HEAD_H) / 2, 1 / 1.6); });
$('tv-fit').addEventListener('click', fit);
$('tv-lane-w').addEventListener('input', function () {
  var mid = view.x0 + (W - AXIS_W) / 2, ratio = Number(this.value) / view.laneW;
  view.laneW = Number(this.value);
  view.x0 = mid * ratio - (W - AXIS_W) / 2;
  clampView();
  requestDraw();
});
$('tv-merge').addEventListener('change', function () {
  mergeTemp = this.checked;
  buildLanes();
  nodeFilter.reset();
  laneFilter.reset();
  if (chain) { chainLanes = new Uint8Array(lanes.length); for (var j = 0; j < N; j++) if (chain.mark[j] && evLane[j] >= 0) chainLanes[evLane[j]] = 1; }
  changed();
});

// ------------------------------------------------------------------ mouse and keys
var drag = null;
canvas.addEventListener('mousedown', function (ev) {
  if (ev.button !== 0) return;
  drag = { x: ev.clientX, y: ev.clientY, y0: view.y0, x0: view.x0, moved: false };
  ev.preventDefault();
});
window.addEventListener('mousemove', function (ev) {
  if (drag) {
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && dx * dx + dy * dy < 16) return;
    drag.moved = true;
    tip.hidden = true;
    canvas.style.cursor = 'grabbing';
    view.y0 = drag.y0 - dy / view.scale;
    view.x0 = drag.x0 - dx;
    clampView();
    requestDraw();
    return;
  }
  if (ev.target !== canvas) { tip.hidden = true; return; }
  var r = canvas.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
  var i = hitTest(px, py);
  canvas.style.cursor = i >= 0 ? 'pointer' : '';
  if (i < 0) { tip.hidden = true; return; }
  tip.textContent = summary(i) + (hitStack.length > 1 ? '\n(' + hitStack.length + ' events here: click again for the next)' : '');
  tip.hidden = false;
  tip.style.left = Math.min(px + 14, Math.max(0, W - tip.offsetWidth - 4)) + 'px';
  tip.style.top = Math.min(py + 14, Math.max(0, H - tip.offsetHeight - 4)) + 'px';
});
window.addEventListener('mouseup', function (ev) {
  if (!drag) return;
  var d = drag;
  drag = null;
  canvas.style.cursor = '';
  if (d.moved) return;
  var r = canvas.getBoundingClientRect();
  var i = hitTest(ev.clientX - r.left, ev.clientY - r.top, true);
  if (i >= 0) select(i); else clearSelection();
});
canvas.addEventListener('wheel', function (ev) {
  ev.preventDefault();
  var unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? H : 1;
  var dy = ev.deltaY * unit, dx = ev.deltaX * unit;
  if (ev.shiftKey || Math.abs(dx) > Math.abs(dy)) {
    view.x0 += ev.shiftKey && dx === 0 ? dy : dx;
    clampView();
    requestDraw();
    return;
  }
  var r = canvas.getBoundingClientRect();
  zoomAt(ev.clientY - r.top, Math.exp(-dy * 0.0015));
}, { passive: false });
canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
document.addEventListener('keydown', function (ev) {
  var tag = ev.target && ev.target.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  var page = visibleSpan();
  switch (ev.key) {
    case 'ArrowDown': view.y0 += page / 10; break;
    case 'ArrowUp': view.y0 -= page / 10; break;
    case 'PageDown': view.y0 += page * 0.9; break;
    case 'PageUp': view.y0 -= page * 0.9; break;
    case 'ArrowRight': view.x0 += view.laneW; break;
    case 'ArrowLeft': view.x0 -= view.laneW; break;
    case '+': case '=': zoomAt(HEAD_H + (H - HEAD_H) / 2, 1.6); return;
    case '-': case '_': zoomAt(HEAD_H + (H - HEAD_H) / 2, 1 / 1.6); return;
    case 'f': case '0': fit(); return;
    case 'Escape': clearSelection(); return;
    case 'n': findNext($('tv-find').value, ev.shiftKey); return;
    default: return;
  }
  ev.preventDefault();
  clampView();
  requestDraw();
});

// ------------------------------------------------------------------ start
buildLanes();
layoutLanes();
nodeFilter.reset(); laneFilter.reset(); typeFilter.reset(); kindFilter.reset();
resize();
// Start with every lane on screen when they fit at a readable width.
view.laneW = clamp(Math.floor((W - AXIS_W - 8) / Math.max(1, visLanes.length)), 70, 180);
$('tv-lane-w').value = String(view.laneW);
fit();
updateStats();
if (typeof ResizeObserver === 'function') new ResizeObserver(resize).observe(stage);
else window.addEventListener('resize', resize);

function indexOfSeq(seq) {
  var lo = 0, hi = N - 1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (evSeq[mid] === seq) return mid;
    if (evSeq[mid] < seq) lo = mid + 1; else hi = mid - 1;
  }
  for (var i = 0; i < N; i++) if (evSeq[i] === seq) return i;
  return -1;
}
/** A read-only handle for tests and scripts: what is shown, where an event is, and a few moves. */
window.troupeViewer = Object.freeze({
  snapshot: function () {
    return {
      title: CONFIG.title,
      mode: mode,
      events: N,
      lanes: visLanes.map(function (l) { return lanes[l].label; }),
      allLanes: lanes.length,
      drawnEvents: stats.drawnEvents,
      drawnArrows: stats.drawnArrows,
      frames: stats.frames,
      selected: selected >= 0 ? evSeq[selected] : null,
      chain: chain ? chain.count : 0,
      chainMessages: chain ? chain.messages : 0,
      chainOnly: chainOnly,
      view: { from: yVal(HEAD_H), to: yVal(H) },
      scale: view.scale,
    };
  },
  /** Page coordinates of an event's marker, or null when it is hidden or off screen. */
  locate: function (seq) {
    var i = indexOfSeq(seq);
    if (i < 0 || evLane[i] < 0 || !laneVisible(evLane[i]) || !eventVisible(i)) return null;
    var x = laneCx(evLane[i]), y = yPx(yOf(mode)[i]);
    if (x < AXIS_W || x > W || y < HEAD_H || y > H) return null;
    var r = canvas.getBoundingClientRect();
    return { x: r.left + x, y: r.top + y };
  },
  show: function (from, to) { show(from, to); },
  setMode: function (m) { setMode(m); },
  select: function (seq) { var i = indexOfSeq(seq); if (i >= 0) { select(i); center(i); } return i >= 0; },
  clear: function () { clearSelection(); },
});
`;
