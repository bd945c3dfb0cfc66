/** The map's stylesheet, inlined into the page. */
export const EXPOSURE_COLORS = {
  public: '#dc2626',
  'any-aws-account': '#ea580c',
  unresolved: '#9333ea',
  'cross-account': '#d97706',
  'authenticated-users': '#ca8a04',
  'aws-service': '#6b7280',
  'same-account': '#9ca3af',
  deployment: '#d1d5db',
  none: '#cbd5e1',
} as const;

export const SEVERITY_COLORS = {
  critical: '#7f1d1d',
  high: '#dc2626',
  medium: '#d97706',
  low: '#2563eb',
  info: '#64748b',
} as const;

const exposureRules = Object.entries(EXPOSURE_COLORS)
  .map(
    ([k, c]) =>
      `.nl-edge.exp-${k}{stroke:${c}}.nl-node.exp-${k} rect{stroke:${c}}.nl-swatch.exp-${k}{background:${c}}#nl-arrow-${k} path{fill:${c}}`,
  )
  .join('\n');

const severityRules = Object.entries(SEVERITY_COLORS)
  .map(([k, c]) => `.nl-node.sev-${k} .nl-badge circle{fill:${c}}.nl-sev.sev-${k}{background:${c}}`)
  .join('\n');

export const MAP_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#fff}
#nl-app{display:flex;flex-direction:column;height:100%}
header{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:8px 12px;border-bottom:1px solid #e2e8f0;background:#f8fafc}
header h1{font-size:15px;margin:0;font-weight:600}
.nl-counts{display:flex;gap:6px;flex-wrap:wrap}
.nl-sev{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:11px;font-weight:600;text-transform:uppercase}
.nl-controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-left:auto}
.nl-controls input[type=search],.nl-controls select{font:inherit;padding:3px 6px;border:1px solid #cbd5e1;border-radius:4px;max-width:220px}
.nl-controls button{font:inherit;padding:3px 8px;border:1px solid #cbd5e1;border-radius:4px;background:#fff;cursor:pointer}
#nl-status{color:#475569;font-size:12px}
main{flex:1;display:flex;min-height:0}
#nl-canvas{flex:1;position:relative;min-width:0;background:#fff}
#nl-map{width:100%;height:100%;display:block;cursor:grab;user-select:none;touch-action:none}
#nl-map.nl-panning{cursor:grabbing}
#nl-map:focus{outline:none}
#nl-map:focus-visible{outline:2px solid #2563eb;outline-offset:-2px}
aside{width:380px;max-width:45%;border-left:1px solid #e2e8f0;overflow:auto;padding:10px 12px;background:#fff}
aside h2{font-size:14px;margin:12px 0 6px}
aside h2:first-child{margin-top:0}
.nl-edge{fill:none;stroke-width:1.4;opacity:.75}
.nl-edge.nl-unresolved{stroke-dasharray:5 4}
.nl-edge.kind-can-access,.nl-edge.kind-calls{stroke-width:1}
.nl-edge.kind-feeds{stroke-width:1;opacity:.45}
.nl-edge.nl-read{stroke-dasharray:2 3;opacity:.5}
.nl-edge.nl-loop{stroke-width:2.6;opacity:.95}
.nl-node{cursor:pointer}
.nl-node rect{stroke-width:2;fill:#f8fafc}
.nl-node.cls-principal rect{fill:#f1f5f9;stroke-width:3}
.nl-node.cls-entry-point rect{fill:#eff6ff}
.nl-node.cls-function rect{fill:#f0fdf4}
.nl-node.cls-resource rect{fill:#fafaf9}
.nl-node.kind-external rect{stroke-dasharray:4 3}
.nl-node text{font-size:11px;fill:#0f172a;pointer-events:none}
.nl-node .nl-glyph{font-weight:700;fill:#475569}
.nl-badge text{fill:#fff;font-size:10px;font-weight:700;text-anchor:middle}
.nl-node:focus{outline:none}
.nl-node:focus rect,.nl-node.nl-selected rect{stroke:#0f172a;stroke-width:3}
.nl-hidden{display:none}
#nl-map.nl-searching .nl-node:not(.nl-match){opacity:.25}
#nl-map.nl-focus .nl-edge:not(.nl-active){opacity:.12}
.nl-edge.nl-active{opacity:1;stroke-width:2.4}
.nl-legend{display:grid;grid-template-columns:auto 1fr;gap:3px 8px;align-items:center;font-size:12px}
.nl-swatch{display:inline-block;width:22px;height:4px;border-radius:2px}
.nl-swatch.nl-dashed{background:repeating-linear-gradient(90deg,#9333ea 0 5px,transparent 5px 9px)}
dl.nl-facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0}
dl.nl-facts dt{color:#475569}
dl.nl-facts dd{margin:0;word-break:break-word}
.nl-link{font:inherit;color:#1d4ed8;background:none;border:none;padding:0 6px 0 0;cursor:pointer;text-decoration:underline;text-align:left}
ul.nl-findings{list-style:none;padding:0;margin:0}
ul.nl-findings li{border:1px solid #e2e8f0;border-radius:4px;padding:6px;margin-bottom:6px}
ul.nl-findings .nl-rule{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
ul.nl-findings .nl-loc{color:#475569;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
ul.nl-findings li.nl-suppressed{opacity:.6}
table.nl-cost{border-collapse:collapse;width:100%;font-size:12px}
table.nl-cost th,table.nl-cost td{border-bottom:1px solid #e2e8f0;padding:3px 4px;text-align:left}
table.nl-cost td{word-break:break-word;vertical-align:top}
table.nl-cost td.nl-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;word-break:normal}
.nl-muted{color:#64748b}
${exposureRules}
${severityRules}
`;

/** Fill colours of owner groups (cycled when there are more owners). */
export const OWNER_COLORS = ['#dbeafe', '#fce7f3', '#dcfce7', '#fef3c7', '#ede9fe', '#ccfbf1', '#ffedd5', '#e0e7ff'] as const;

/** Styles of owners and trust boundaries, added to the page only when the scan had owner information. */
export function ownerCss(groups: number): string {
  const used = OWNER_COLORS.slice(0, Math.max(1, Math.min(groups, OWNER_COLORS.length)));
  return (
    '\n' +
    used.map((c, i) => `.nl-node.own-${i} rect{fill:${c}}.nl-owner-swatch.own-${i}{background:${c};height:12px;border:1px solid #94a3b8}`).join('\n') +
    '\n.nl-edge.nl-boundary{stroke-width:3.2;stroke-dasharray:10 3 2 3;opacity:1}' +
    '\n.nl-boundary-swatch{background:repeating-linear-gradient(90deg,#0f172a 0 10px,transparent 10px 13px,#0f172a 13px 15px,transparent 15px 18px)}\n'
  );
}
