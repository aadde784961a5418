import { DRAW_SCRIPT } from './drawScript.js';
import { HEADER_SCRIPT } from './headerScript.js';
import { HIT_TEST_SCRIPT } from './hitTestScript.js';
import { MODEL_SCRIPT } from './modelScript.js';
import { UI_SCRIPT } from './uiScript.js';

/**
 * The whole script of the viewer page: the model, the renderer and the
 * controls in one strict-mode function scope, run once when the page loads.
 * It reads the trace from `<script type="application/json" id="troupe-trace">`
 * and the options from `#troupe-config`.
 */
export const VIEWER_SCRIPT = `(function () {\n'use strict';\n${MODEL_SCRIPT}\n${DRAW_SCRIPT}\n${HEADER_SCRIPT}\n${HIT_TEST_SCRIPT}\n${UI_SCRIPT}\n})();\n`;
