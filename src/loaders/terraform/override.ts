/**
 * Terraform override files (`override.tf`, `*_override.tf` and their `.tf.json` forms) merged into
 * the blocks of a module's other files, as Terraform does (its "Override Files" page): the override
 * files one after another in lexicographical order of their names, each top-level block in file
 * order, into the already-defined block with the same header (type and labels):
 *
 * - an argument replaces the argument of the same name;
 * - nested blocks of a type replace every block of that type (a `dynamic "x"` block is of type x);
 *   their contents are not merged, except a resource's `lifecycle`, merged argument by argument;
 * - `locals`: each value replaces the value of that name, whichever `locals` block defines it;
 * - `terraform`: each setting separately; `required_providers` provider by provider;
 *   `required_version` replaces the base's; a `backend` or `cloud` block replaces both kinds;
 * - `depends_on` may not be set in an override of a resource, data source or output (an error for
 *   Terraform: a warning here, and the base's is kept);
 * - a block with no base block to override is an error for Terraform ("Missing base ... to
 *   override"): a warning here, and the block is not read.
 *
 * What an override sets keeps its own file and offsets (`origin`), so a finding about an overridden
 * value points at the override file's line. Base files are not changed: the blocks that change are
 * copied.
 */
import type { Diagnostic } from '../../model/types.js';
import type { Attribute, Block, Body, Origin } from './hcl-ast.js';
import type { ParsedFile } from './module.js';

/** `override.tf`, `override.tf.json`, `*_override.tf`, `*_override.tf.json` (Terraform's override files). */
export function isOverrideFile(file: string): boolean {
  return /(^|\/)(override|[^/]*_override)\.tf(\.json)?$/.test(file);
}

const LABELLED = new Set(['resource', 'data', 'ephemeral', 'module', 'provider', 'variable', 'output', 'check']);
const NO_DEPENDS_ON = new Set(['resource', 'data', 'ephemeral', 'output']);

const header = (b: Block): string => [b.type, ...b.labels].join('\u0000');

/** The nested block type a block stands for: `dynamic "x"` is x. */
const nestedType = (b: Block): string => (b.type === 'dynamic' && b.labels[0] !== undefined ? b.labels[0] : b.type);

/** An attribute or nested block of an override file, marked with that file. */
const fromAttr = (a: Attribute, o: Origin): Attribute => (a.origin ? a : { ...a, origin: o });
const fromBlock = (b: Block, o: Origin): Block => (b.origin ? b : { ...b, origin: o });

/** A provider block's alias (`provider "aws" { alias = "east" }`), as written; '' when none. */
function alias(b: Block): string {
  const a = b.body.attributes.find((x) => x.name === 'alias');
  return a && a.expr.k === 'lit' && typeof a.expr.value === 'string' ? a.expr.value : a ? '\u0000expr' : '';
}

/** The override's arguments replace the base's; its nested block types replace the base's blocks of those types. */
function mergeBody(base: Body, over: Body, o: Origin, opts: { lifecycle: boolean }): Body {
  const attributes = base.attributes.filter((a) => !over.attributes.some((x) => x.name === a.name));
  attributes.push(...over.attributes.map((a) => fromAttr(a, o)));
  const overTypes = new Set(over.blocks.map(nestedType));
  let blocks = base.blocks.filter((b) => !overTypes.has(nestedType(b)));
  for (const b of over.blocks) {
    const baseLifecycle = opts.lifecycle && b.type === 'lifecycle' ? base.blocks.find((x) => x.type === 'lifecycle') : undefined;
    if (baseLifecycle) blocks.push({ ...baseLifecycle, body: mergeBody(baseLifecycle.body, b.body, o, { lifecycle: false }) });
    else blocks.push(fromBlock(b, o));
  }
  // keep the base's order where it had the type, then what is new
  const order = new Map(base.blocks.map((b, i) => [nestedType(b), i] as const));
  blocks = blocks.map((b, i) => ({ b, i })).sort((x, y) => (order.get(nestedType(x.b)) ?? 1e9) - (order.get(nestedType(y.b)) ?? 1e9) || x.i - y.i).map((x) => x.b);
  return { attributes, blocks };
}

/** A mutable view of the module's base files: blocks are replaced in copies, never in the parsed files. */
class Module {
  readonly files: ParsedFile[];
  constructor(files: ParsedFile[]) {
    this.files = files.map((f) => ({ ...f, body: { attributes: f.body.attributes, blocks: [...f.body.blocks] } }));
  }
  *blocks(): Generator<{ file: ParsedFile; i: number; b: Block }> {
    for (const file of this.files) for (let i = 0; i < file.body.blocks.length; i++) yield { file, i, b: file.body.blocks[i]! };
  }
  replace(at: { file: ParsedFile; i: number }, b: Block): void {
    at.file.body.blocks[at.i] = b;
  }
}

function warn(diagnostics: Diagnostic[], o: ParsedFile, b: Block, code: string, message: string): void {
  const p = o.index.position(b.start);
  diagnostics.push({ level: 'warning', code, message: `${o.file}:${p.line}: ${message}`, location: { file: o.file, ...p } });
}

function mergeLocals(m: Module, over: Block, o: ParsedFile, diagnostics: Diagnostic[]): void {
  for (const a of over.body.attributes) {
    let done = false;
    for (const at of m.blocks()) {
      if (at.b.type !== 'locals' || !at.b.body.attributes.some((x) => x.name === a.name)) continue;
      m.replace(at, { ...at.b, body: { ...at.b.body, attributes: at.b.body.attributes.map((x) => (x.name === a.name ? fromAttr(a, o) : x)) } });
      done = true;
      break;
    }
    if (!done) {
      const p = o.index.position(a.start);
      diagnostics.push({ level: 'warning', code: 'terraform-override-missing', message: `${o.file}:${p.line}: local.${a.name} overrides no local value of the module's other files (Terraform refuses this configuration); it is not read`, location: { file: o.file, ...p } });
    }
  }
}

function mergeTerraform(m: Module, over: Block, o: ParsedFile): void {
  const bases = [...m.blocks()].filter((x) => x.b.type === 'terraform');
  if (bases.length === 0) {
    m.files[0]!.body.blocks.push(fromBlock(over, o));
    return;
  }
  const first = bases[0]!;
  const names = new Set(over.body.attributes.map((a) => a.name));
  const replaced = new Set(over.body.blocks.map((b) => (b.type === 'cloud' ? 'backend' : b.type)).filter((t) => t !== 'required_providers'));
  const providers = over.body.blocks.filter((b) => b.type === 'required_providers').flatMap((b) => b.body.attributes);
  const providerNames = new Set(providers.map((a) => a.name));
  for (const at of bases) {
    const cur = at.b;
    const blocks = cur.body.blocks
      .filter((b) => !replaced.has(b.type === 'cloud' ? 'backend' : b.type))
      .map((b) => (b.type === 'required_providers' ? { ...b, body: { ...b.body, attributes: b.body.attributes.filter((a) => !providerNames.has(a.name)) } } : b));
    const attributes = cur.body.attributes.filter((a) => !names.has(a.name));
    if (at === first) {
      attributes.push(...over.body.attributes.map((a) => fromAttr(a, o)));
      blocks.push(...over.body.blocks.filter((b) => b.type !== 'required_providers').map((b) => fromBlock(b, o)));
      if (providers.length > 0) {
        const rp = blocks.find((b) => b.type === 'required_providers');
        const added = providers.map((a) => fromAttr(a, o));
        if (rp) blocks[blocks.indexOf(rp)] = { ...rp, body: { ...rp.body, attributes: [...rp.body.attributes, ...added] } };
        else blocks.push({ ...over.body.blocks.find((b) => b.type === 'required_providers')!, body: { attributes: added, blocks: [] }, origin: o });
      }
    }
    m.replace(at, { ...cur, body: { attributes, blocks } });
  }
}

/**
 * The module's files with its override files merged in (`overrides` in any order: they are applied
 * in lexicographical order of their names). Diagnostics for what Terraform would refuse.
 */
export function mergeOverrides(files: ParsedFile[], overrides: ParsedFile[], diagnostics: Diagnostic[]): ParsedFile[] {
  if (overrides.length === 0) return files;
  const m = new Module(files);
  const ordered = [...overrides].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const f of ordered) {
    const o: ParsedFile = f;
    for (const over of o.body.blocks) {
      if (over.type === 'locals') {
        mergeLocals(m, over, o, diagnostics);
        continue;
      }
      if (over.type === 'terraform') {
        mergeTerraform(m, over, o);
        continue;
      }
      if (!LABELLED.has(over.type)) {
        warn(diagnostics, o, over, 'terraform-override-unsupported', `a ${over.type} block in an override file is not merged`);
        continue;
      }
      const key = header(over);
      const target = [...m.blocks()].find((x) => header(x.b) === key && (over.type !== 'provider' || alias(x.b) === alias(over)));
      if (!target) {
        warn(diagnostics, o, over, 'terraform-override-missing', `${[over.type, ...over.labels].join(' ')} overrides no block of the module's other files (Terraform refuses this configuration); it is not read`);
        continue;
      }
      let body = over.body;
      if (NO_DEPENDS_ON.has(over.type) && body.attributes.some((a) => a.name === 'depends_on')) {
        warn(diagnostics, o, over, 'terraform-override-invalid', `depends_on may not be set in an override block (Terraform refuses this configuration); the original's is kept`);
        body = { ...body, attributes: body.attributes.filter((a) => a.name !== 'depends_on') };
      }
      m.replace(target, { ...target.b, body: mergeBody(target.b.body, body, o, { lifecycle: over.type === 'resource' || over.type === 'data' }) });
    }
  }
  return m.files;
}
