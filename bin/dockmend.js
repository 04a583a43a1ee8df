#!/usr/bin/env node
import { loadCli } from './load-cli.js';

const { main } = loadCli().exports;
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  cwd: process.cwd(),
  readStdin: async () => {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  },
});
process.exitCode = code;
