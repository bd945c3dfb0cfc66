/**
 * The few DOM interfaces the map script uses. The project compiles without the DOM library (it is
 * a Node tool, and `lib: dom` would change Node globals for everyone), so the browser code reaches
 * the DOM through these module-local types instead.
 */

export interface ClassList {
  add(...names: string[]): void;
  remove(...names: string[]): void;
  toggle(name: string, force?: boolean): boolean;
  contains(name: string): boolean;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface DomEvent {
  readonly type: string;
  readonly target: unknown;
  preventDefault(): void;
  stopPropagation(): void;
}

export interface PointerLikeEvent extends DomEvent {
  readonly clientX: number;
  readonly clientY: number;
  readonly button: number;
  readonly pointerId: number;
}

export interface WheelLikeEvent extends PointerLikeEvent {
  readonly deltaX: number;
  readonly deltaY: number;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  /** 0 pixels, 1 lines, 2 pages. */
  readonly deltaMode: number;
}

export interface KeyLikeEvent extends DomEvent {
  readonly key: string;
}

/** A text node: only ever appended. */
export interface TextNode {
  textContent: string | null;
}

export interface El {
  id: string;
  textContent: string | null;
  className: string;
  hidden: boolean;
  title: string;
  /** Inputs and selects. */
  value: string;
  /** Checkboxes. */
  checked: boolean;
  readonly classList: ClassList;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  appendChild(child: El | TextNode): unknown;
  replaceChildren(...children: El[]): void;
  addEventListener(type: string, listener: (event: DomEvent) => void, options?: { passive?: boolean }): void;
  getBoundingClientRect(): Rect;
  closest(selector: string): El | null;
  querySelector(selector: string): El | null;
  focus(): void;
  setPointerCapture(pointerId: number): void;
  releasePointerCapture(pointerId: number): void;
}

export interface Doc {
  getElementById(id: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  createElement(tag: string): El;
  createTextNode(text: string): TextNode;
}

export interface Win {
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
}

const host = globalThis as unknown as { document: Doc; window: Win };

export const doc: Doc = host.document;
export const win: Win = host.window;

export function byId(id: string): El {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`nightlight map: missing #${id}`);
  return el;
}

export function isEl(v: unknown): v is El {
  return typeof v === 'object' && v !== null && typeof (v as { closest?: unknown }).closest === 'function';
}

/** Typed listener registration: the event type is the caller's promise about `type`. */
export function on<E extends DomEvent>(target: El | Win, type: string, listener: (event: E) => void, options?: { passive?: boolean }): void {
  const l = listener as unknown as (event: DomEvent) => void;
  if (options) (target as El).addEventListener(type, l, options);
  else target.addEventListener(type, l);
}

export function h(tag: string, attrs: Record<string, string> = {}, ...children: (El | string)[]): El {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
  return el;
}
