/** The page's own style: readable on a laptop and in print, no web fonts. */
export const PAGE_STYLE = `
:root { color-scheme: light; --fail: #c82333; --warn: #b07800; --pass: #1e7e34; --muted: #666; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; padding: 20px 28px 60px; max-width: 1240px; color: #1d1d1f; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 6px; overflow-wrap: anywhere; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta { color: var(--muted); margin: 0 0 14px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 9px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
th { font-weight: 600; background: #f6f6f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name { overflow-wrap: anywhere; }
a { color: #0b5cad; }
.badge { display: inline-block; min-width: 46px; text-align: center; padding: 1px 7px; border-radius: 4px; font-size: 12px; font-weight: 700; color: #fff; background: #888; }
.badge.pass { background: var(--pass); } .badge.warn { background: var(--warn); } .badge.fail, .badge.error { background: var(--fail); }
section.scenario { border-top: 3px solid #ddd; margin-top: 28px; padding-top: 14px; }
section.scenario.fail, section.scenario.error { border-top-color: var(--fail); }
section.scenario.warn { border-top-color: var(--warn); }
section.scenario.pass { border-top-color: var(--pass); }
.desc, .note { color: var(--muted); margin: 0 0 8px; }
.note { font-style: italic; }
ul.reasons, ol.actions { margin: 4px 0; padding-left: 22px; }
pre { background: #f6f6f7; padding: 10px 12px; overflow-x: auto; font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; }
.chart { min-height: 340px; margin-top: 6px; }
.chart-legend { display: flex; flex-wrap: wrap; gap: 6px 18px; color: #444; font-size: 12.5px; margin: 4px 0 0; padding: 0; list-style: none; }
.chart-legend .swatch { display: inline-block; width: 22px; height: 10px; margin-right: 6px; vertical-align: middle; }
.sw-warmup { background: rgba(120, 120, 120, 0.28); } .sw-teardown { background: rgba(120, 120, 120, 0.12); border: 1px solid #ddd; }
.sw-tick { width: 2px !important; height: 10px; background: #444; }
.sw-planned { border-top: 2px dashed rgb(23, 80, 160); height: 0 !important; }
.sw-fit { border-top: 3px solid #111; height: 0 !important; }
.sw-warn { background: rgba(255, 193, 7, 0.35); border-top: 2px dashed rgb(214, 150, 0); }
.sw-fail { background: rgba(220, 53, 69, 0.22); border-top: 2px dashed rgb(200, 35, 51); }
.uplot { font-family: inherit; }
`
