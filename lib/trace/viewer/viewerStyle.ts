/** The stylesheet of the viewer page (inline: the page loads nothing). */
export const VIEWER_STYLE = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; background: #fff; }
#tv-app { display: flex; flex-direction: column; height: 100vh; }
#tv-top { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 7px 12px; background: #0f172a; color: #f8fafc; }
#tv-title { font-size: 15px; margin: 0; font-weight: 650; }
#tv-stats { color: #94a3b8; font-size: 12px; }
.tv-tools { display: flex; align-items: center; gap: 6px 10px; margin-left: auto; flex-wrap: wrap; }
.tv-tools label { display: inline-flex; align-items: center; gap: 5px; color: #cbd5e1; font-size: 12px; }
.tv-tools button, .tv-tools select, .tv-tools input[type=search] { font: inherit; font-size: 12px; border: 1px solid #334155; background: #1e293b; color: #f8fafc; border-radius: 5px; padding: 3px 8px; }
.tv-tools button { min-width: 28px; cursor: pointer; }
.tv-tools button:hover { background: #334155; }
.tv-tools input[type=search] { width: 150px; }
.tv-tools input[type=range] { width: 90px; }
#tv-find-count { color: #94a3b8; font-size: 12px; min-width: 60px; }
#tv-main { flex: 1; display: flex; min-height: 0; }
#tv-filters { width: 220px; flex: none; overflow-y: auto; border-right: 1px solid #e2e8f0; padding: 6px 8px; background: #f8fafc; }
#tv-filters section { margin-bottom: 10px; }
#tv-filters h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #475569; margin: 6px 0 4px; display: flex; align-items: center; gap: 4px; }
#tv-filters h2 button { margin-left: auto; font: inherit; font-size: 10px; text-transform: none; letter-spacing: 0; border: 1px solid #cbd5e1; background: #fff; border-radius: 4px; padding: 0 5px; cursor: pointer; }
#tv-filters h2 button + button { margin-left: 0; }
#tv-filters input[type=search] { width: 100%; font: inherit; font-size: 12px; padding: 2px 6px; border: 1px solid #cbd5e1; border-radius: 4px; margin-bottom: 3px; }
.tv-list label { display: flex; align-items: center; gap: 5px; padding: 1px 3px; border-left: 3px solid transparent; cursor: pointer; white-space: nowrap; font-size: 12px; }
.tv-list label:hover { background: #e2e8f0; }
.tv-list label span { overflow: hidden; text-overflow: ellipsis; flex: 1; }
.tv-list label small { color: #64748b; }
.tv-list input { margin: 0; }
.tv-more { color: #64748b; font-size: 11px; }
#tv-stage { flex: 1; position: relative; min-width: 0; overflow: hidden; }
#tv-canvas { position: absolute; left: 0; top: 0; display: block; cursor: default; touch-action: none; }
#tv-tip { position: absolute; pointer-events: none; background: rgba(15, 23, 42, .93); color: #f8fafc; font-size: 12px; padding: 5px 8px; border-radius: 6px; white-space: pre; max-width: 460px; overflow: hidden; text-overflow: ellipsis; z-index: 2; }
#tv-panel { width: 340px; flex: none; border-left: 1px solid #e2e8f0; display: flex; flex-direction: column; min-height: 0; background: #fff; }
#tv-panel h2 { font-size: 13px; margin: 0; }
#tv-hint { color: #64748b; padding: 12px; margin: 0; }
#tv-detail { display: flex; flex-direction: column; min-height: 0; flex: 1; }
#tv-detail[hidden] { display: none; }
.tv-head { display: flex; align-items: center; gap: 6px; padding: 8px 10px 4px; }
.tv-head button { margin-left: auto; font: inherit; font-size: 12px; border: 1px solid #cbd5e1; background: #f8fafc; border-radius: 5px; padding: 2px 8px; cursor: pointer; }
.tv-head button + button { margin-left: 0; }
#tv-ev-summary { white-space: pre-wrap; padding: 0 10px 6px; color: #334155; font-size: 12px; word-break: break-word; }
#tv-json { flex: 1 1 55%; overflow: auto; margin: 0; padding: 8px 10px; background: #0f172a; color: #e2e8f0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; }
#tv-payload-box[hidden] { display: none; }
#tv-payload-title { padding: 6px 10px 2px; font-size: 12px; color: #334155; font-weight: 600; }
#tv-payload { flex: 0 1 auto; max-height: 220px; overflow: auto; margin: 0; padding: 6px 10px; background: #1e293b; color: #e2e8f0; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; }
#tv-chain-info { padding: 6px 10px 2px; font-size: 12px; color: #334155; font-weight: 600; }
#tv-chain-list { flex: 1 1 45%; overflow: auto; margin: 0; padding: 2px 8px 4px 34px; font: 11.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#tv-chain-list li { cursor: pointer; white-space: nowrap; }
#tv-chain-list li:hover { background: #f1f5f9; }
#tv-chain-list li.current { background: #fef9c3; }
#tv-chain-more { color: #64748b; font-size: 11px; padding: 0 10px 6px; }
#tv-legend { border-top: 1px solid #e2e8f0; padding: 4px 12px; font-size: 12px; color: #475569; display: flex; gap: 4px 14px; flex-wrap: wrap; align-items: center; background: #f8fafc; }
#tv-legend b { font-weight: 700; }
.k-send { color: #2563eb; } .k-drop { color: #dc2626; } .k-timer { color: #0891b2; } .k-spawn { color: #16a34a; }
.k-stop { color: #334155; } .k-crash { color: #dc2626; } .k-restart { color: #16a34a; } .k-mile { color: #ca8a04; }
.b { display: inline-block; width: 14px; height: 10px; border-top: 2px solid; vertical-align: middle; margin-right: 3px; }
.b-down { background: rgba(220, 38, 38, .15); border-color: #dc2626; } .b-part { background: rgba(234, 88, 12, .15); border-color: #ea580c; }
.b-loss { background: rgba(124, 58, 237, .14); border-color: #7c3aed; } .b-skew { border-top-style: dashed; border-color: #0284c7; }
#tv-help { margin-left: auto; color: #64748b; }
`;
