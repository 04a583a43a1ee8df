#!/usr/bin/env node
// npm run ecosystem [-- --check | --update] [repository...]
//
// What dockmend says about real repositories nobody on the team wrote, and how precise it is
// there (ruff's ecosystem check, adapted): materialises each corpus repository once into a cache
// under the temp dir, scans it with the built CLI, compares the findings with the reviewed lists
// in test/corpus/expected/, and prints a table, the precision per severity over the corpus, and
// every finding that is new (unreviewed) or has disappeared. See docs/ecosystem.md.
//
//   --check    exit 1 when anything is unreviewed or has disappeared
//   --markdown also print the precision table as docs/ecosystem.md shows it
//   --update   write the unreviewed findings into the expected lists (verdict "unreviewed") for
//              review in the diff; drop false positives that no longer show. Never marks a
//              finding false.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareScan, isClean, precision, readExpected, SEVERITIES, updatedEntries, writeExpected } from './ecosystem-lib.mjs';

const PROJECT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = process.env.DOCKMEND_CORPUS || join(PROJECT, '..', 'shared', 'corpus');
// DOCKMEND_EXPECTED: another folder of lists (the tests use one, with a corpus of their own).
const EXPECTED = process.env.DOCKMEND_EXPECTED || join(PROJECT, 'test', 'corpus', 'expected');
const CLI = join(PROJECT, 'bin', 'dockmend.js');
const USAGE = 'usage: npm run ecosystem -- [--check | --update] [--markdown] [repository...]';

function fail(message, code = 2) {
  process.stderr.write(`ecosystem: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const options = { check: false, update: false, markdown: false, names: [] };
  for (const a of argv) {
    if (a === '--check') options.check = true;
    else if (a === '--update') options.update = true;
    else if (a === '--markdown') options.markdown = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('-')) fail(`unknown option ${a}\n${USAGE}`);
    else options.names.push(a);
  }
  if (options.check && options.update) fail(`--check and --update exclude each other\n${USAGE}`);
  return options;
}

function corpusNames() {
  return readdirSync(CORPUS)
    .filter((n) => existsSync(join(CORPUS, n, 'paths.tsv')))
    .sort();
}

/** A digest of what materialize.mjs builds a repository from, so a changed corpus is rebuilt. */
function corpusDigest(name) {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(CORPUS, 'materialize.mjs')));
  const base = join(CORPUS, name);
  const stack = [base];
  const files = [];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else files.push(p);
    }
  }
  for (const p of files.sort()) hash.update(relative(base, p).split(sep).join('/')).update('\0').update(readFileSync(p)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The repository materialised under the temp dir, built once per corpus version. */
function materialized(name) {
  const cache = join(tmpdir(), 'dockmend-ecosystem');
  const dest = join(cache, `${name}-${corpusDigest(name)}`);
  if (existsSync(dest)) return dest;
  mkdirSync(cache, { recursive: true });
  // Older versions of this repository go; trees other runs are building right now stay.
  for (const old of readdirSync(cache)) if (old.startsWith(`${name}-`) && !old.includes('.building-') && join(cache, old) !== dest) rmSync(join(cache, old), { recursive: true, force: true });
  // Built beside its final name and renamed into place, so an interrupted run leaves no half tree;
  // when another run (another worktree) got there first, its tree is the same and is used.
  const building = `${dest}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  execFileSync(process.execPath, [join(CORPUS, 'materialize.mjs'), name, building], { stdio: 'pipe' });
  try {
    renameSync(building, dest);
  } catch (err) {
    if (!existsSync(dest)) throw err;
    rmSync(building, { recursive: true, force: true });
  }
  return dest;
}

/** Whether dist/cli.cjs is missing or older than a source it is built from (src/, transforms/, the build config). */
function bundleIsStale() {
  const bundle = join(PROJECT, 'dist', 'cli.cjs');
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  const stack = [join(PROJECT, 'src'), join(PROJECT, 'transforms')];
  for (const f of ['package.json', 'tsup.config.ts']) if (statSync(join(PROJECT, f)).mtimeMs > built) return true;
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (statSync(p).mtimeMs > built) return true;
    }
  }
  return false;
}

function scan(root) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, 'scan', '--format', 'json', '--fail-on', 'never'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return resolve({ error: `exit ${code}: ${stderr.trim()}`, seconds });
      try {
        resolve({ findings: JSON.parse(stdout).findings, seconds, stderr: stderr.trim() });
      } catch (err) {
        resolve({ error: `unreadable JSON: ${err.message}`, seconds });
      }
    });
  });
}

async function inParallel(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function pad(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

function describe(f) {
  return `${f.rule} ${f.file}:${f.line} [${f.severity}]`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(join(CORPUS, 'materialize.mjs'))) fail(`no corpus at ${CORPUS} (shared/corpus beside the clone; DOCKMEND_CORPUS overrides)`);
  const all = corpusNames();
  const unknown = options.names.filter((n) => !all.includes(n));
  if (unknown.length > 0) fail(`not in the corpus: ${unknown.join(', ')} (have: ${all.join(', ')})`);
  const names = options.names.length > 0 ? options.names : all;
  if (bundleIsStale()) {
    process.stderr.write('ecosystem: building the CLI (npm run build)\n');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT, stdio: 'inherit' });
  }

  const started = Date.now();
  const rows = await inParallel(names, Math.max(1, availableParallelism()), async (name) => {
    const root = materialized(name);
    const result = await scan(root);
    if (result.error) return { name, ...result };
    const entries = readExpected(EXPECTED, name);
    const comparison = compareScan(result.findings, entries ?? []);
    return { name, ...result, entries, comparison };
  });

  const widths = [24, 6, 8, 5, 6, 7, 10, 11, 6];
  const out = [];
  out.push(pad(['repository', 'errors', 'warnings', 'info', 'true', 'false', 'unreviewed', 'disappeared', 'time'], widths));
  let dirty = false;
  for (const r of rows) {
    if (r.error) {
      dirty = true;
      out.push(`${r.name.padEnd(widths[0])}  scan failed: ${r.error}`);
      continue;
    }
    const count = (s) => r.findings.filter((f) => f.severity === s).length;
    const c = r.comparison;
    const verdicts = (v) => c.matched.filter((m) => m.entry.verdict === v).length;
    if (!isClean(c) || r.entries === null) dirty = true;
    out.push(pad([r.name, count('error'), count('warning'), count('info'), verdicts('true'), verdicts('false'), c.unreviewed.length, c.disappeared.length, `${r.seconds.toFixed(2)}s`], widths));
  }
  const scanned = rows.filter((r) => !r.error);
  const p = precision(scanned.map((r) => r.comparison));
  out.push('');
  out.push('precision over the corpus (reviewed findings):');
  for (const s of SEVERITIES) {
    const { tp, fp } = p[s];
    const ratio = tp + fp === 0 ? '–' : `${((100 * tp) / (tp + fp)).toFixed(1)}%`;
    out.push(`  ${`${s}s:`.padEnd(10)} ${String(tp).padStart(4)} tp / ${String(fp).padStart(4)} fp   ${ratio}`);
  }
  const bugs = new Map();
  for (const r of scanned) for (const { entry } of r.comparison.matched) if (entry.verdict === 'false') bugs.set(entry.bug, (bugs.get(entry.bug) ?? 0) + 1);
  if (bugs.size > 0) {
    out.push('');
    out.push('false positives by bug:');
    for (const [bug, n] of [...bugs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out.push(`  ${String(n).padStart(4)}  ${bug}`);
  }
  for (const r of scanned) {
    const c = r.comparison;
    if (r.entries === null) out.push('', `${r.name}: no reviewed list (test/corpus/expected/${r.name}.json)`);
    if (c.unreviewed.length > 0) {
      out.push('', `${r.name}: ${c.unreviewed.length} unreviewed`);
      for (const u of c.unreviewed) {
        const why = u.reason === 'severity' ? ` (reviewed ${u.entry.verdict} as ${u.entry.severity})` : u.reason === 'unreviewed' ? ' (waiting for its verdict)' : '';
        out.push(`  + ${describe(u.finding)}${why}: ${u.finding.message}`);
      }
    }
    if (c.disappeared.length > 0) {
      out.push('', `${r.name}: ${c.disappeared.length} disappeared`);
      for (const e of c.disappeared) out.push(`  - ${describe(e)} (reviewed ${e.verdict}${e.bug ? `: ${e.bug}` : ''})`);
    }
  }
  out.push('', `${names.length} repositories in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (options.markdown) process.stdout.write(`\n${markdownTable(scanned, p)}\n`);

  if (options.update) {
    for (const r of scanned) {
      if (isClean(r.comparison) && r.entries !== null) continue;
      writeExpected(EXPECTED, r.name, updatedEntries(r.comparison));
      process.stdout.write(`updated ${relative(PROJECT, join(EXPECTED, `${r.name}.json`))}\n`);
    }
  }
  if (options.check && dirty) process.exit(1);
}

/** The table and precision lines of docs/ecosystem.md ("Precision as it stands"). */
function markdownTable(rows, p) {
  const lines = ['| repository | errors | warnings | info | true | false |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const count = (s) => r.findings.filter((f) => f.severity === s).length;
    const verdicts = (v) => r.comparison.matched.filter((m) => m.entry.verdict === v).length;
    lines.push(`| ${r.name} | ${count('error')} | ${count('warning')} | ${count('info')} | ${verdicts('true')} | ${verdicts('false')} |`);
  }
  lines.push('', '```');
  for (const s of SEVERITIES) {
    const { tp, fp } = p[s];
    const ratio = tp + fp === 0 ? '–' : `${((100 * tp) / (tp + fp)).toFixed(1)}%`;
    lines.push(`${`${s}s:`.padEnd(10)} ${String(tp).padStart(4)} tp / ${String(fp).padStart(4)} fp   ${ratio}`);
  }
  lines.push('```');
  return lines.join('\n');
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
