import { findingsRule } from '../kinds.js';

/**
 * A shell whose standard input and output are a network connection the function opens (a reverse
 * shell): Node `net.connect`/`new net.Socket().connect` piped into `spawn('/bin/sh')` or handed to
 * it as `stdio`, Python `socket` + `os.dup2` onto 0/1/2 + `pty.spawn`/`subprocess` of a shell, or
 * `Popen(['/bin/sh'], stdin=s.fileno(), …)`. Whoever listens at the address runs commands with the
 * function's role each time the function runs, so it is critical when anything in the model runs
 * the function and high when nothing does (docs/severity.md). The address is named in the message
 * (a literal, an environment variable, or the event field that chooses it).
 */
export default findingsRule({
  id: 'code/no-reverse-shell',
  description: 'Handler code must not bind a shell to a network connection (reverse shell).',
  category: 'reverse-shell',
  severity: 'critical',
  cwe: [506],
  messages: {
    shell: '{{fn}} binds {{sink}} to a connection to {{peer}} ({{how}}; reverse shell): whoever listens there runs commands with the function\'s role{{run}}.',
  },
  requires: ['code', 'surface'],
  reads: 'code',
  *findings(code, { model, analyses }) {
    const surface = analyses.surface;
    for (const id of Object.keys(code.functions).sort()) {
      const exposure = surface.byFunction[id];
      const ep = exposure?.weakestEntryPoint ? model.entryPoints.find((e) => e.id === exposure.weakestEntryPoint) : undefined;
      let n = 0;
      for (const f of code.functions[id]!.taint) {
        if (f.category !== 'reverse-shell') continue;
        n++;
        yield {
          messageId: 'shell',
          data: { fn: id, sink: f.sink, how: f.message, peer: f.sourceLabel.replace(/^a connection to /, ''), run: ep ? `; it runs whenever ${ep.label} (${ep.principal.kind}) invokes it` : '; nothing in the scanned definitions runs it' },
          subject: id,
          key: `reverse-shell:${f.location.file}#${n}`,
          location: f.location,
          severity: ep ? 'critical' : 'high',
          functions: [id],
          ...(ep ? { related: [{ location: ep.location, message: `${ep.label}: ${ep.principal.kind}` }] } : {}),
          flows: [f.path],
        };
      }
    }
  },
});
