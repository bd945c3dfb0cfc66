/**
 * Number formatting for formulas. Written by hand rather than with Intl/toLocaleString so the
 * output is the same on every machine and locale (reports must be byte-identical).
 */
import type { PriceEntry, TierSlice } from './prices.js';

function groupThousands(intPart: string): string {
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i > 0 && (intPart.length - i) % 3 === 0) out += ',';
    out += intPart[i];
  }
  return out;
}

/** `1234567.891` → `1,234,567.89` (at most `maxDecimals`, trailing zeros trimmed). */
export function num(n: number, maxDecimals = 2): string {
  if (!Number.isFinite(n)) return n > 0 ? 'unbounded' : n < 0 ? '-unbounded' : 'NaN';
  const neg = n < 0;
  const s = Math.abs(n).toFixed(maxDecimals);
  // Trailing zeros (and a bare point) trimmed by hand: this runs for every figure of every formula.
  const dot = s.indexOf('.');
  let i = s;
  let f = '';
  if (dot >= 0) {
    let end = s.length;
    while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
    i = s.slice(0, dot);
    f = s.slice(dot + 1, end);
  }
  const body = (i.length > 3 ? groupThousands(i) : i) + (f ? `.${f}` : '');
  return neg && body !== '0' ? `-${body}` : body;
}

/** Large counts: `864000000` → `864M`, `5400000` → `5.4M`, `12000` → `12,000`. */
export function count(n: number): string {
  if (!Number.isFinite(n)) return num(n);
  const a = Math.abs(n);
  if (a >= 1e9) return `${num(n / 1e9, 3)}B`;
  if (a >= 1e6) return `${num(n / 1e6, 3)}M`;
  return num(n, a < 10 ? 3 : 1);
}

/** Dollars: `$60.08`, `$2,652.30`, `$0.0167`. */
export function usd(n: number): string {
  if (!Number.isFinite(n)) return num(n);
  const a = Math.abs(n);
  if (a === 0 || a >= 1) {
    const [i = '0', f = '00'] = a.toFixed(2).split('.');
    return `${n < 0 ? '-' : ''}$${groupThousands(i)}.${f}`;
  }
  return `$${num(n, a >= 0.01 ? 4 : 10)}`;
}

/** `request` → `requests`; measures (GB, GB-s) stay as they are. */
export function plural(unit: string, n: number): string {
  if (n === 1 || /^(GB|GiB|GHz|vCPU)/.test(unit)) return unit;
  if (unit.endsWith('sh')) return `${unit}es`;
  if (unit.endsWith('y')) return `${unit.slice(0, -1)}ies`;
  return `${unit}s`;
}

/** A unit price as AWS quotes it: `$3.50/M requests`, `$0.0000166667/GB-s`. */
export function quote(price: PriceEntry, usdPerUnit: number): string {
  const quoted = usdPerUnit * price.quotePer;
  const decimals = quoted >= 0.01 ? 4 : 10;
  let s = num(quoted, decimals);
  if (!s.includes('.') || s.split('.')[1]!.length < 2) s = quoted.toFixed(2);
  return `$${s}/${price.quoteUnit}`;
}

/** `333M × $3.50/M requests + 531M × $2.80/M requests` */
export function slices(price: PriceEntry, parts: readonly TierSlice[]): string {
  if (parts.length === 0) return '0';
  return parts.map((p) => `${count(p.units)} × ${quote(price, p.usdPerUnit)}`).join(' + ');
}

export function round(n: number, decimals: number): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}
