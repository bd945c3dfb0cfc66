/**
 * `nightlight cost [dir]`: the denial-of-wallet table — each entry point's worst-case spend per
 * hour and day, the limit that binds it, and what to change to bring it under budget.
 */
import { createColors } from 'picocolors';
import type { CostCeiling } from '../analyses/cost/index.js';
import type { RunResult } from '../engine/result.js';

export interface CostTableOptions {
  color: boolean;
  /** Show every entry point, not only those an outside caller can drive. */
  all: boolean;
}

function usd(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  return n >= 100 ? `$${Math.round(n).toLocaleString('en-US')}` : `$${n.toFixed(2)}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n - 1) + '…' : s + ' '.repeat(n - s.length);
}

export function renderCostTable(result: RunResult, options: CostTableOptions): string {
  const c = createColors(options.color);
  const cost = result.analyses.cost;
  if (!cost) return 'No cost analysis.\n';
  const rows = cost.ceilings.filter((x) => options.all || x.attackerDriven).sort((a, b) => b.worstCaseUsdPerDay - a.worstCaseUsdPerDay || (a.entryPoint < b.entryPoint ? -1 : 1));
  const budget = cost.assumptions.budgetUsdPerDay;
  const out: string[] = [];
  out.push(c.bold('Worst-case cost per entry point (denial of wallet)'));
  out.push(c.dim(`region ${cost.region} (prices ${cost.priceRegion}, as of ${cost.pricesAsOf}) · account concurrency ${cost.accountConcurrency} · unreserved pool ${cost.unreservedPool} · budget ${usd(budget)}/day`));
  out.push('');
  if (rows.length === 0) {
    out.push(options.all ? 'No entry points.' : 'No entry point an outside caller can drive. (Use --all to list every entry point.)');
    return out.join('\n') + '\n';
  }
  out.push(c.dim(pad('ENTRY POINT', 44) + pad('FUNCTION', 28) + pad('PER HOUR', 12) + pad('PER DAY', 12) + 'BOUND BY'));
  for (const r of rows) {
    const over = r.unbounded || r.worstCaseUsdPerDay > budget;
    const colour = r.unbounded || r.worstCaseUsdPerDay >= 10 * budget ? (s: string) => c.bold(c.red(s)) : over ? c.red : c.green;
    out.push(pad(r.label, 44) + pad(r.function, 28) + colour(pad(usd(r.worstCaseUsdPerHour), 12)) + colour(pad(r.unbounded ? `${usd(r.worstCaseUsdPerDay)}+` : usd(r.worstCaseUsdPerDay), 12)) + r.bindingLimit);
    if (r.fix) out.push(c.dim(`    fix: ${r.fix}`));
  }
  out.push('');
  const top = rows[0] as CostCeiling;
  out.push(c.bold(`How ${top.label} adds up`));
  for (const b of top.breakdown) out.push(`  ${pad(b.item, 40)} ${pad(usd(b.usdPerHour) + '/h', 14)} ${c.dim(b.formula)}`);
  for (const n of top.assumptions.notes ?? []) out.push(c.dim(`  note: ${n}`));
  return out.join('\n') + '\n';
}
