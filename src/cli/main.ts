/**
 * What the `nightlight` command runs: the command line's own process set-up, then `runCli`. Shared
 * by bin/nightlight.ts (development, through tsx) and the bundle the installed command compiles
 * (dist/bin/nightlight-cli.cjs, started by src/cli/launcher.ts).
 */
import { runCli } from './index.js';

export async function main(argv: string[]): Promise<number> {
  // A reader that stops early (`nightlight scan | head`) closes the pipe: stop writing, no stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return runCli(argv);
}
