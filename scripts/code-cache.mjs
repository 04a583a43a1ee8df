// Writes dist/cli.cjs.cache (see bin/load-cli.js): loads the bundle, runs a scan and a dry run
// of the bundled example repository so that V8 compiles what a run needs, then saves the
// bytecode. Run by `npm run build` after tsup; a failure leaves no cache (the CLI then compiles
// from source) and is reported, but does not fail the build.
//
// The bundle's cache is made from the example without its compose files. V8 deserialises a
// cache whole at every start, and the code only compose projects run (the compose model,
// interpolation, the compose rules) was a third of it: ~11 ms of the start of a scan of a
// repository without compose files (measured: one Dockerfile, 147 -> 135 ms). Where there are
// compose files that code is compiled on its first call instead, which costs about what
// deserialising it did (the bench's 40 compose files, netra: no change beyond noise). yaml and
// the Compose-schema validator keep caches of their own, made by a second warm-up with them.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLE, CODE_CACHE, cacheFile, loadCli } from '../bin/load-cli.js';
import { copyFixture } from './fixture.mjs';

rmSync(CODE_CACHE, { force: true });
for (const name of ['compose-spec.cjs', 'yaml.cjs', 'bake.cjs']) rmSync(join(dirname(BUNDLE), `${name}.cache`), { force: true });
try {
  const { exports, script, chunks } = loadCli();
  const quiet = { write: () => true };
  const repo = copyFixture('netra');
  const io = { stdout: quiet, stderr: quiet, stdinIsTTY: false, cwd: repo };
  const composeFiles = readdirSync(repo, { recursive: true }).filter((f) => /(?:^|\/)docker-compose[^/]*\.ya?ml$/.test(f));
  if (composeFiles.length === 0) throw new Error('fixtures/netra has no compose files to leave out');
  for (const f of composeFiles) renameSync(join(repo, f), join(repo, `${f}.left-out`));
  for (const args of [['scan', '--format', 'json'], ['scan'], ['fix', '--dry-run'], ['context']]) await exports.main(args, io);
  if (chunks.has('yaml.cjs')) throw new Error('the warm-up without compose files parsed YAML');
  // A Bake file, for dist/bake.cjs. A JSON one: an HCL file would load the HCL parser, which
  // sets a V8 flag (--liftoff-only) and so changes the flags every cache written after it is
  // checked against.
  const bakeRepo = copyFixture('rules/bake-dockerfile-missing/json-found-elsewhere/input');
  await exports.main(['scan', '--format', 'json'], { ...io, cwd: bakeRepo });
  rmSync(bakeRepo, { recursive: true, force: true });
  const bundleCache = script.createCachedData();
  // Then the example with its compose files, for the caches of yaml and the validator.
  for (const f of composeFiles) renameSync(join(repo, `${f}.left-out`), join(repo, f));
  for (const args of [['scan', '--format', 'json'], ['scan']]) await exports.main(args, io);
  rmSync(repo, { recursive: true, force: true });
  const source = readFileSync(BUNDLE, 'latin1');
  // The loader reads the bundle as latin1, which is exact only for ASCII.
  if (/[^\x00-\x7f]/.test(source)) throw new Error('dist/cli.cjs is not ASCII (esbuild charset)');
  const tmp = `${CODE_CACHE}.${process.pid}.tmp`;
  writeFileSync(tmp, cacheFile(source, bundleCache));
  renameSync(tmp, CODE_CACHE);
  // The chunks the warm-ups loaded (yaml, the Compose-schema validator, the Bake model), each with its own cache.
  for (const name of ['compose-spec.cjs', 'yaml.cjs', 'bake.cjs']) if (!chunks.has(name)) throw new Error(`the warm-up did not load dist/${name}`);
  for (const [name, chunk] of chunks) {
    const file = join(dirname(BUNDLE), name);
    const chunkTmp = `${file}.cache.${process.pid}.tmp`;
    writeFileSync(chunkTmp, cacheFile(readFileSync(file, 'latin1'), chunk.script.createCachedData()));
    renameSync(chunkTmp, `${file}.cache`);
  }
} catch (err) {
  process.stderr.write(`code-cache: not written (${err instanceof Error ? err.message : String(err)}); the CLI will compile from source\n`);
}
