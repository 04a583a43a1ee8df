// Writes dist/cli.cjs.cache (see bin/load-cli.js): loads the bundle, runs a scan and a dry run
// of the bundled example repository so that V8 compiles what a run needs, then saves the
// bytecode. Run by `npm run build` after tsup; a failure leaves no cache (the CLI then compiles
// from source) and is reported, but does not fail the build.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLE, CODE_CACHE, cacheFile, loadCli } from '../bin/load-cli.js';
import { copyFixture } from './fixture.mjs';

rmSync(CODE_CACHE, { force: true });
for (const name of ['compose-spec.cjs', 'yaml.cjs', 'bake.cjs']) rmSync(join(dirname(BUNDLE), `${name}.cache`), { force: true });
try {
  const { exports, script, chunks } = loadCli();
  const repo = copyFixture('netra');
  const quiet = { write: () => true };
  const io = { stdout: quiet, stderr: quiet, stdinIsTTY: false, cwd: repo };
  for (const args of [['scan', '--format', 'json'], ['scan'], ['fix', '--dry-run'], ['context']]) await exports.main(args, io);
  rmSync(repo, { recursive: true, force: true });
  // A Bake file, for dist/bake.cjs. A JSON one: an HCL file would load the HCL parser, which
  // sets a V8 flag (--liftoff-only) and so changes the flags every cache written after it is
  // checked against.
  const bakeRepo = copyFixture('rules/bake-dockerfile-missing/json-found-elsewhere/input');
  await exports.main(['scan', '--format', 'json'], { ...io, cwd: bakeRepo });
  rmSync(bakeRepo, { recursive: true, force: true });
  const source = readFileSync(BUNDLE, 'latin1');
  // The loader reads the bundle as latin1, which is exact only for ASCII.
  if (/[^\x00-\x7f]/.test(source)) throw new Error('dist/cli.cjs is not ASCII (esbuild charset)');
  const tmp = `${CODE_CACHE}.${process.pid}.tmp`;
  writeFileSync(tmp, cacheFile(source, script.createCachedData()));
  renameSync(tmp, CODE_CACHE);
  // The chunks the warm-up loaded (the Compose-schema validator), each with its own cache.
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
