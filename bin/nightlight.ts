#!/usr/bin/env node
import { runCli } from '../src/cli/index.js';

// A reader that stops early (`nightlight scan | head`) closes the pipe: stop writing, no stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
