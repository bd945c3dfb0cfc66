/**
 * Sinks in the handler interpreter (see `interp.ts`): the sink table of `sinks.ts` applied to a
 * call's arguments, shells, the SQL heuristic, Ruby sinks, unsafe YAML loaders and HTML responses;
 * a tainted value reaching one is a finding with its path.
 */
import type { SourceLocation } from '../../model/types.js';
import type { Expr, Pos } from '../../model/code-ir.js';
import { SINKS, SQL_METHODS, SQL_RECEIVER_NAME, SQL_TEXT, type CodeCategory, type SinkSpec } from './sinks.js';
import {
  RUBY_OPEN,
  AR_RAW_SQL,
  AR_SQL_FRAGMENT,
  AR_COLUMN_CHECKED,
  RUBY_NOT_MODELS,
  SHELLS,
  type Taint,
  type Val,
  type Frame,
  loc,
  addStep,
  qname,
  posOf,
} from './interp-values.js';
import { WebEvaluator } from './interp-web.js';

/** Calls that open a client connection: `(port, host)`, `({ host, port })` (Node) or `((host, port))` (Python). */
const SOCKET_OPENERS = new Set(['net.connect', 'net.createConnection', 'tls.connect', 'socket.create_connection']);
/** Calls that start a process; the program is the first argument, its first element or its first word. */
const PROCESS_STARTS = new Set([
  'child_process.spawn', 'child_process.spawnSync', 'child_process.exec', 'child_process.execSync', 'child_process.execFile', 'child_process.execFileSync',
  'subprocess.Popen', 'subprocess.call', 'subprocess.run', 'subprocess.check_call', 'subprocess.check_output',
  'pty.spawn', 'os.system', 'os.popen', 'os.execl', 'os.execlp', 'os.execle', 'os.execv', 'os.execvp', 'os.execve', 'os.spawnl', 'os.spawnlp', 'os.posix_spawn',
]);

export abstract class SinkChecker extends WebEvaluator {
  /** A socket whose descriptor `os.dup2` made the process's standard input or output. */
  private dupSock: NonNullable<Val['sock']> | undefined;

  // ----- reverse shells -------------------------------------------------------------------

  protected override socketsAndShells(q: string | null, e: Extract<Expr, { k: 'call' }>, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Pick<Val, 'sock' | 'shell'> | null {
    const at = loc(frame.mod.ir.file, e.pos);
    if (recv?.sock && method) {
      if (method === 'connect') {
        Object.assign(recv.sock, peerOf(args));
        return { sock: recv.sock };
      }
      // what the socket receives becomes the shell's commands
      if (method === 'pipe' && args[0]?.shell?.stream === 'stdin') this.reverseShell(recv.sock, args[0].shell, '`pipe` into the shell\'s stdin', e.pos, frame);
      return method === 'fileno' || method === 'makefile' ? { sock: recv.sock } : null;
    }
    if (!q) return null;
    if (q === 'socket.socket') return { sock: { peer: 'an address given to connect()', at } };
    if (SOCKET_OPENERS.has(q)) return { sock: { at, ...peerOf(args) } };
    if (q === 'os.dup2' && args[0]?.sock && args[1]?.str === 0) {
      this.dupSock = args[0].sock;
      return null;
    }
    if (!PROCESS_STARTS.has(q)) return null;
    // the program and its arguments: ['/bin/sh', '-i'], ('/bin/sh', ['-i']), 'sh -i', os.execl(path, arg0, ...)
    const words = [...(args[0]?.items ?? [args[0]]), ...args.slice(1).flatMap((a) => a.items ?? [a])].flatMap((w) => (typeof w?.str === 'string' ? w.str.trim().split(/\s+/) : []));
    const program = words[0] ?? '';
    if (!SHELLS.test(program)) return null;
    const shell = { program, at };
    // `sh -c 'cmd'` runs one fixed command; only a shell reading its commands from stdin is one an outsider drives
    if (words.includes('-c') || words.includes('/c')) return { shell };
    // the socket as the shell's stdin: stdio: [s, …] (Node), stdin=s.fileno() (Python), or os.dup2(s.fileno(), 0) before
    const bound = (args.map((a) => a.props?.get('stdio')?.items?.[0]).find((v) => v?.sock) ?? kw.get('stdin'))?.sock;
    if (bound) this.reverseShell(bound, shell, 'the socket as its stdin', e.pos, frame);
    else if (this.dupSock) this.reverseShell(this.dupSock, shell, '`os.dup2` of the socket onto stdin', e.pos, frame);
    return { shell };
  }

  /** A shell whose input and output are a network connection: whoever is at the other end runs commands. */
  private reverseShell(sock: NonNullable<Val['sock']>, shell: NonNullable<Val['shell']>, how: string, pos: Pos, frame: Frame): void {
    const location = loc(frame.mod.ir.file, pos);
    // one shell on one connection is one finding, however many streams are piped
    const key = `reverse-shell|${sock.at.file}:${sock.at.line}:${sock.at.column}|${shell.at.file}:${shell.at.line}:${shell.at.column}`;
    if (this.findings.has(key)) return;
    const path = [
      ...(sock.taint?.steps ?? []),
      { location: sock.at, message: `opens a connection to ${sock.peer}` },
      { location: shell.at, message: `starts \`${shell.program}\`` },
      { location, message: `binds the shell to the connection (${how})` },
    ];
    this.findings.set(key, {
      category: 'reverse-shell',
      message: how,
      sink: `\`${shell.program}\``,
      source: sock.at,
      sourceLabel: `a connection to ${sock.peer}`,
      sourceKind: sock.taint?.kind ?? null,
      location,
      path,
    });
  }

  // ----- sinks ----------------------------------------------------------------------------

  protected override checkSinks(q: string, e: { args: Expr[]; pos: Pos }, args: Val[], kw: Map<string, Val>, frame: Frame): void {
    const specs = SINKS.get(q);
    if (!specs) return;
    for (const spec of specs) {
      if (spec.shellOnly && !this.usesShell(args, kw)) continue;
      if (spec.shellProgram && !this.shellProgram(args)) continue;
      const idx = spec.args === 'all' ? args.map((_, i) => i) : spec.args;
      for (const i of idx) {
        const a = args[i];
        if (!a) continue;
        if (spec.stringOnly && a.fn) continue;
        if (this.sinkArg(spec, q, a, e.args[i]?.pos ?? e.pos, frame)) return;
      }
      for (const key of spec.keys ?? []) {
        const k = kw.get(key);
        if (k && this.sink(spec.category, q, k, k.at ? posOf(k.at) : e.pos, frame, k.at)) return;
      }
    }
  }

  protected sinkArg(spec: SinkSpec, q: string, a: Val, pos: Pos, frame: Frame): boolean {
    if (spec.category === 'nosql-injection') {
      // Mongo: the whole filter from the event, or a `$where` string
      if (a.taint && !a.props) return this.sink(spec.category, q, a, pos, frame);
      const where = a.props?.get('$where');
      if (where) return this.sink(spec.category, `${q} $where`, where, where.at ? posOf(where.at) : pos, frame, where.at);
      return false;
    }
    if (this.sink(spec.category, q, a, pos, frame)) return true;
    // options objects: { url }, { host }, { sql }
    if (a.props) {
      for (const key of spec.keys ?? []) {
        const p = a.props.get(key);
        if (p && this.sink(spec.category, q, p, p.at ? posOf(p.at) : pos, frame, p.at)) return true;
      }
    }
    // argument lists: spawn('sh', ['-c', x], { shell: true }), subprocess.run([...], shell=True)
    if (a.items && spec.category === 'command-injection') {
      for (const item of a.items) if (this.sink(spec.category, q, item, item.at ? posOf(item.at) : pos, frame, item.at)) return true;
    }
    return false;
  }

  /** The program run is a shell (`sh -c …`): every argument is a command line. */
  protected shellProgram(args: Val[]): boolean {
    const first = args[0]?.items?.[0] ?? args[0];
    return typeof first?.str === 'string' && SHELLS.test(first.str);
  }

  protected usesShell(args: Val[], kw: Map<string, Val>): boolean {
    if (kw.get('shell')?.str === true) return true;
    return args.some((a) => a.props?.get('shell')?.str === true || (typeof a.props?.get('shell')?.str === 'string'));
  }

  /**
   * Django's ORM takes raw SQL in `Model.objects.raw(sql)` and in `QuerySet.extra(where=, select=,
   * tables=, order_by=)`: a call on a queryset (a chain through a model's `objects` manager).
   */
  protected override djangoOrmSinks(e: Extract<Expr, { k: 'call' }>, method: string, args: Val[], kw: Map<string, Val>, frame: Frame): void {
    if ((method !== 'raw' && method !== 'extra') || e.callee.k !== 'member' || !onManager(e.callee.object)) return;
    if (method === 'raw') {
      const a = args[0] ?? kw.get('raw_query');
      if (a?.taint) this.sink('sql-injection', 'Model.objects.raw', a, e.args[0]?.pos ?? e.pos, frame);
      return;
    }
    for (const key of ['where', 'select', 'tables', 'order_by']) {
      const v = kw.get(key);
      const t = v ? (v.taint ?? this.deepTaint(v, 3)) : undefined;
      if (t) {
        const arg = e.kwargs.find((a) => a.name === key);
        this.sink('sql-injection', `QuerySet.extra(${key}=)`, { taint: t }, arg?.value.pos ?? e.pos, frame);
        return;
      }
    }
  }

  protected override checkSqlHeuristic(e: Extract<Expr, { k: 'call' }>, recv: Val, method: string, args: Val[], frame: Frame): void {
    if (!SQL_METHODS.has(method) || e.callee.k !== 'member') return;
    if (recv.lib && SINKS.has(`${recv.lib}#${method}`)) return; // handled by the table
    if (recv.lib && recv.lib !== 'aws-sdk' && !/sql|pg|db|knex|sequelize|cursor/i.test(recv.lib)) return;
    const o = e.callee.object;
    const name = o.k === 'name' ? o.name : o.k === 'member' ? o.prop : null;
    const a = args[0];
    if (!a || !a.taint) return;
    const text = a.pat?.text ?? '';
    if ((name && SQL_RECEIVER_NAME.test(name)) || recv.lib) {
      if (SQL_TEXT.test(text)) this.sink('sql-injection', `${name ?? 'db'}.${method}`, a, e.args[0]?.pos ?? e.pos, frame);
    }
  }

  /**
   * Ruby sinks that depend on the argument or the gems: `Kernel#open`, `IO.read` and `URI.open`
   * run a command when the string starts with `|` (so when its start comes from the event);
   * `YAML.load` builds arbitrary objects only with Psych < 4 (Ruby < 3.1, or a locked older gem);
   * ActiveRecord query methods take raw SQL when given a string built from the event.
   */
  protected override rubySinks(q: string | null, e: Extract<Expr, { k: 'call' }>, recv: Val | undefined, method: string | null, args: Val[], frame: Frame): void {
    const a = args[0];
    const pos = e.args[0]?.pos ?? e.pos;
    if (q && RUBY_OPEN.has(q) && a?.taint) {
      const start = a.pat ? a.pat.text : a.str === undefined ? '*' : String(a.str);
      if (start.startsWith('*') || start.startsWith('|')) this.sink('command-injection', q, a, pos, frame);
      else this.sink(RUBY_OPEN.get(q)!, q, a, pos, frame);
      return;
    }
    if (q && (q === 'YAML.load' || q === 'Psych.load' || q === 'YAML.load_stream' || q === 'Psych.load_stream') && this.psychBefore4()) {
      this.sink('insecure-deserialization', q, a, pos, frame);
      return;
    }
    if (!method || !recv || !a?.taint || a.props) return;
    const model = recv.cls !== undefined || (recv.ext !== undefined && !recv.ext.pkg && /^[A-Z]/.test(recv.ext.path[0] ?? '') && recv.ext.path.length <= 2 && !RUBY_NOT_MODELS.has(recv.ext.path[0]!));
    if (!model) return;
    if (AR_COLUMN_CHECKED.has(method) && this.activeRecordChecksColumns()) return;
    if (AR_RAW_SQL.has(method) || AR_SQL_FRAGMENT.has(method)) this.sink('sql-injection', `${recv.cls?.cls.name ?? qname(recv) ?? 'Model'}.${method}`, a, pos, frame);
  }

  /** True when the handler's Gemfile.lock pins activerecord 6.0 or later (raw SQL in `order`/`pluck` raises). */
  protected activeRecordChecksColumns(): boolean {
    const v = this.src.dependencies['activerecord'];
    const m = v ? /^(\d+)/.exec(v) : null;
    return m !== null && Number(m[1]) >= 6;
  }

  /** True when the handler's Gemfile.lock pins psych below 4 (where `YAML.load` is `unsafe_load`). */
  protected psychBefore4(): boolean {
    const v = this.src.dependencies['psych'];
    const m = v ? /^(\d+)/.exec(v) : null;
    return m !== null && Number(m[1]) < 4;
  }

  protected override jsYamlUnsafe(): boolean {
    const v = this.src.dependencies['js-yaml'];
    if (!v) return false;
    const m = /(\d+)/.exec(v);
    return m !== null && Number(m[1]) < 4;
  }

  /** Reports a finding when `v` carries taint not sanitised for `category`. Returns true when reported. */
  protected override sink(category: CodeCategory, sinkName: string, v: Val | undefined, pos: Pos, frame: Frame, at?: SourceLocation): boolean {
    if (!v) return false;
    const t = v.taint ?? (v.ev ? this.taintFor(v, frame, pos) : undefined);
    if (!t || t.sanitized.has(category)) return false;
    // an exception reaches only the caller it is returned to; event data is not a verbose error
    if ((t.exception === true) !== (category === 'verbose-error')) return false;
    const location = at ?? loc(frame.mod.ir.file, pos);
    const key = `${category}|${location.file}:${location.line}:${location.column}|${t.source.file}:${t.source.line}:${t.source.column}`;
    if (this.findings.has(key)) return true;
    const path = addStep(t, { location, message: `reaches \`${sinkName}\` (${category})` }).steps;
    this.findings.set(key, {
      category,
      message: `${t.label} reaches ${sinkName} without sanitisation (${category})`,
      sink: sinkName,
      source: t.source,
      sourceLabel: t.label,
      sourceKind: t.kind,
      location,
      path: [...path],
      ...(t.origin ? { origin: t.origin } : {}),
    });
    return true;
  }

  /**
   * A Lambda proxy response (`{ statusCode, headers, body }`, returned or handed to the callback):
   * event data in an HTML body is cross-site scripting; an exception in the body (its message, its
   * stack, the object) tells the caller about the function's internals.
   */
  protected override checkResponse(v: Val, frame: Frame, pos?: Pos): void {
    if (pos) this.routeResponse(v, frame, pos);
    if (!v.props) return;
    const body = v.props.get('body') ?? v.props.get('Body');
    if (body && (v.props.has('statusCode') || v.props.has('StatusCode'))) {
      const t = this.deepException(body, 4);
      if (t) this.sink('verbose-error', 'the HTTP response body', { taint: t }, body.at ? posOf(body.at) : { line: 1, column: 1, endLine: 1, endColumn: 1 }, frame, body.at);
    }
    const headers = v.props.get('headers') ?? v.props.get('Headers');
    if (!headers?.props || !body) return;
    let html = false;
    for (const [k, h] of headers.props) if (k.toLowerCase() === 'content-type' && /text\/html/i.test(String(h.str ?? h.pat?.text ?? ''))) html = true;
    if (!html) return;
    this.sink('xss', 'HTML response body', body, body.at ? posOf(body.at) : { line: 1, column: 1, endLine: 1, endColumn: 1 }, frame, body.at);
  }
}

/** Where a connect call goes, as the finding says it; taint when the event chooses the host. */
function peerOf(args: Val[]): { peer: string; taint?: Taint } {
  const a = args[0];
  let host: Val | undefined;
  let port: Val | undefined;
  if (a?.items) [host, port] = a.items; // Python: connect((host, port))
  else if (a?.props) [host, port] = [a.props.get('host'), a.props.get('port')]; // Node: connect({ host, port })
  else [port, host] = args; // Node: connect(port, host)
  const t = host?.taint && !host.taint.exception ? host.taint : undefined;
  if (t) return { peer: `an address from ${t.label}`, taint: t };
  if (typeof host?.str === 'string') return { peer: port?.str !== undefined ? `${host.str}:${String(port.str)}` : host.str };
  if (host?.env) return { peer: `the address in ${host.env}` };
  return { peer: 'an address set at run time' };
}

/** `Item.objects…`: an expression that reads a Django model's manager (or a queryset made from it). */
function onManager(e: Expr): boolean {
  for (let x: Expr | undefined = e, n = 0; x && n < 16; n++) {
    if (x.k === 'member') {
      if (x.prop === 'objects') return true;
      x = x.object;
    } else if (x.k === 'call') x = x.callee;
    else return false;
  }
  return false;
}
