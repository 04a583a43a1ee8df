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

/**
 * The bundle's first line, with its newline: the opening of the function expression the file is,
 * then `// dockmend build <id>` (tsup.config.ts).
 */
function buildLine(source) {
  return source.slice(0, source.indexOf('\n') + 1);
}

const BUILD_NAME = /^\(function \([\w$, ]*\) \{\/\/ dockmend build [0-9a-f-]+\n$/;

/** The cache file's content for a bundle's source and V8's cache data. */
function cacheFile(source, data) {
  return Buffer.concat([Buffer.from(buildLine(source), 'latin1'), data]);
}

/**
 * Compile a classic script of dist/ (ASCII, tsup.config.ts: latin1 is exact and the cheapest
 * decoding) with its code cache `<file>.cache`, when that cache was made from this very file.
 * Returns the script and what became of the cache: used, rejected by V8 (another Node or other
 * V8 flags), stale (made for another build) or missing (a build that skipped the warm-up).
 */
function compile(file) {
  const source = readFileSync(file, 'latin1');
  const line = buildLine(source);
  let cachedData;
  let cache = 'missing';
  try {
    const data = readFileSync(`${file}.cache`);
    if (BUILD_NAME.test(line) && data.subarray(0, line.length).toString('latin1') === line) cachedData = data.subarray(line.length);
    else cache = 'stale';
  } catch {
    // No cache: compile from source.
  }
  // The file is a function expression (tsup.config.ts): compiled as it is, not wrapped here.
  const script = new Script(source, { filename: file, cachedData });
  return { script, cachedData, cache };
}

/**
 * Compile and run the bundle. Returns its exports, the compiled script (for createCachedData),
 * what became of the cache (see compile) and the chunks it loaded so far (name → script).
 */
function loadCli() {
  // The wrapper is CommonJS's own plus the importer through which the bundle loads the terminal
  // UI, an ES module next to it (code restored from a cache cannot run import() itself: see
  // tsup.config.ts), and the loader of its classic-script chunks (the Compose-schema validator).
  const { script, cachedData, cache: found } = compile(BUNDLE);
  const bundle = { exports: {} };
  const importNextToBundle = (specifier) => import(pathToFileURL(join(dirname(BUNDLE), specifier)).href);
  const chunks = new Map();
  const loadChunk = (name) => {
    let chunk = chunks.get(name);
    if (!chunk) {
      const file = join(dirname(BUNDLE), name);
      const compiled = compile(file);
      chunk = { script: compiled.script, module: { exports: {} } };
      compiled.script.runInThisContext()(chunk.module.exports, createRequire(file), chunk.module, file, dirname(file));
      chunks.set(name, chunk);
    }
    return chunk.module.exports;
  };
  script.runInThisContext()(bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, dirname(BUNDLE), importNextToBundle, loadChunk);
  const cache = cachedData === undefined ? found : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: bundle.exports, script, cache, chunks };
}

module.exports = { BUNDLE, CODE_CACHE, cacheFile, loadCli };
