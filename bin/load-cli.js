// Loads the CLI bundle (dist/cli.cjs) through V8's code cache (dist/cli.cjs.cache).
//
// Node 20 compiles an ES module from source on every start (its compile cache arrived in
// Node 22), and compiling the bundle is a third of dockmend's start-up. A classic script can be
// given V8 code-cache data: bytecode for the bundle's top level and for every function the
// build's warm-up run compiled (scripts/code-cache.mjs, run by `npm run build`). Nothing is
// written at run time. The cache is used only when it was made from this very bundle (its
// SHA-1 is stored with it) and V8 accepts it (same V8 version and flags); otherwise the bundle
// is compiled from source, as it would be without a cache.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

export const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.cjs');
export const CODE_CACHE = `${BUNDLE}.cache`;
const DIGEST_BYTES = 20;

/** The cache file's content for a bundle's source and V8's cache data. */
export function cacheFile(source, data) {
  return Buffer.concat([digest(source), data]);
}

function digest(source) {
  return createHash('sha1').update(source).digest();
}

/**
 * Compile and run the bundle. Returns its exports, the compiled script (for createCachedData)
 * and what became of the cache: used, rejected by V8 (another Node or other V8 flags), stale
 * (made from another bundle) or missing (a build that skipped the warm-up).
 */
export function loadCli() {
  const source = readFileSync(BUNDLE, 'utf8');
  let cachedData;
  let cache = 'missing';
  try {
    const file = readFileSync(CODE_CACHE);
    if (file.subarray(0, DIGEST_BYTES).equals(digest(source))) cachedData = file.subarray(DIGEST_BYTES);
    else cache = 'stale';
  } catch {
    // No cache: compile from source.
  }
  // The wrapper is CommonJS's own, on the bundle's first line, so line numbers stay true, plus
  // the importer through which the bundle loads the terminal UI, an ES module next to it (code
  // restored from a cache cannot run import() itself: see tsup.config.ts).
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __dockmendImport) {${source}\n})`, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  const importNextToBundle = (specifier) => import(pathToFileURL(join(dirname(BUNDLE), specifier)).href);
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), importNextToBundle);
  if (cachedData !== undefined) cache = script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, script, cache };
}
