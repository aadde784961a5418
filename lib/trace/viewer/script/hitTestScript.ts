/**
 * The viewer's hit test, as browser JavaScript (part of the page script; see
 * {@link VIEWER_SCRIPT}): which event is under the pointer. Markers first
 * (searched by binary search around the pointer's position on the axis),
 * then fault lines, then arrows (the nearest within 5 px gives its end).
 */
export const HIT_TEST_SCRIPT = String.raw`
function distToSegment(px, py, x1, y1, x2, y2) {
  var dx = x2 - x1, dy = y2 - y1, len = dx * dx + dy * dy;
  var u = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len));
  var x = x1 + u * dx - px, y = y1 + u * dy - py;
  return Math.sqrt(x * x + y * y);
}
/** Events drawn at the same point as the last hit (several share a point: a timer and the send it causes). */
var hitStack = [];
/**
 * The event under a point of the canvas: a marker, else a fault line, else an arrow (its end);
 * -1 if none. Where markers coincide, clicking again on the selected one gives the next.
 */
function hitTest(px, py, cycle) {
  hitStack = [];
  if (px < AXIS_W || py < HEAD_H) return -1;
  var Y = yOf(mode), ord = orderOf(mode);
  var lo = lowerBound(ord, Y, yVal(py - 9)), hi = Math.min(upperBound(ord, Y, yVal(py + 9)), lo + 200000);
  var near = [], bestD = Infinity;
  for (var p = lo; p < hi; p++) {
    var i = ord[p], l = evLane[i];
    if (!laneVisible(l) || !eventVisible(i)) continue;
    var dx = laneCx(l) - px;
    if (dx > 9 || dx < -9) continue;
    var dy = yPx(Y[i]) - py, d = Math.sqrt(dx * dx + dy * dy);
    if (d > 9) continue;
    near.push(i, d);
    if (d < bestD) bestD = d;
  }
  if (near.length > 0) {
    for (var n = 0; n < near.length; n += 2) if (near[n + 1] <= bestD + 1.5) hitStack.push(near[n]);
    hitStack.sort(function (a, b) { return a - b; });
    var at = cycle ? hitStack.indexOf(selected) : -1;
    return hitStack[at < 0 ? 0 : (at + 1) % hitStack.length];
  }
  if (!kindOff[K.fault]) {
    for (var b = 0; b < bands.length; b++) {
      var span = bandSpan(bands[b]);
      if (!span || px < span.x1 || px > span.x2) continue;
      if (Math.abs(yPx(Y[bands[b].s]) - py) <= 4) return bands[b].s;
      if (bands[b].e >= 0 && Math.abs(yPx(Y[bands[b].e]) - py) <= 4) return bands[b].e;
    }
  }
  var bestArrow = -1, bestDist = 5;
  var top = yVal(py - 5), bottom = yVal(py + 5);
  for (var k = 0; k < arrowS.length; k++) {
    var s = arrowS[k], e = arrowE[k], ys = Y[s], ye = Y[e];
    if ((ys < top && ye < top) || (ys > bottom && ye > bottom)) continue;
    if (!eventVisible(e) || !laneVisible(evLane[s]) || !laneVisible(evLane[e])) continue;
    var dist = distToSegment(px, py, laneCx(evLane[s]), yPx(ys), laneCx(evLane[e]), yPx(ye));
    if (dist < bestDist) { bestDist = dist; bestArrow = e; }
  }
  return bestArrow;
}
`;
