#!/usr/bin/env node
// `npm run bench`: a benchmark, not a timed test. It always exits 0 once it has measured (the
// targets' pass/fail is reported, not enforced); 2 when the bench itself cannot run.
// What it measures and why: docs/performance.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FILES, DEFAULT_SEED, GENERATOR_VERSION, defaultCacheDir, ensureTree } from './generate.mjs';
import { Runner, detectRssMethod, round, summarize } from './lib/measure.mjs';
import { REPO, distStamp, ensureBuilt, freezeCli } from './lib/dockmend.mjs';
import { DEFAULT_PEERS_DIR, ensurePeer } from './lib/peers.mjs';

const NODE = process.execPath;
/** The CLI measured: a frozen copy of bin/dockmend.js + dist/ (see freezeCli), set in main(). */
let BIN = null;

const HELP = `npm run bench -- [options]

  --files N          size of the synthetic repo (default ${DEFAULT_FILES})
  --seed N           PRNG seed (default ${DEFAULT_SEED})
  --runs N           measured runs per command, after one warm-up (default 5)
  --no-scaling       skip the 2×files run (scaling ratio)
  --no-peers         skip dclint and dockerfile-utils
  --quick            10,000 files, 3 runs, no scaling, no peers; writes bench/results/quick.json
  --out FILE         results file (default bench/results/latest.json)
  --cache-dir DIR    where generated trees are kept (default ${defaultCacheDir()})
  --peers-dir DIR    npm prefix for the peers (default ${DEFAULT_PEERS_DIR})
  --regenerate       regenerate the trees even when cached
  --rss gnu-time|node-hook   how peak RSS is read (default: gnu-time when /usr/bin/time works)
`;

// Issue 18: against the node floor (bench/node-floor.cjs), not `find`: Node's start, one walk
// and the parsers any scanner on this stack must use already cost over 2× `find`. The find
// ratios stay in the output, for information.
const TARGETS = {
  scanOverNodeFloor: 1.6,
  fixOverNodeFloor: 1.9,
  textScanOverNodeFloor: 2.0,
  scaling: 1.6,
  rssMB: 150,
  coldOverNode: 1.5,
  dclintPerFile: 10,
  dockerfileUtilsPerFile: 20,
};

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        files: { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        quick: { type: 'boolean' },
        'no-scaling': { type: 'boolean' },
        'no-peers': { type: 'boolean' },
        out: { type: 'string' },
        'cache-dir': { type: 'string' },
        'peers-dir': { type: 'string' },
        regenerate: { type: 'boolean' },
        rss: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`bench: ${err.message}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const quick = parsed.quick ?? false;
  const int = (name, dflt, min) => {
    if (parsed[name] === undefined) return dflt;
    const n = Number(parsed[name]);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`bench: --${name} must be an integer >= ${min}\n`);
      process.exit(2);
    }
    return n;
  };
  if (parsed.rss !== undefined && parsed.rss !== 'gnu-time' && parsed.rss !== 'node-hook') {
    process.stderr.write('bench: --rss must be gnu-time or node-hook\n');
    process.exit(2);
  }
  return {
    quick,
    files: int('files', quick ? 10_000 : DEFAULT_FILES, 2000),
    seed: int('seed', DEFAULT_SEED, 0),
    runs: int('runs', quick ? 3 : 5, 1),
    scaling: !(parsed['no-scaling'] || quick),
    peers: !(parsed['no-peers'] || quick),
    out: parsed.out ?? join(REPO, 'bench', 'results', quick ? 'quick.json' : 'latest.json'),
    cacheDir: parsed['cache-dir'] ?? defaultCacheDir(),
    peersDir: parsed['peers-dir'] ?? DEFAULT_PEERS_DIR,
    regenerate: parsed.regenerate ?? false,
    rss: parsed.rss ?? detectRssMethod(),
  };
}

const log = (m) => process.stderr.write(`bench: ${m}\n`);
const k = (n) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

function machine(rssMethod) {
  const c = cpus();
  return {
    cpuModel: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryBytes: totalmem(),
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${platform()} ${release()}`,
    rssMethod,
  };
}

function dockmendInfo(frozen) {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' });
  return {
    version: pkg.version,
    commit: git.status === 0 ? git.stdout.trim() : null,
    distBuiltAt: statSync(join(frozen.dist, 'cli.cjs')).mtime.toISOString(),
    // What every run loads: the bundle and its code cache (dist/ui/ is loaded only by the
    // terminal UI; the chunks, yaml, the Compose-schema validator and prompts, on demand).
    distBytes: ['cli.cjs', 'cli.cjs.cache'].reduce((n, f) => n + (existsSync(join(frozen.dist, f)) ? statSync(join(frozen.dist, f)).size : 0), 0),
    chunkBytes: Object.fromEntries(
      readdirSync(frozen.dist)
        .filter((f) => f.endsWith('.cjs') && f !== 'cli.cjs')
        .map((f) => [f, statSync(join(frozen.dist, f)).size + (existsSync(join(frozen.dist, `${f}.cache`)) ? statSync(join(frozen.dist, `${f}.cache`)).size : 0)]),
    ),
    codeCache: existsSync(join(frozen.dist, 'cli.cjs.cache')),
  };
}

// --- commands -----------------------------------------------------------------------------

// Exit 1 means findings, but an uncaught exception (say dist/ half rebuilt by a concurrent
// `npm run build`) also exits 1: a stack trace on stderr tells them apart.
const CRASH = /^\s+at .+\(?(node:|file:|\/).*\d+:\d+\)?$|^(?:Error|TypeError|SyntaxError|RangeError)\b|ERR_[A-Z_]+/m;
const dockmendOk = (r) => {
  if (r.code !== 0 && r.code !== 1) return `exit ${r.code ?? r.signal}: ${firstLines(r.stderr)}`;
  return CRASH.test(r.stderr) ? `crashed: ${firstLines(r.stderr)}` : null;
};
const zeroOnly = (r) => (r.code === 0 ? null : `exit ${r.code ?? r.signal}: ${firstLines(r.stderr)}`);
const zeroOrOne = (r) => (r.code === 0 || r.code === 1 ? null : `exit ${r.code ?? r.signal}: ${firstLines(r.stderr)}`);

function firstLines(s, n = 3) {
  return (s ?? '').trim().split('\n').slice(0, n).join(' | ');
}

function scanCmd(root) {
  return [NODE, BIN, 'scan', root, '--format', 'json'];
}
/** The default text scan: the findings plus the context line (sizes now and after the fixes). */
function textScanCmd(root) {
  return [NODE, BIN, 'scan', root];
}
function fixCmd(root) {
  return [NODE, BIN, 'fix', '--dry-run', root];
}
function floorCmd(root) {
  return ['sh', '-c', 'find "$0" -type f | wc -l', root];
}

function sizeCommands(tree, files, withNodeFloor = false) {
  const n = k(files);
  return [
    { id: `floor-${n}`, label: `floor: find -type f | wc -l (${n})`, argv: floorCmd(tree.root), check: zeroOnly, files, expectCount: files },
    // Information: the least a Node scanner on yaml and dockerfile-ast pays (bench/node-floor.cjs).
    ...(withNodeFloor ? [{ id: `node-floor-${n}`, label: `node floor: walk + parse only (${n})`, argv: [NODE, join(REPO, 'bench', 'node-floor.cjs'), tree.root], check: zeroOnly, files }] : []),
    { id: `scan-${n}`, label: `dockmend scan --format json (${n})`, argv: scanCmd(tree.root), check: dockmendOk, files, json: true },
    ...(withNodeFloor ? [{ id: `text-scan-${n}`, label: `dockmend scan, text (${n})`, argv: textScanCmd(tree.root), check: dockmendOk, files }] : []),
    { id: `fix-${n}`, label: `dockmend fix --dry-run (${n})`, argv: fixCmd(tree.root), check: dockmendOk, files, stderrSummary: true },
  ];
}

// --- running ------------------------------------------------------------------------------

/**
 * One warm-up of each command, then `runs` rounds; in each round every command runs once, the
 * starting command rotating, so that slow drift affects all commands of a group alike.
 */
function runGroup(runner, name, commands, runs) {
  for (const cmd of commands) {
    cmd.samples = [];
    log(`[${name}] warm-up: ${cmd.label}`);
    const argvs = cmd.warmupArgvs ?? (cmd.argvs ? cmd.argvs : [cmd.argv]);
    const capture = Boolean(cmd.expectCount || cmd.json);
    const w = argvs.length === 1 ? runner.run(argvs[0], { cwd: cmd.cwd, capture }) : runner.runSequence(argvs, { cwd: cmd.cwd });
    cmd.warmupMs = round(w.ms);
    cmd.error = cmd.check(w);
    if (cmd.error) {
      log(`[${name}] ${cmd.label} FAILED: ${cmd.error}`);
      continue;
    }
    cmd.exitCode = w.code;
    if (cmd.stderrSummary) cmd.output = { summary: w.stderr.trim().split('\n').pop() };
    if (cmd.expectCount !== undefined) {
      const count = Number(w.stdout.trim());
      cmd.counted = count;
      if (count !== cmd.expectCount) log(`[${name}] warning: find counted ${count} files, expected ${cmd.expectCount}`);
    }
    if (cmd.json) {
      try {
        const report = JSON.parse(w.stdout);
        const byRule = {};
        for (const f of report.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
        cmd.output = { summary: report.summary, byRule };
      } catch (err) {
        cmd.error = `output is not JSON: ${err.message}`;
        log(`[${name}] ${cmd.label} FAILED: ${cmd.error}`);
      }
    }
  }
  for (let round_ = 0; round_ < runs; round_++) {
    log(`[${name}] round ${round_ + 1}/${runs}`);
    for (let i = 0; i < commands.length; i++) {
      const cmd = commands[(i + round_) % commands.length];
      if (cmd.error) continue;
      const r = cmd.argvs ? runner.runSequence(cmd.argvs, { cwd: cmd.cwd }) : runner.run(cmd.argv, { cwd: cmd.cwd });
      const bad = cmd.check(r);
      if (bad) {
        cmd.error = bad;
        log(`[${name}] ${cmd.label} FAILED: ${bad}`);
        continue;
      }
      cmd.samples.push({ ms: round(r.ms), cpuMs: r.cpuMs === null ? null : round(r.cpuMs), rssKB: r.rssKB, code: r.code });
    }
  }
}

function describeArgv(cmd) {
  const show = (argv) => argv.map((a) => (a === NODE ? 'node' : a === BIN ? 'bin/dockmend.js' : a.startsWith(REPO) ? relative(REPO, a) : a)).join(' ');
  if (cmd.argvs) return `${cmd.argvs.length}× ${show(cmd.argvs[0])} …`;
  return show(cmd.argv);
}

function result(cmd) {
  const out = {
    id: cmd.id,
    label: cmd.label,
    group: cmd.group,
    command: describeArgv(cmd),
    files: cmd.files ?? null,
    processes: cmd.argvs ? cmd.argvs.length : 1,
    warmupMs: cmd.warmupMs ?? null,
    exitCode: cmd.exitCode ?? null,
    error: cmd.error ?? null,
    samples: cmd.samples ?? [],
  };
  if (cmd.samples?.length > 0 && !cmd.error) Object.assign(out, summarize(cmd.samples));
  if (cmd.counted !== undefined) out.counted = cmd.counted;
  if (cmd.output) out.output = cmd.output;
  if (cmd.peer) out.peer = cmd.peer;
  return out;
}

// --- main ---------------------------------------------------------------------------------

function main() {
  const opts = options();
  ensureBuilt(log);
  const frozen = freezeCli(log);
  BIN = frozen.bin;
  const started = Date.now();
  const info = { machine: machine(opts.rss), dockmend: dockmendInfo(frozen) };
  const loadBefore = loadavg()[0];
  if (loadBefore > 0.5) log(`note: load average is ${loadBefore.toFixed(2)} on ${info.machine.cores} cores: other work is running, expect noise`);
  log(`${info.machine.cpuModel}, ${info.machine.cores} cores, ${info.machine.memoryGiB} GiB, node ${info.machine.node}; peak RSS via ${opts.rss}`);

  const base = ensureTree({ files: opts.files, seed: opts.seed, cacheDir: opts.cacheDir, regenerate: opts.regenerate, log });
  const big = opts.scaling ? ensureTree({ files: opts.files * 2, seed: opts.seed, cacheDir: opts.cacheDir, regenerate: opts.regenerate, log }) : null;
  const skipped = [];
  if (!opts.scaling) skipped.push({ what: 'scaling', reason: opts.quick ? '--quick' : '--no-scaling' });

  const groups = [];
  const size = sizeCommands(base, opts.files, true);
  if (big) size.push(...sizeCommands(big, opts.files * 2));
  groups.push({ name: 'size', commands: size, runs: opts.runs });

  const cold = [
    { id: 'node-e-0', label: 'node -e 0', argv: [NODE, '-e', '0'], check: zeroOrOne },
    { id: 'scan-cold', label: 'dockmend scan, one-Dockerfile repo', argv: scanCmd(join(base.dir, 'cold')), check: dockmendOk, json: true },
  ];
  // Cold start is short and noisy: three times the runs (at least 15), still cheap.
  groups.push({ name: 'cold', commands: cold, runs: Math.max(15, opts.runs * 3) });

  if (opts.peers) {
    const composeRoot = join(base.dir, 'compose-only');
    const composeFiles = base.meta.composeFiles;
    const dclint = ensurePeer('dclint', opts.peersDir, log);
    if (dclint.skip) {
      log(`skipping dclint: ${dclint.skip}`);
      skipped.push({ what: 'dclint', reason: dclint.skip });
    } else {
      groups.push({
        name: 'compose',
        runs: opts.runs,
        commands: [
          { id: 'dclint', label: `dclint, ${composeFiles.length} compose files`, argv: [dclint.bin, ...composeFiles], cwd: composeRoot, check: zeroOrOne, files: composeFiles.length, peer: { name: 'dclint', version: dclint.version } },
          { id: 'scan-compose', label: `dockmend scan, same ${composeFiles.length} files`, argv: scanCmd(composeRoot), check: dockmendOk, files: composeFiles.length, json: true },
        ],
      });
    }
    const dfRoot = join(base.dir, 'dockerfiles-only');
    const dockerfiles = base.meta.dockerfiles;
    const dfu = ensurePeer('dockerfile-utils', opts.peersDir, log);
    if (dfu.skip) {
      log(`skipping dockerfile-utils: ${dfu.skip}`);
      skipped.push({ what: 'dockerfile-utils', reason: dfu.skip });
    } else {
      const argvs = dockerfiles.map((f) => [dfu.bin, 'lint', f]);
      groups.push({
        name: 'dockerfiles',
        runs: opts.runs,
        commands: [
          {
            id: 'dockerfile-utils',
            label: `dockerfile-utils lint, ${dockerfiles.length} Dockerfiles`,
            argvs,
            // The warm-up lints 10 files: it warms the page cache and the module files; the
            // full 200-process sequence would add ~20 s for nothing.
            warmupArgvs: argvs.slice(0, 10),
            cwd: dfRoot,
            check: zeroOrOne,
            files: dockerfiles.length,
            peer: { name: 'dockerfile-utils', version: dfu.version },
          },
          { id: 'scan-dockerfiles', label: `dockmend scan, same ${dockerfiles.length} files`, argv: scanCmd(dfRoot), check: dockmendOk, files: dockerfiles.length, json: true },
        ],
      });
    }
  } else {
    skipped.push({ what: 'peers', reason: opts.quick ? '--quick' : '--no-peers' });
  }

  const runner = new Runner(opts.rss);
  try {
    for (const g of groups) {
      for (const c of g.commands) c.group = g.name;
      runGroup(runner, g.name, g.commands, g.runs);
    }
  } finally {
    runner.close();
  }

  const distChanged = distStamp() !== frozen.stamp;
  if (distChanged) log('note: dist/ was rebuilt during the run; the run measured the copy taken at its start');
  info.machine.loadAverage1m = { start: round(loadBefore, 2), end: round(loadavg()[0], 2) };

  const measurements = groups.flatMap((g) => g.commands.map(result));
  const by = Object.fromEntries(measurements.map((m) => [m.id, m]));
  const med = (id) => (by[id] && by[id].medianMs !== undefined ? by[id].medianMs : null);
  const ratio = (a, b) => (a !== null && b !== null && b > 0 ? round(a / b, 2) : null);
  const n = k(opts.files);
  const n2 = k(opts.files * 2);

  const perFile = (id) => (med(id) !== null ? round(med(id) / by[id].files, 3) : null);
  const ratios = {
    scanOverFloor: ratio(med(`scan-${n}`), med(`floor-${n}`)),
    fixOverFloor: ratio(med(`fix-${n}`), med(`floor-${n}`)),
    textScanOverFloor: ratio(med(`text-scan-${n}`), med(`floor-${n}`)),
    nodeFloorOverFloor: ratio(med(`node-floor-${n}`), med(`floor-${n}`)),
    scanOverNodeFloor: ratio(med(`scan-${n}`), med(`node-floor-${n}`)),
    fixOverNodeFloor: ratio(med(`fix-${n}`), med(`node-floor-${n}`)),
    textScanOverNodeFloor: ratio(med(`text-scan-${n}`), med(`node-floor-${n}`)),
  };
  if (big) {
    Object.assign(ratios, {
      scanOverFloorScaled: ratio(med(`scan-${n2}`), med(`floor-${n2}`)),
      fixOverFloorScaled: ratio(med(`fix-${n2}`), med(`floor-${n2}`)),
      scalingScan: ratio(med(`scan-${n2}`), med(`scan-${n}`)),
      scalingFix: ratio(med(`fix-${n2}`), med(`fix-${n}`)),
      scalingFloor: ratio(med(`floor-${n2}`), med(`floor-${n}`)),
    });
  }
  // The same ratios from user + system CPU time: much less disturbed by other work on the
  // machine than wall time (information only; the targets are on wall time).
  const cpu = (id) => by[id]?.medianCpuMs ?? null;
  ratios.cpu = {
    scanOverFloor: ratio(cpu(`scan-${n}`), cpu(`floor-${n}`)),
    fixOverFloor: ratio(cpu(`fix-${n}`), cpu(`floor-${n}`)),
    scanOverNodeFloor: ratio(cpu(`scan-${n}`), cpu(`node-floor-${n}`)),
    fixOverNodeFloor: ratio(cpu(`fix-${n}`), cpu(`node-floor-${n}`)),
    textScanOverNodeFloor: ratio(cpu(`text-scan-${n}`), cpu(`node-floor-${n}`)),
    ...(big ? { scalingScan: ratio(cpu(`scan-${n2}`), cpu(`scan-${n}`)), scalingFix: ratio(cpu(`fix-${n2}`), cpu(`fix-${n}`)) } : {}),
    coldOverNode: ratio(cpu('scan-cold'), cpu('node-e-0')),
  };
  ratios.coldMs = med('scan-cold');
  ratios.coldOverNode = ratio(med('scan-cold'), med('node-e-0'));
  if (by.dclint) {
    ratios.dclintPerFileMs = perFile('dclint');
    ratios.dockmendComposePerFileMs = perFile('scan-compose');
    ratios.dclintOverDockmendPerFile = ratio(perFile('dclint'), perFile('scan-compose'));
  }
  if (by['dockerfile-utils']) {
    ratios.dockerfileUtilsPerFileMs = perFile('dockerfile-utils');
    ratios.dockmendDockerfilePerFileMs = perFile('scan-dockerfiles');
    ratios.dockerfileUtilsOverDockmendPerFile = ratio(perFile('dockerfile-utils'), perFile('scan-dockerfiles'));
  }

  // Peak RSS in MB (10^6 bytes), as the target is stated; GNU time reports KiB.
  const mb = (id) => (by[id]?.peakRssKB != null ? round((by[id].peakRssKB * 1024) / 1e6, 1) : null);
  const targets = [
    target('scan-over-node-floor', `scan --format json / node floor (${n})`, ratios.scanOverNodeFloor, '<=', TARGETS.scanOverNodeFloor, '×'),
    target('fix-over-node-floor', `fix --dry-run / node floor (${n})`, ratios.fixOverNodeFloor, '<=', TARGETS.fixOverNodeFloor, '×'),
    target('text-scan-over-node-floor', `text scan (context line) / node floor (${n})`, ratios.textScanOverNodeFloor, '<=', TARGETS.textScanOverNodeFloor, '×'),
    target('scaling-scan', `scan time ${n2} / ${n}`, big ? ratios.scalingScan : undefined, '<=', TARGETS.scaling, '×'),
    target('scaling-fix', `fix --dry-run time ${n2} / ${n}`, big ? ratios.scalingFix : undefined, '<=', TARGETS.scaling, '×'),
    target('rss-scan', `peak RSS, scan (${n})`, mb(`scan-${n}`), '<=', TARGETS.rssMB, 'MB'),
    target('rss-fix', `peak RSS, fix --dry-run (${n})`, mb(`fix-${n}`), '<=', TARGETS.rssMB, 'MB'),
    target('cold-over-node', 'cold start / node -e 0', ratios.coldOverNode, '<=', TARGETS.coldOverNode, '×'),
    target('dclint-per-file', 'per-file cost: dclint / dockmend (compose)', by.dclint ? ratios.dclintOverDockmendPerFile : undefined, '>=', TARGETS.dclintPerFile, '×'),
    target('dockerfile-utils-per-file', 'per-file cost: dockerfile-utils / dockmend (Dockerfiles)', by['dockerfile-utils'] ? ratios.dockerfileUtilsOverDockmendPerFile : undefined, '>=', TARGETS.dockerfileUtilsPerFile, '×'),
  ];

  const trees = { [opts.files]: treeInfo(base) };
  if (big) trees[opts.files * 2] = treeInfo(big);
  const results = {
    schema: 1,
    date: new Date().toISOString(),
    durationS: round((Date.now() - started) / 1000, 1),
    options: { files: opts.files, seed: opts.seed, runs: opts.runs, scaling: opts.scaling, peers: opts.peers, quick: opts.quick, generatorVersion: GENERATOR_VERSION },
    ...info,
    distRebuiltDuringRun: distChanged,
    trees,
    measurements,
    ratios,
    targets,
    skipped,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(`${opts.out}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${opts.out}.tmp`, opts.out);

  process.stdout.write(table(results));
  process.stdout.write(`\nresults: ${relative(process.cwd(), opts.out) || opts.out} (${results.durationS} s)\n`);
}

function target(id, label, value, op, limit, unit) {
  if (value === undefined) return { id, label, value: null, op, limit, unit, pass: null, note: 'skipped' };
  if (value === null) return { id, label, value: null, op, limit, unit, pass: null, note: 'not measured (a command failed)' };
  return { id, label, value, op, limit, unit, pass: op === '<=' ? value <= limit : value >= limit };
}

function treeInfo(tree) {
  const m = tree.meta;
  return {
    root: tree.root,
    files: m.fileCount,
    directories: m.dirCount,
    dockerfiles: m.dockerfiles.length,
    composeFiles: m.composeFiles.length,
    contexts: m.contexts.length,
    dockerignores: m.dockerignores.rootOnly.length + m.dockerignores.anchored.length + 1,
    pycacheDirs: m.sizes.pycacheDirs,
    nodeModulesFiles: m.sizes.nodeModulesFiles,
    gitFiles: m.sizes.gitFiles,
  };
}

// --- output -------------------------------------------------------------------------------

function fmtMs(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

function fmtValue(v, unit) {
  if (v === null) return '–';
  if (unit === 'ms') return fmtMs(v);
  if (unit === 'MiB') return `${v.toFixed(0)} MiB`;
  if (unit === 'MB') return `${v.toFixed(0)} MB`;
  return `${v.toFixed(2)}×`;
}

function pad(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function table(results) {
  const m = results.machine;
  const lines = [];
  lines.push(`\ndockmend bench — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${results.options.runs} runs${results.options.quick ? ' (quick)' : ''}\n`);
  const rows = [['command', 'runs', 'median', 'min–max', 'CPU (median)', 'peak RSS']];
  for (const x of results.measurements) {
    if (x.error) {
      rows.push([x.label, x.samples.length, 'FAILED', '(below)', '', '']);
      continue;
    }
    rows.push([x.label, x.samples.length, fmtMs(x.medianMs), `${fmtMs(x.minMs)}–${fmtMs(x.maxMs)}`, fmtMs(x.medianCpuMs), x.peakRssKB != null ? `${(x.peakRssKB / 1024).toFixed(0)} MiB` : '–']);
  }
  lines.push(pad(rows), '');
  for (const x of results.measurements) if (x.error) lines.push(`FAILED ${x.label}: ${x.error}`);
  if (results.measurements.some((x) => x.error)) lines.push('');
  const trows = [['target', 'measured', 'limit', 'result']];
  for (const t of results.targets) {
    trows.push([t.label, fmtValue(t.value, t.unit), `${t.op === '<=' ? '≤' : '≥'} ${fmtValue(t.limit, t.unit)}`, t.pass === null ? t.note.toUpperCase() : t.pass ? 'pass' : 'FAIL']);
  }
  lines.push(pad(trows), '');
  const r = results.ratios;
  const extra = [];
  if (r.dclintPerFileMs != null) extra.push(`compose per file: dclint ${fmtMs(r.dclintPerFileMs)}, dockmend ${fmtMs(r.dockmendComposePerFileMs)}`);
  if (r.dockerfileUtilsPerFileMs != null) extra.push(`Dockerfile per file: dockerfile-utils ${fmtMs(r.dockerfileUtilsPerFileMs)}, dockmend ${fmtMs(r.dockmendDockerfilePerFileMs)}`);
  if (r.nodeFloorOverFloor != null) extra.push(`node floor (start, walk, read the files dockmend reads, parse with yaml and dockerfile-ast; no rules): ${r.nodeFloorOverFloor}× the find floor`);
  extra.push(`against find (information): scan ${r.scanOverFloor ?? '–'}×, fix ${r.fixOverFloor ?? '–'}×, text scan ${r.textScanOverFloor ?? '–'}×; cold start ${fmtMs(r.coldMs)}`);
  const c = r.cpu;
  extra.push(`by CPU time: scan / node floor ${c.scanOverNodeFloor ?? '–'}×, fix / node floor ${c.fixOverNodeFloor ?? '–'}×, text scan / node floor ${c.textScanOverNodeFloor ?? '–'}×; scan / find ${c.scanOverFloor ?? '–'}×, fix / find ${c.fixOverFloor ?? '–'}×${c.scalingScan != null ? `, scaling scan ${c.scalingScan}×, fix ${c.scalingFix}×` : ''}, cold / node ${c.coldOverNode ?? '–'}×`);
  if (r.scalingFloor != null) extra.push(`floor scaling ${r.scalingFloor}×; at 2× files: scan / floor ${r.scanOverFloorScaled}×, fix / floor ${r.fixOverFloorScaled}×`);
  for (const s of results.skipped) extra.push(`skipped ${s.what}: ${s.reason}`);
  if (results.distRebuiltDuringRun) extra.push('note: dist/ was rebuilt during the run; the frozen copy taken at the start was measured');
  const load = results.machine.loadAverage1m;
  if (load.start > 0.5 || load.end > 1.5) extra.push(`note: 1-min load average ${load.start} at start, ${load.end} at end (${results.machine.cores} cores): other work was running`);
  if (extra.length) lines.push(extra.join('\n'));
  return `${lines.join('\n')}\n`;
}

main();
