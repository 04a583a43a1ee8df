// Loads the CLI bundle (dist/cli.cjs) through V8's code cache (dist/cli.cjs.cache).
//
// Node 20 compiles an ES module from source on every start (its compile cache arrived in
// Node 22), and compiling the bundle is a third of dockmend's start-up. A classic script can be
// given V8 code-cache data: bytecode for the bundle's top level and for every function the
// build's warm-up run compiled (scripts/code-cache.mjs, run by `npm run build`). Nothing is
// written at run time. The cache is used only when it was made from this very bundle (it starts
// with the bundle's first line, which names the build) and V8 accepts it (same V8 version and
// flags); otherwise the bundle is compiled from source, as it would be without a cache.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'cli.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;

/** The bundle's first line, with its newline: `// dockmend build <id>` (tsup.config.ts). */
function buildLine(source) {
  return source.slice(0, source.indexOf('\n') + 1);
}

/** The cache file's content for a bundle's source and V8's cache data. */
function cacheFile(source, data) {
  return Buffer.concat([Buffer.from(buildLine(source), 'latin1'), data]);
}

/**
 * Compile and run the bundle. Returns its exports, the compiled script (for createCachedData)
 * and what became of the cache: used, rejected by V8 (another Node or other V8 flags), stale
 * (made for another build) or missing (a build that skipped the warm-up).
 */
function loadCli() {
  // The bundle is ASCII (tsup.config.ts), for which latin1 is exact and the cheapest decoding.
  const source = readFileSync(BUNDLE, 'latin1');
  const line = buildLine(source);
  let cachedData;
  let cache = 'missing';
  try {
    const file = readFileSync(CODE_CACHE);
    if (line.startsWith('// dockmend build ') && file.subarray(0, line.length).toString('latin1') === line) cachedData = file.subarray(line.length);
    else cache = 'stale';
  } catch {
    // No cache: compile from source.
  }
  // The wrapper is CommonJS's own, on the bundle's first line, so line numbers stay true, plus
  // the importer through which the bundle loads the terminal UI, an ES module next to it (code
  // restored from a cache cannot run import() itself: see tsup.config.ts).
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __dockmendImport) {${source}\n})`, { filename: BUNDLE, cachedData });
  const bundle = { exports: {} };
  const importNextToBundle = (specifier) => import(pathToFileURL(join(dirname(BUNDLE), specifier)).href);
  script.runInThisContext()(bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, dirname(BUNDLE), importNextToBundle);
  if (cachedData !== undefined) cache = script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: bundle.exports, script, cache };
}

module.exports = { BUNDLE, CODE_CACHE, cacheFile, loadCli };
