import { createHash } from 'node:crypto';
import { escapeHtml, jsonForScript } from './escapeHtml.js';
import { VIEWER_SCRIPT } from './script/viewerScript.js';
import { VIEWER_STYLE } from './viewerStyle.js';

/** What the page needs besides the trace. */
export interface PageOptions {
  /** Shown in the tab and the top bar. */
  title: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * The Content-Security-Policy of the page: nothing may be fetched (no
 * network, no images, no fonts) and only the viewer's own script and style,
 * named by their hash, may run. An injected `<script>` or `on…` attribute,
 * were one to slip through the escaping, would not run.
 */
const CSP = `default-src 'none'; script-src 'sha256-${sha256(VIEWER_SCRIPT)}'; style-src 'sha256-${sha256(VIEWER_STYLE)}'; img-src data:; base-uri 'none'; form-action 'none'`;

/** The static markup: toolbar, filter lists, canvas stage, side panel and legend. */
const BODY = `<div id="tv-app">
<header id="tv-top">
  <h1 id="tv-title"></h1><span id="tv-stats"></span>
  <div class="tv-tools">
    <label>axis <select id="tv-mode" title="vertical axis"><option value="time">virtual time</option><option value="lamport">Lamport clock</option><option value="seq">event order</option></select></label>
    <button id="tv-zoom-in" title="zoom in (+)">+</button><button id="tv-zoom-out" title="zoom out (-)">−</button><button id="tv-fit" title="whole trace (f)">fit</button>
    <label title="lane width">lanes <input type="range" id="tv-lane-w" min="60" max="360" value="150"></label>
    <label title="one lane per node for short-lived actors such as /$ask/17"><input type="checkbox" id="tv-merge" checked> merge ask actors</label>
    <input type="search" id="tv-find" placeholder="find… (Enter: next)" title="type, actor, node, detail or #seq; Enter for the next match, Shift+Enter for the previous">
    <span id="tv-find-count"></span>
  </div>
</header>
<div id="tv-main">
  <aside id="tv-filters">
    <section id="tv-f-nodes"><h2>Nodes <button data-all>all</button><button data-none>none</button></h2><input type="search" placeholder="filter nodes"><div class="tv-list"></div><div class="tv-more"></div></section>
    <section id="tv-f-lanes"><h2>Actors <button data-all>all</button><button data-none>none</button></h2><input type="search" placeholder="filter actors"><div class="tv-list"></div><div class="tv-more"></div></section>
    <section id="tv-f-types"><h2>Message types <button data-all>all</button><button data-none>none</button></h2><input type="search" placeholder="filter types"><div class="tv-list"></div><div class="tv-more"></div></section>
    <section id="tv-f-kinds"><h2>Event kinds <button data-all>all</button><button data-none>none</button></h2><input type="search" placeholder="filter kinds"><div class="tv-list"></div><div class="tv-more"></div></section>
  </aside>
  <div id="tv-stage"><canvas id="tv-canvas"></canvas><div id="tv-tip" hidden></div></div>
  <aside id="tv-panel">
    <p id="tv-hint">Click an event (or an arrow, or a fault line) to see its JSON and its causal chain.</p>
    <div id="tv-detail" hidden>
      <div class="tv-head"><h2 id="tv-ev-title"></h2><button id="tv-chain-only" title="hide everything outside the causal chain">Chain only</button><button id="tv-clear" title="Esc">Clear</button></div>
      <div id="tv-ev-summary"></div>
      <pre id="tv-json"></pre>
      <div id="tv-payload-box" hidden><div id="tv-payload-title"></div><pre id="tv-payload"></pre></div>
      <div id="tv-chain-info"></div>
      <ol id="tv-chain-list"></ol>
      <div id="tv-chain-more"></div>
    </div>
  </aside>
</div>
<footer id="tv-legend">
  <span><b class="k-send">●</b> send → deliver</span><span><b class="k-drop">✗</b> drop / dead letter</span><span><b class="k-timer">○</b> timer</span>
  <span><b class="k-spawn">■</b> spawn</span><span><b class="k-stop">▬</b> stop</span><span><b class="k-crash">▲</b> crash</span><span><b class="k-restart">◯</b> restart</span><span><b class="k-mile">◆</b> milestone</span>
  <span><i class="b b-down"></i>node down</span><span><i class="b b-part"></i>partition</span><span><i class="b b-loss"></i>loss burst</span><span><i class="b b-skew"></i>clock skew</span>
  <span id="tv-help">wheel: zoom · drag: pan · shift+wheel: scroll lanes · click: inspect · Esc: clear · f: fit</span>
</footer>
</div>`;

/**
 * The complete viewer page around already-encoded viewer data (the JSON text
 * of a {@link ViewerData}). Trace data enters the page only inside
 * `<script type="application/json">` blocks, escaped by {@link jsonForScript};
 * the title is HTML-escaped in `<title>` and set with `textContent` elsewhere.
 *
 * @example
 * renderPage(encodeViewerData(events), { title: 'run 42' }) // '<!DOCTYPE html>…'
 */
export const renderPage = (dataJson: string, options: PageOptions): string =>
  `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="generator" content="troupe trace viewer">
<title>${escapeHtml(options.title)}</title>
<style>${VIEWER_STYLE}</style>
</head>
<body>
${BODY}
<script type="application/json" id="troupe-config">${jsonForScript(JSON.stringify({ title: options.title }))}</script>
<script type="application/json" id="troupe-trace">${jsonForScript(dataJson)}</script>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
