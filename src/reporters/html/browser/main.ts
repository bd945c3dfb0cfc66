/**
 * The map's behaviour in the browser: pan and zoom, filters (public only, the paths of one
 * function), search, and the details panel. The SVG is already on the page; this script only
 * moves the viewport and toggles classes. It fetches nothing.
 */
import type { MapData, MapEdge, MapFinding, MapNode } from '../types.js';
import { byId, doc, h, isEl, on, win } from './dom.js';
import type { El, KeyLikeEvent, PointerLikeEvent, WheelLikeEvent } from './dom.js';

export interface MapTestHook {
  ready: boolean;
  nodeIds(): string[];
  edgeIds(): string[];
  visibleNodeIds(): string[];
  visibleEdgeIds(): string[];
  select(id: string | null): boolean;
  selected(): string | null;
  setPublicOnly(on: boolean): void;
  setFunction(id: string): void;
  view(): { scale: number; tx: number; ty: number };
  fit(): void;
}

const MIN_SCALE = 0.02;
const MAX_SCALE = 6;

const data = JSON.parse(byId('nl-data').textContent ?? '') as MapData;
const app = byId('nl-app');
const svg = byId('nl-map');
const viewport = byId('nl-viewport');
const publicOnlyBox = byId('nl-public-only');
const functionSelect = byId('nl-function');
const searchBox = byId('nl-search');
const status = byId('nl-status');
const details = byId('nl-details');

const nodeById = new Map<string, MapNode>(data.nodes.map((n) => [n.id, n]));
const nodeEls = new Map<string, El>();
const edgeEls = new Map<string, El>();
for (const el of Array.from(doc.querySelectorAll('#nl-nodes .nl-node'))) nodeEls.set(el.getAttribute('data-id') ?? '', el);
for (const el of Array.from(doc.querySelectorAll('#nl-edges .nl-edge'))) edgeEls.set(el.getAttribute('data-id') ?? '', el);

const outEdges = new Map<string, MapEdge[]>();
const inEdges = new Map<string, MapEdge[]>();
for (const e of data.edges) {
  push(outEdges, e.from, e);
  push(inEdges, e.to, e);
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

// ---------------------------------------------------------------------------------------------
// Viewport
// ---------------------------------------------------------------------------------------------

let scale = 1;
let tx = 0;
let ty = 0;

// The static page fits the map with a viewBox; from here on the script owns the transform.
svg.removeAttribute('viewBox');

function applyView(): void {
  viewport.setAttribute('transform', `translate(${round(tx)} ${round(ty)}) scale(${round(scale, 4)})`);
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function bounds(ids: readonly string[]): Bounds {
  const b: Bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const id of ids) {
    const n = nodeById.get(id);
    if (!n) continue;
    b.minX = Math.min(b.minX, n.x);
    b.minY = Math.min(b.minY, n.y);
    b.maxX = Math.max(b.maxX, n.x + data.nodeWidth);
    b.maxY = Math.max(b.maxY, n.y + data.nodeHeight);
  }
  return b.minX === Infinity ? { minX: 0, minY: 0, maxX: data.width, maxY: data.height } : b;
}

const PAD = 30;
/** Below this scale labels are unreadable: show the top of the set at full width instead. */
const LEGIBLE = 0.4;

/** Everything in `ids`, however small that makes it (the Fit button). */
function fitTo(ids: readonly string[]): void {
  const box = svg.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return;
  const b = bounds(ids);
  scale = clamp(Math.min(box.width / (b.maxX - b.minX + PAD * 2), box.height / (b.maxY - b.minY + PAD * 2)), MIN_SCALE, 1.5);
  tx = (box.width - (b.maxX - b.minX) * scale) / 2 - b.minX * scale;
  ty = (box.height - (b.maxY - b.minY) * scale) / 2 - b.minY * scale;
  applyView();
}

/** `ids` fitted when that stays legible; for a tall set, its full width from the top. */
function show(ids: readonly string[]): void {
  fitTo(ids);
  const box = svg.getBoundingClientRect();
  if (scale >= LEGIBLE || box.width === 0) return;
  const b = bounds(ids);
  scale = clamp(box.width / (b.maxX - b.minX + PAD * 2), scale, 0.9);
  tx = (box.width - (b.maxX - b.minX) * scale) / 2 - b.minX * scale;
  ty = PAD / 2 - b.minY * scale;
  applyView();
}

function fit(): void {
  fitTo(visibleNodeIds());
}

function zoomAt(factor: number, cx: number, cy: number): void {
  const next = clamp(scale * factor, MIN_SCALE, MAX_SCALE);
  tx = cx - (cx - tx) * (next / scale);
  ty = cy - (cy - ty) * (next / scale);
  scale = next;
  applyView();
}

function zoomCentre(factor: number): void {
  const box = svg.getBoundingClientRect();
  zoomAt(factor, box.width / 2, box.height / 2);
}

function centreOn(id: string): void {
  const n = nodeById.get(id);
  if (!n) return;
  const box = svg.getBoundingClientRect();
  if (scale < 0.6) scale = 0.9;
  tx = box.width / 2 - (n.x + data.nodeWidth / 2) * scale;
  ty = box.height / 2 - (n.y + data.nodeHeight / 2) * scale;
  applyView();
}

on<WheelLikeEvent>(
  svg,
  'wheel',
  (e) => {
    // Like other diagram tools: scrolling pans (maps are tall), Ctrl/⌘ + wheel and pinch zoom.
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    if (e.ctrlKey || e.metaKey) {
      const box = svg.getBoundingClientRect();
      zoomAt(Math.exp(-dy * 0.0025), e.clientX - box.left, e.clientY - box.top);
    } else {
      tx -= e.shiftKey && dx === 0 ? dy : dx;
      ty -= e.shiftKey && dx === 0 ? 0 : dy;
      applyView();
    }
  },
  { passive: false },
);

let drag: { id: number; x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
let suppressClick = false;

on<PointerLikeEvent>(svg, 'pointerdown', (e) => {
  if (e.button !== 0) return;
  if (isEl(e.target) && e.target.closest('.nl-node')) return;
  drag = { id: e.pointerId, x: e.clientX, y: e.clientY, tx, ty, moved: false };
  svg.setPointerCapture(e.pointerId);
  svg.classList.add('nl-panning');
});
on<PointerLikeEvent>(svg, 'pointermove', (e) => {
  if (!drag || e.pointerId !== drag.id) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
  tx = drag.tx + dx;
  ty = drag.ty + dy;
  applyView();
});
const endDrag = (e: PointerLikeEvent): void => {
  if (!drag || e.pointerId !== drag.id) return;
  suppressClick = drag.moved;
  svg.releasePointerCapture(e.pointerId);
  svg.classList.remove('nl-panning');
  drag = null;
};
on<PointerLikeEvent>(svg, 'pointerup', endDrag);
on<PointerLikeEvent>(svg, 'pointercancel', endDrag);

on<PointerLikeEvent>(svg, 'click', (e) => {
  if (suppressClick) {
    suppressClick = false;
    return;
  }
  const node = isEl(e.target) ? e.target.closest('.nl-node') : null;
  select(node ? node.getAttribute('data-id') : null);
});

on<KeyLikeEvent>(svg, 'keydown', (e) => {
  const node = isEl(e.target) ? e.target.closest('.nl-node') : null;
  if (node && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    select(node.getAttribute('data-id'));
  } else if (e.key === 'Escape') select(null);
  else if (e.key === '+' || e.key === '=') zoomCentre(1.25);
  else if (e.key === '-') zoomCentre(0.8);
  else if (e.key === '0') fit();
  else if (e.key.startsWith('Arrow')) {
    e.preventDefault();
    const step = 80;
    if (e.key === 'ArrowLeft') tx += step;
    else if (e.key === 'ArrowRight') tx -= step;
    else if (e.key === 'ArrowUp') ty += step;
    else if (e.key === 'ArrowDown') ty -= step;
    applyView();
  }
});

on(byId('nl-zoom-in'), 'click', () => zoomCentre(1.25));
on(byId('nl-zoom-out'), 'click', () => zoomCentre(0.8));
on(byId('nl-fit'), 'click', () => fit());

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

let visibleNodes = new Set<string>(data.nodes.map((n) => n.id));
let visibleEdges = new Set<string>(data.edges.map((e) => e.id));

/** Nodes reachable from `start` along `edges` (start included); `follow` picks the edges to walk. */
function walk(start: string, edges: Map<string, MapEdge[]>, next: (e: MapEdge) => string, follow: (e: MapEdge) => boolean): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    for (const e of edges.get(cur) ?? []) {
      if (!follow(e)) continue;
      const n = next(e);
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

function updateFilters(): void {
  const publicOnly = publicOnlyBox.checked;
  const fn = functionSelect.value;
  let nodes = data.nodes.filter((n) => !publicOnly || n.exposure === 'public').map((n) => n.id);
  let edges = data.edges.filter((e) => !publicOnly || e.exposure === 'public');
  if (fn !== '' && nodeById.has(fn)) {
    // Upstream: whatever can push an event to the function (and the API a route belongs to);
    // downstream: whatever it can touch.
    const upstream = (e: MapEdge): boolean => e.flows || e.kind === 'feeds';
    const up = walk(fn, inEdges, (e) => e.from, upstream);
    const down = walk(fn, outEdges, (e) => e.to, () => true);
    nodes = nodes.filter((id) => up.has(id) || down.has(id));
    edges = edges.filter((e) => (up.has(e.from) && up.has(e.to) && upstream(e)) || (down.has(e.from) && down.has(e.to)));
  }
  visibleNodes = new Set(nodes);
  visibleEdges = new Set(edges.filter((e) => visibleNodes.has(e.from) && visibleNodes.has(e.to)).map((e) => e.id));
  for (const [id, el] of nodeEls) el.classList.toggle('nl-hidden', !visibleNodes.has(id));
  for (const [id, el] of edgeEls) el.classList.toggle('nl-hidden', !visibleEdges.has(id));
  const filtered = visibleNodes.size !== data.nodes.length;
  status.textContent = filtered
    ? `Showing ${visibleNodes.size} of ${data.nodes.length} nodes`
    : `${data.nodes.length} nodes, ${data.edges.length} edges`;
  app.setAttribute('data-visible-nodes', String(visibleNodes.size));
  // Dimming other edges only makes sense while the selected node is on screen.
  svg.classList.toggle('nl-focus', selectedId !== null && visibleNodes.has(selectedId));
}

function visibleNodeIds(): string[] {
  return data.nodes.filter((n) => visibleNodes.has(n.id)).map((n) => n.id);
}

on(publicOnlyBox, 'change', () => {
  updateFilters();
  show(visibleNodeIds());
});
on(functionSelect, 'change', () => {
  updateFilters();
  show(visibleNodeIds());
  if (functionSelect.value !== '') select(functionSelect.value);
});

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

/** Nodes matching the query, best first: exact label, label prefix, label substring, then id or kind. */
function matches(q: string): MapNode[] {
  const score = (n: MapNode): number => {
    const label = n.label.toLowerCase();
    if (label === q) return 0;
    if (label.startsWith(q)) return 1;
    if (label.includes(q)) return 2;
    return n.ref.toLowerCase().includes(q) || n.kind.toLowerCase().includes(q) ? 3 : 4;
  };
  return data.nodes
    .map((n, i) => ({ n, i, s: score(n) }))
    .filter((m) => m.s < 4)
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((m) => m.n);
}

on(searchBox, 'input', () => {
  const q = searchBox.value.trim().toLowerCase();
  svg.classList.toggle('nl-searching', q !== '');
  const hits = new Set(q === '' ? [] : matches(q).map((n) => n.id));
  for (const [id, el] of nodeEls) el.classList.toggle('nl-match', hits.has(id));
});
on<KeyLikeEvent>(searchBox, 'keydown', (e) => {
  if (e.key !== 'Enter') return;
  const q = searchBox.value.trim().toLowerCase();
  const first = q === '' ? undefined : matches(q).find((n) => visibleNodes.has(n.id));
  if (first) {
    select(first.id);
    centreOn(first.id);
  }
});

// ---------------------------------------------------------------------------------------------
// Selection and details
// ---------------------------------------------------------------------------------------------

let selectedId: string | null = null;

function select(id: string | null): boolean {
  if (selectedId !== null) nodeEls.get(selectedId)?.classList.remove('nl-selected');
  for (const el of edgeEls.values()) el.classList.remove('nl-active');
  const node = id === null ? undefined : nodeById.get(id);
  if (!node) {
    selectedId = null;
    svg.classList.remove('nl-focus');
    details.replaceChildren(h('h2', {}, 'Details'), h('p', { class: 'nl-muted' }, 'Click a node to see its details.'));
    app.removeAttribute('data-selected');
    return false;
  }
  selectedId = node.id;
  nodeEls.get(node.id)?.classList.add('nl-selected');
  svg.classList.add('nl-focus');
  for (const e of [...(outEdges.get(node.id) ?? []), ...(inEdges.get(node.id) ?? [])]) edgeEls.get(e.id)?.classList.add('nl-active');
  renderDetails(node);
  app.setAttribute('data-selected', node.id);
  return true;
}

function labelOf(id: string): string {
  return nodeById.get(id)?.label ?? id;
}

function renderDetails(n: MapNode): void {
  const dl = h('dl', { class: 'nl-facts' });
  for (const f of n.facts) {
    dl.appendChild(h('dt', {}, f.label));
    const dd = h('dd', {});
    if (f.links && f.links.length > 0) {
      for (const id of f.links) dd.appendChild(h('button', { type: 'button', class: 'nl-link', 'data-goto': id }, labelOf(id)));
    } else dd.appendChild(doc.createTextNode(f.links ? 'none' : f.value));
    dl.appendChild(dd);
  }
  const findings = n.findings.map((i) => data.findings[i]!).filter((f): f is MapFinding => f !== undefined);
  const list = h('ul', { class: 'nl-findings' });
  for (const f of findings) {
    const li = h(
      'li',
      { 'data-rule': f.ruleId, 'data-severity': f.severity, class: f.suppressed ? 'nl-suppressed' : '' },
      h('span', { class: `nl-sev sev-${f.severity}` }, f.severity),
      ' ',
      h('span', { class: 'nl-rule' }, f.ruleId),
      h('div', {}, f.message),
      h('div', { class: 'nl-loc' }, f.location),
    );
    if (f.suppressed) li.appendChild(h('div', { class: 'nl-muted' }, `suppressed: ${f.suppressionReason ?? ''}`));
    list.appendChild(li);
  }
  details.replaceChildren(
    h('h2', {}, n.label),
    h('p', { class: 'nl-muted' }, n.kind === n.cls ? n.cls : `${n.cls} · ${n.kind}`),
    dl,
    h('h2', {}, `Findings (${findings.length})`),
    findings.length > 0 ? list : h('p', { class: 'nl-muted' }, 'No findings on this node.'),
  );
}

on<PointerLikeEvent>(app, 'click', (e) => {
  const link = isEl(e.target) ? e.target.closest('[data-goto]') : null;
  const id = link?.getAttribute('data-goto');
  if (!id) return;
  if (!visibleNodes.has(id)) {
    publicOnlyBox.checked = false;
    functionSelect.value = '';
    updateFilters();
  }
  select(id);
  centreOn(id);
  nodeEls.get(id)?.focus();
});

on<KeyLikeEvent>(win, 'keydown', (e) => {
  if (e.key === 'Escape' && isEl(e.target) && e.target.closest('aside')) select(null);
});

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

updateFilters();
show(visibleNodeIds());

const hook: MapTestHook = {
  ready: true,
  nodeIds: () => data.nodes.map((n) => n.id),
  edgeIds: () => data.edges.map((e) => e.id),
  visibleNodeIds,
  visibleEdgeIds: () => data.edges.filter((e) => visibleEdges.has(e.id)).map((e) => e.id),
  select,
  selected: () => selectedId,
  setPublicOnly: (v) => {
    publicOnlyBox.checked = v;
    updateFilters();
    show(visibleNodeIds());
  },
  setFunction: (id) => {
    functionSelect.value = id;
    updateFilters();
    show(visibleNodeIds());
  },
  view: () => ({ scale, tx, ty }),
  fit,
};
(globalThis as unknown as { __nightlightMap: MapTestHook }).__nightlightMap = hook;
app.setAttribute('data-ready', 'true');
