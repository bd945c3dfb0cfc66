/**
 * `--format html`: one self-contained page with the attack-surface map. Pure: the same RunResult
 * gives the same bytes; the page loads nothing from the network (a Content-Security-Policy
 * forbids it) because script, styles and data are inline.
 */
import type { RunResult } from '../../engine/result.js';
import type { Severity } from '../../model/findings.js';
import { SEVERITIES } from '../../model/findings.js';
import type { PrincipalKind } from '../../model/types.js';
import { MAP_SCRIPT, MAP_SCRIPT_SHA256 } from './bundle.generated.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { PRINCIPAL_ORDER, buildGraph, formatUsd, severityCounts } from './graph.js';
import { cmp } from '../../model/order.js';
import { NODE_HEIGHT, NODE_WIDTH, layoutColumns } from './layout.js';
import { MAP_CSS, OWNER_COLORS, ownerCss } from './styles.js';
import { renderSvg } from './svg.js';
import type { MapData, MapNode } from './types.js';

export type { MapData, MapNode, MapEdge, MapFinding, MapCostRow, Exposure, NodeClass } from './types.js';

export interface HtmlReportOptions {
  /** Page title; defaults to "nightlight attack-surface map". */
  title?: string;
}

/** The data the page embeds: graph, layout, findings and cost ceilings. Exposed for tests and other reporters. */
export function buildMapData(result: RunResult, options: HtmlReportOptions = {}): MapData {
  const graph = buildGraph(result);
  const layout = layoutColumns(
    graph.nodes.map((n) =>
      n.cls === 'principal' ? { id: n.id, cls: n.cls, fixedRank: PRINCIPAL_ORDER.indexOf(n.ref as PrincipalKind) } : n.owner !== undefined ? { id: n.id, cls: n.cls, group: n.owner } : { id: n.id, cls: n.cls },
    ),
    graph.edges,
  );
  const nodes: MapNode[] = graph.nodes.map((n) => ({ ...n, ...layout.positions.get(n.id)! }));
  const count = (cls: MapNode['cls']): number => nodes.filter((n) => n.cls === cls).length;
  return {
    version: 1,
    tool: { name: result.tool.name, version: result.tool.version },
    title: options.title ?? 'nightlight attack-surface map',
    width: layout.width,
    height: layout.height,
    nodeWidth: NODE_WIDTH,
    nodeHeight: NODE_HEIGHT,
    summary: {
      nodes: nodes.length,
      edges: graph.edges.length,
      entryPoints: count('entry-point'),
      publicEntryPoints: result.model.entryPoints.filter((e) => e.principal.kind === 'public').length,
      functions: count('function'),
      resources: count('resource'),
      findings: severityCounts(graph.findings),
      suppressed: graph.findings.filter((f) => f.suppressed).length,
    },
    nodes,
    edges: graph.edges,
    findings: graph.findings,
    cost: graph.cost,
    ...(graph.owners ? { owners: graph.owners } : {}),
  };
}

/** Owners and trust boundaries (docs/owners.md): only on a map whose scan had owner information. */
function ownerLegend(owners: readonly string[]): string {
  const rows = owners.map((o, i) => `<span class="nl-swatch nl-owner-swatch own-${i % OWNER_COLORS.length}"></span><span>${escapeHtml(o)}</span>`).join('');
  return `<section id="nl-owners"><h2>Owners</h2><div class="nl-legend">${rows}<span class="nl-swatch nl-boundary-swatch"></span><span>trust boundary (edge between owners)</span></div><p class="nl-muted">Functions and resources are filled with their owner's colour and grouped by owner in each column.</p></section>
`;
}

function link(node: string | null, label: string): string {
  return node ? `<button type="button" class="nl-link" data-goto="${escapeHtml(node)}">${escapeHtml(label)}</button>` : escapeHtml(label);
}

const CSP = [
  "default-src 'none'",
  `script-src '${MAP_SCRIPT_SHA256}'`,
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function renderHtml(result: RunResult, options: HtmlReportOptions = {}): string {
  const data = buildMapData(result, options);
  const s = data.summary;
  const counts = SEVERITIES.map(
    (sev: Severity) => `<span class="nl-sev sev-${sev}" data-severity="${sev}" data-count="${s.findings[sev]}">${s.findings[sev]} ${sev}</span>`,
  ).join('');
  const suppressed = s.suppressed > 0 ? `<span class="nl-muted">${s.suppressed} suppressed</span>` : '';
  const functionOptions = data.nodes
    .filter((n) => n.cls === 'function')
    .sort((a, b) => cmp(a.label, b.label) || cmp(a.id, b.id))
    .map((n) => `<option value="${escapeHtml(n.id)}">${escapeHtml(n.label)}</option>`)
    .join('');
  const cost =
    data.cost === null
      ? ''
      : `<section id="nl-cost"><h2>Cost ceilings (worst case)</h2>${
          data.cost.length === 0
            ? '<p class="nl-muted">No entry point has a cost ceiling.</p>'
            : `<table class="nl-cost"><thead><tr><th>Entry point → function</th><th>per hour</th><th>per day</th></tr></thead><tbody>${data.cost
                .map(
                  (c) =>
                    `<tr><td>${link(c.node, c.label)}${c.function === null ? '' : `<div class="nl-muted">→ ${link(c.functionNode, c.function)}</div>`}</td>` +
                    `<td class="nl-num">${formatUsd(c.usdPerHour)}${c.unbounded ? ' <span title="a recursion loop AWS does not stop keeps spending">∞</span>' : ''}</td>` +
                    `<td class="nl-num">${formatUsd(c.usdPerDay)}</td></tr>`,
                )
                .join('')}</tbody></table>`
        }</section>`;
  const legend = [
    ['public', 'public internet'],
    ['any-aws-account', 'any AWS account'],
    ['cross-account', 'other accounts'],
    ['authenticated-users', 'authenticated users'],
    ['aws-service', 'AWS service'],
    ['same-account', 'same account'],
    ['deployment', 'deployment only'],
    ['none', 'not reached'],
  ]
    .map(([k, label]) => `<span class="nl-swatch exp-${k}"></span><span>${label}</span>`)
    .join('');
  const title = escapeHtml(data.title);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="${escapeHtml(`${data.tool.name} ${data.tool.version}`)}">
<title>${title}</title>
<style>${MAP_CSS}${data.owners ? ownerCss(data.owners.length) : ''}</style>
</head>
<body>
<div id="nl-app">
<header>
<h1>${title}</h1>
<div class="nl-counts" id="nl-counts" aria-label="Findings by severity">${counts}${suppressed}</div>
<div class="nl-controls">
<label><input type="checkbox" id="nl-public-only"> Public only</label>
<label>Paths of <select id="nl-function" aria-label="Show the paths of one function"><option value="">all functions</option>${functionOptions}</select></label>
<input type="search" id="nl-search" placeholder="Find a node…" aria-label="Find a node">
<button type="button" id="nl-zoom-in" aria-label="Zoom in">+</button><button type="button" id="nl-zoom-out" aria-label="Zoom out">−</button><button type="button" id="nl-fit">Fit</button>
<span id="nl-status" role="status">${s.nodes} nodes, ${s.edges} edges</span>
</div>
</header>
<main>
<div id="nl-canvas">
${renderSvg(data)}
</div>
<aside>
<section id="nl-details" aria-live="polite"><h2>Details</h2><p class="nl-muted">Click a node to see its principal, auth, targets, reached functions and findings.</p><noscript><p>Filters and details need JavaScript; the map itself is drawn without it.</p></noscript></section>
${cost}
<section id="nl-summary"><h2>Summary</h2><dl class="nl-facts"><dt>Entry points</dt><dd>${s.entryPoints} (${s.publicEntryPoints} public)</dd><dt>Functions</dt><dd>${s.functions}</dd><dt>Resources</dt><dd>${s.resources}</dd><dt>Findings</dt><dd>${SEVERITIES.map((sev) => s.findings[sev]).reduce((a, b) => a + b, 0)} open, ${s.suppressed} suppressed</dd></dl></section>
${data.owners ? ownerLegend(data.owners) : ''}<section id="nl-legend"><h2>Legend</h2><div class="nl-legend">${legend}<span class="nl-swatch nl-dashed"></span><span>unresolved (dashed)</span></div><p class="nl-muted">Columns: principals → entry points → functions → resources. Edge colour: the most exposed principal that reaches its source. Drag, scroll or arrow keys to pan; Ctrl + wheel, pinch or +/− to zoom.</p></section>
</aside>
</main>
</div>
<script type="application/json" id="nl-data">${jsonForScript(data)}</script>
<script>${MAP_SCRIPT}</script>
</body>
</html>
`;
}
