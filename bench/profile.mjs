#!/usr/bin/env node
// CPU profile of the real CLI on the bench repo: `node --cpu-prof bin/dockmend.js scan ROOT`,
// then the top functions by self time, and self time by source module (dist/cli.cjs is one
// esbuild bundle; its `// src/...` module comments map a line back to its source file).
//
//   node bench/profile.mjs [--files N] [--seed N] [--command scan|fix] [--top 15] [--repeat 5]
//                          [--root DIR] [--interval US] [--json FILE] [--callers FUNCTION]
// --callers NAME also prints who calls NAME (self time of NAME by chain of callers, --depth
// frames deep, 3 by default).
// --bin FILE profiles that dockmend.js (say bench/.cache/cli/bin/dockmend.js, the copy the last
// `npm run bench` measured) instead of a fresh copy of bin/ + dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_FILES, DEFAULT_SEED, ensureTree } from './generate.mjs';
import { ensureBuilt, freezeCli } from './lib/dockmend.mjs';

const { values } = parseArgs({
  options: {
    files: { type: 'string' },
    seed: { type: 'string' },
    command: { type: 'string' },
    top: { type: 'string' },
    repeat: { type: 'string' },
    root: { type: 'string' },
    interval: { type: 'string' },
    json: { type: 'string' },
    callers: { type: 'string' },
    bin: { type: 'string' },
    depth: { type: 'string' },
    format: { type: 'string' },
  },
  strict: true,
});
const files = Number(values.files ?? DEFAULT_FILES);
const command = values.command ?? 'scan';
const top = Number(values.top ?? 15);
const repeat = Number(values.repeat ?? 5);
// Node's default 1 ms: at 200 µs the sampling signals interrupt getdents often enough to
// double the walk's readdir time (seen here: 307 ms vs 115 ms per run).
const interval = Number(values.interval ?? 1000);
const depthOf = Number(values.depth ?? 3); // frames shown per --callers chain
if (command !== 'scan' && command !== 'fix') throw new Error('--command must be scan or fix');

const log = (m) => process.stderr.write(`profile: ${m}\n`);
ensureBuilt(log);
// Profile a frozen copy, so that the bundle read below for the module map is the one that ran.
const BIN = values.bin ? resolve(values.bin) : freezeCli(log, 'profile-cli').bin;
const root = values.root ?? ensureTree({ files, seed: Number(values.seed ?? DEFAULT_SEED), log }).root;
const args = command === 'scan' ? ['scan', root, '--format', values.format ?? 'json'] : ['fix', '--dry-run', root];

// dist/ holds esbuild bundles (cli.cjs, and ui/ split into chunks); each module starts with a `// src/x.ts` (or
// `// node_modules/pkg/...`) comment, so a line maps back to the last such comment above it.
const moduleMaps = new Map();
function moduleAt(url, line) {
  let map = moduleMaps.get(url);
  if (!map) {
    const lines = readFileSync(url.startsWith('file:') ? fileURLToPath(url) : url, 'utf8').split('\n');
    map = new Array(lines.length);
    let current = `dist/${basename(url)} (bundle prelude)`;
    for (let i = 0; i < lines.length; i++) {
      const m = /^\/\/ ((?:src|transforms|node_modules)\/\S+|package\.json)$/.exec(lines[i]);
      if (m) current = m[1].startsWith('node_modules/') ? packageOf(m[1]) : m[1];
      map[i] = current;
    }
    moduleMaps.set(url, map);
  }
  return map[line] ?? `dist/${basename(url)}`;
}
function packageOf(path) {
  const parts = path.split('/');
  return parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
}

function where(frame) {
  const { url, lineNumber } = frame;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  // dist/cli.cjs runs as a vm.Script named by its path; dist/ui/*.js are ES modules (file: URLs).
  if (/\/dist\/(?:ui\/)?[^/]+\.c?js$/.test(url)) return moduleAt(url, lineNumber);
  if (url.startsWith('node:')) return url.replace(/^node:internal\/.*/, 'node:internal');
  if (url.includes('/bin/dockmend.js')) return 'bin/dockmend.js';
  return url;
}

const self = new Map(); // function key -> { ms, module, name, line }
const total = new Map();
const byModule = new Map();
const callers = new Map(); // for --callers: caller key -> self ms of the named function
let wallMs = 0;
let sampledMs = 0;

const dir = mkdtempSync(join(tmpdir(), 'dockmend-prof-'));
try {
  for (let r = 0; r < repeat; r++) {
    const out = join(dir, String(r));
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', out, '--cpu-prof-interval', String(interval), BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    wallMs += Number(process.hrtime.bigint() - t0) / 1e6;
    if (p.status !== 0 && p.status !== 1) throw new Error(`dockmend exited ${p.status}: ${p.stderr}`);
    const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
    accumulate(JSON.parse(readFileSync(join(out, file), 'utf8')));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function accumulate(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const module = where(f);
    const name = f.functionName || '(anonymous)';
    const line = f.lineNumber >= 0 ? f.lineNumber + 1 : 0;
    keyOf.set(n.id, { key: `${name}\0${f.url}\0${f.lineNumber}`, name, module, line, file: f.url ? basename(f.url) : '' });
  }
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // Chrome DevTools' attribution: a sample lasts until the next one.
    const ms = (i + 1 < timeDeltas.length ? timeDeltas[i + 1] : interval) / 1000;
    sampledMs += ms;
    const k = keyOf.get(samples[i]);
    add(self, k, ms);
    byModule.set(k.module, (byModule.get(k.module) ?? 0) + ms);
    if (values.callers && k.name === values.callers) {
      // The --depth frames above it (3 by default), as one "caller < caller's caller < ..." chain.
      const chain = [];
      for (let id = parent.get(samples[i]); id !== undefined && chain.length < depthOf; id = parent.get(id)) chain.push(keyOf.get(id));
      if (chain.length > 0) add(callers, { key: chain.map((c) => c.key).join('|'), name: chain.map((c) => c.name).join(' < '), module: chain.map((c) => c.module).join(' < ') }, ms);
    }
    const seen = new Set();
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const kk = keyOf.get(id);
      if (seen.has(kk.key) || !nodes.has(id)) continue;
      seen.add(kk.key);
      add(total, kk, ms);
    }
  }
}

function add(map, k, ms) {
  const e = map.get(k.key);
  if (e) e.ms += ms;
  else map.set(k.key, { ...k, ms });
}

const per = (ms) => ms / repeat;
const pct = (ms) => `${((100 * ms) / sampledMs).toFixed(1)}%`;
const fmt = (ms) => `${per(ms).toFixed(1)} ms`;
const rows = [...self.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
const pad = (table) => {
  const w = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  return table.map((r) => r.map((c, i) => String(c).padEnd(w[i])).join('  ').trimEnd()).join('\n');
};

const out = [];
out.push(`dockmend ${command} on ${root}`);
out.push(`${repeat} run(s), ${per(wallMs).toFixed(0)} ms wall each, ${per(sampledMs).toFixed(0)} ms sampled each (interval ${interval} µs); times are per run\n`);
out.push(`top ${top} functions by self time`);
out.push(
  pad([
    ['self', 'self %', 'total', 'function', 'where'],
    ...rows.map((r) => [fmt(r.ms), pct(r.ms), fmt(total.get(r.key)?.ms ?? r.ms), r.name, r.line ? `${r.module} (${r.file}:${r.line})` : r.module]),
  ]),
);
out.push('\nsrc/ functions by total (inclusive) time');
const phases = [...total.values()].filter((r) => /^(src|transforms)\//.test(r.module)).sort((a, b) => b.ms - a.ms).slice(0, top);
out.push(pad([['total', 'total %', 'self', 'function', 'where'], ...phases.map((r) => [fmt(r.ms), pct(r.ms), fmt(self.get(r.key)?.ms ?? 0), r.name, r.module])]));
if (values.callers) {
  out.push(`\ncallers of ${values.callers} (its self time, by chain of callers)`);
  const list = [...callers.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
  out.push(pad([['self', 'caller', 'where'], ...list.map((r) => [fmt(r.ms), r.name, r.module])]));
}
out.push('\nself time by module');
const modules = [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 12);
out.push(pad([['self', 'self %', 'module'], ...modules.map(([m, ms]) => [fmt(ms), pct(ms), m])]));
process.stdout.write(`${out.join('\n')}\n`);

if (values.json) {
  writeFileSync(
    values.json,
    `${JSON.stringify(
      {
        command,
        root,
        repeat,
        intervalUs: interval,
        wallMsPerRun: per(wallMs),
        sampledMsPerRun: per(sampledMs),
        topSelf: rows.map((r) => ({ function: r.name, module: r.module, bundleFile: r.file, bundleLine: r.line, selfMs: per(r.ms), totalMs: per(total.get(r.key)?.ms ?? r.ms) })),
        srcByTotal: phases.map((r) => ({ function: r.name, module: r.module, totalMs: per(r.ms), selfMs: per(self.get(r.key)?.ms ?? 0) })),
        byModule: modules.map(([m, ms]) => ({ module: m, selfMs: per(ms) })),
      },
      null,
      2,
    )}\n`,
  );
}
