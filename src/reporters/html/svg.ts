/**
 * The map as static SVG markup: nodes at their precomputed positions and edges as curves. The
 * browser script only toggles classes and the viewport transform, so the page renders even
 * without it and stays light at hundreds of nodes.
 */
import { escapeHtml } from './escape.js';
import { EXPOSURE_COLORS, OWNER_COLORS } from './styles.js';
import type { MapData, MapEdge, MapNode, NodeClass } from './types.js';

const GLYPHS: Record<NodeClass, string> = { principal: '●', 'entry-point': '⇢', function: 'λ', resource: '■' };
const MAX_LABEL = 28;

function truncate(s: string): string {
  return s.length <= MAX_LABEL ? s : `${s.slice(0, MAX_LABEL - 1)}…`;
}

function edgePath(from: MapNode, to: MapNode, w: number, h: number): string {
  const sy = from.y + h / 2;
  const ey = to.y + h / 2;
  if (to.x > from.x) {
    const sx = from.x + w;
    const ex = to.x;
    const dx = Math.round((ex - sx) / 2);
    return `M${sx},${sy}C${sx + dx},${sy} ${ex - dx},${ey} ${ex},${ey}`;
  }
  if (to.x < from.x) {
    // Back edge (a resource feeding an entry point): leave left, arrive at the target's right side.
    const sx = from.x;
    const ex = to.x + w;
    const bend = Math.round(Math.min(160, (sx - ex) / 3));
    return `M${sx},${sy}C${sx - bend},${sy} ${ex + bend},${ey} ${ex},${ey}`;
  }
  // Same column: an arc on the right-hand side.
  const x = from.x + w;
  const bulge = Math.round(40 + Math.min(120, Math.abs(ey - sy) / 4));
  return `M${x},${sy}C${x + bulge},${sy} ${x + bulge},${ey} ${x},${ey}`;
}

function renderEdge(e: MapEdge, byId: Map<string, MapNode>, w: number, h: number): string {
  const from = byId.get(e.from)!;
  const to = byId.get(e.to)!;
  const cls = `nl-edge exp-${e.exposure} kind-${e.kind}${e.unresolved ? ' nl-unresolved' : ''}${e.loop ? ' nl-loop' : ''}${e.access && !e.flows ? ' nl-read' : ''}${e.boundary ? ' nl-boundary' : ''}`;
  const access = e.access ? ` data-access="${escapeHtml(e.access.join(' '))}"` : '';
  return (
    `<path class="${cls}" data-id="${escapeHtml(e.id)}" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}"${access} ` +
    `d="${edgePath(from, to, w, h)}" marker-end="url(#nl-arrow-${e.exposure})"><title>${escapeHtml(`${e.from} → ${e.to}: ${e.label}`)}</title></path>`
  );
}

function renderNode(n: MapNode, data: MapData): string {
  const open = n.findings.filter((i) => !data.findings[i]!.suppressed).length;
  const owner = n.owner !== undefined ? data.owners?.[n.owner] : undefined;
  const cls = `nl-node cls-${n.cls} kind-${n.kind} exp-${n.exposure}${n.worst ? ` sev-${n.worst}` : ''}${n.owner !== undefined ? ` own-${n.owner % OWNER_COLORS.length}` : ''}`;
  const aria = `${n.cls} ${n.label}, ${n.kind}, exposure ${n.exposure}, ${open} finding${open === 1 ? '' : 's'}`;
  const rx = n.cls === 'principal' ? 12 : 4;
  const badge =
    open > 0
      ? `<g class="nl-badge"><circle cx="${data.nodeWidth - 2}" cy="2" r="9"/><text x="${data.nodeWidth - 2}" y="6">${open > 99 ? '99+' : open}</text></g>`
      : '';
  const ownerAttr = owner ? ` data-owner="${escapeHtml(owner)}"` : '';
  return (
    `<g class="${cls}"${ownerAttr} data-id="${escapeHtml(n.id)}" data-cls="${n.cls}" data-exposure="${n.exposure}" ` +
    `transform="translate(${n.x},${n.y})" tabindex="0" role="button" aria-label="${escapeHtml(aria)}">` +
    `<title>${escapeHtml(`${n.label} (${n.kind})${owner ? `, owned by ${owner}` : ''}`)}</title>` +
    `<rect width="${data.nodeWidth}" height="${data.nodeHeight}" rx="${rx}"/>` +
    `<text class="nl-glyph" x="7" y="16">${GLYPHS[n.cls]}</text>` +
    `<text x="22" y="16">${escapeHtml(truncate(n.label))}</text>${badge}</g>`
  );
}

export function renderSvg(data: MapData): string {
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const markers = Object.keys(EXPOSURE_COLORS)
    .map(
      (k) =>
        `<marker id="nl-arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z"/></marker>`,
    )
    .join('');
  const edges = data.edges.map((e) => renderEdge(e, byId, data.nodeWidth, data.nodeHeight)).join('\n');
  const nodes = data.nodes.map((n) => renderNode(n, data)).join('\n');
  return (
    `<svg id="nl-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${data.width} ${data.height}" ` +
    `role="application" tabindex="0" aria-label="Attack-surface map: principals, entry points, functions and resources. Drag, scroll or arrow keys to pan; control and wheel, or plus and minus, to zoom.">` +
    `<defs>${markers}</defs>\n<g id="nl-viewport">\n<g id="nl-edges">\n${edges}\n</g>\n<g id="nl-nodes">\n${nodes}\n</g>\n</g></svg>`
  );
}
