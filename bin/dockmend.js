#!/usr/bin/env node
'use strict';
const { loadCli } = require('./load-cli.js');

// `dockmend scan | head`: the reader left, so what is left to write has no one to read it.
// Drop it quietly, as the Unix tools do, and still exit with the run's own code, rather than
// die on an unhandled 'error' event with a stack trace. Any other stream error ends the run.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    try {
      process.stderr.write(`dockmend: cannot write output: ${err.message}\n`);
    } finally {
      process.exit(2);
    }
  });
}

const { main } = loadCli().exports;
main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  cwd: process.cwd(),
  readStdin: async () => {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  },
}).then((code) => {
  process.exitCode = code;
});
