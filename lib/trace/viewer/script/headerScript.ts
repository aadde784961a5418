/**
 * The viewer's sticky frame, as browser JavaScript (part of the page script;
 * see {@link VIEWER_SCRIPT}): the node headers and lane names along the top,
 * and the axis with its ticks down the left, drawn over everything else.
 */
export const HEADER_SCRIPT = String.raw`
var HEADER_COLORS = ['#1e3a8a', '#065f46', '#7c2d12', '#581c87', '#831843', '#134e4a'];
function drawHeader() {
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(0, 0, W, HEAD_H);
  ctx.fillStyle = '#cbd5e1';
  ctx.fillRect(0, HEAD_H - 1, W, 1);
  var shown = 0;
  for (var n = 0; n < nodes.length; n++) {
    var g = nodes[n], span = nodeSpan(g);
    if (!span) continue;
    var color = HEADER_COLORS[shown++ % HEADER_COLORS.length];
    var x1 = Math.max(span.x1 + 2, AXIS_W + 2), x2 = Math.min(span.x2 - 2, W - 2);
    if (x2 > x1) {
      ctx.fillStyle = color;
      ctx.beginPath();
      if (ctx.roundRect) ctx.roundRect(x1, 4, x2 - x1, 20, 5); else ctx.rect(x1, 4, x2 - x1, 20);
      ctx.fill();
      ctx.font = FONT_BOLD;
      ctx.fillStyle = '#ffffff';
      ctx.textAlign = 'center';
      ctx.fillText(fitText(g.name === '' ? 'outside the cluster' : 'node ' + g.name, x2 - x1 - 8), (x1 + x2) / 2, 18);
    }
    ctx.font = FONT;
    ctx.fillStyle = '#0f172a';
    for (var i = 0; i < g.lanes.length; i++) {
      var l = g.lanes[i];
      if (!laneVisible(l)) continue;
      var cx = laneCx(l);
      if (cx < AXIS_W - view.laneW || cx > W + view.laneW) continue;
      var lane = lanes[l], text = lane.node === '' ? lane.label : lane.actor === '' ? '(node)' : lane.actor;
      ctx.fillText(fitText(text, view.laneW - 10), cx, 41);
    }
    ctx.textAlign = 'left';
  }
}
function drawAxis() {
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(0, HEAD_H, AXIS_W, H - HEAD_H);
  ctx.fillRect(0, 0, AXIS_W, HEAD_H);
  ctx.fillStyle = '#cbd5e1';
  ctx.fillRect(AXIS_W - 1, 0, 1, H);
  ctx.font = FONT;
  ctx.fillStyle = '#334155';
  ctx.textAlign = 'right';
  var step = tickStep();
  for (var v = Math.ceil(yVal(HEAD_H) / step) * step; yPx(v) < H; v += step) {
    var y = Math.round(yPx(v));
    ctx.fillRect(AXIS_W - 6, y, 5, 1);
    ctx.fillText(formatTick(v, step), AXIS_W - 9, y + 4);
  }
  ctx.textAlign = 'left';
  ctx.font = FONT_BOLD;
  ctx.fillStyle = '#0f172a';
  ctx.fillText(mode === 'time' ? 'time ↓' : mode === 'lamport' ? 'Lamport ↓' : 'order ↓', 8, 36);
}

`;
