#!/usr/bin/env node
'use strict';
const { fstatSync, statSync, writeSync } = require('node:fs');
const { loadCli } = require('./load-cli.js');

/**
 * Whether `fd` is a terminal, asked of the tty module only for a character device other than
 * /dev/null: loading it (it loads net and the stream modules) is a few milliseconds of a start.
 */
function isTerminal(fd) {
  let stat;
  try {
    stat = fstatSync(fd);
  } catch {
    return false;
  }
  if (!stat.isCharacterDevice()) return false;
  try {
    if (stat.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    // No /dev/null (Windows): ask the tty module.
  }
  return require('node:tty').isatty(fd);
}

/**
 * Output to a file or a pipe, written synchronously to the descriptor: what Node's own
 * process.stdout does there (a file is a SyncWriteStream, a pipe is written synchronously on
 * Linux), without creating the stream, which loads net and the stream modules at every start.
 * `dockmend scan | head`: once the reader has left (EPIPE), the rest is dropped quietly, as the
 * Unix tools do, and the run still exits with its own code. Any other write error ends the run.
 */
function descriptorOutput(fd) {
  let readerGone = false;
  return {
    isTTY: false,
    write(text) {
      if (readerGone) return true;
      const bytes = Buffer.from(String(text), 'utf8');
      for (let at = 0; at < bytes.length; ) {
        try {
          at += writeSync(fd, bytes, at);
        } catch (err) {
          // A descriptor some other process made non-blocking: wait for the reader a little.
          if (err.code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
          else if (err.code === 'EPIPE') {
            readerGone = true;
            return true;
          } else {
            if (fd !== 2) {
              try {
                writeSync(2, `dockmend: cannot write output: ${err.message}\n`);
              } catch {
                // Nowhere left to say it.
              }
            }
            process.exit(2);
          }
        }
      }
      return true;
    },
  };
}

/** A terminal gets Node's stream (colours, width, the interactive UI); see above for the rest. */
function output(fd, stream) {
  if (!isTerminal(fd)) return descriptorOutput(fd);
  const s = stream();
  s.on('error', (err) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    try {
      process.stderr.write(`dockmend: cannot write output: ${err.message}\n`);
    } finally {
      process.exit(2);
    }
  });
  return s;
}

const stdout = output(1, () => process.stdout);
const stderr = output(2, () => process.stderr);
const { main } = loadCli().exports;
main(process.argv.slice(2), {
  stdout,
  stderr,
  // Asked only by the commands that may prompt (fix, init, explain).
  get stdinIsTTY() {
    return isTerminal(0);
  },
  cwd: process.cwd(),
  readStdin: async () => {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  },
}).then((code) => {
  // Without a terminal everything has been written, synchronously (descriptorOutput): end now,
  // rather than let Node wait for V8's background compile jobs and tear the heap down (10 to 70
  // ms at the end of a run). A terminal's stream may still hold output (Windows writes to one
  // asynchronously): then the process ends on its own.
  if (!stdout.isTTY && !stderr.isTTY) process.exit(code);
  process.exitCode = code;
});
