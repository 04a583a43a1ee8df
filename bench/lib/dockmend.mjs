// Where the real CLI is, making sure it is built, and freezing a copy of it for one bench run.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO, 'bin', 'dockmend.js');
export const DIST = join(REPO, 'dist', 'cli.cjs');
/** Inside the repository (so that module resolution is the same as for bin/), git-ignored. */
export const CACHE = join(REPO, 'bench', '.cache');

/** Build with `npm run build` when dist/ is missing; exit 2 when that fails. */
export function ensureBuilt(log = () => {}) {
  if (existsSync(DIST)) return;
  log('dist/ is missing: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(DIST)) {
    log('npm run build failed');
    process.exit(2);
  }
}

/** Names, sizes and mtimes of dist/: equal stamps mean the same build. */
export function distStamp(dir = join(REPO, 'dist')) {
  try {
    return readdirSync(dir)
      .sort()
      .map((f) => {
        const s = statSync(join(dir, f));
        return `${f}:${s.size}:${s.mtimeMs}`;
      })
      .join(' ');
  } catch {
    return null;
  }
}

/**
 * Copy bin/ and dist/ to bench/.cache/<name>/{bin,dist}, so that a concurrent
 * `npm run build` (tsup cleans dist/ first) can neither break a run nor mix two builds into it.
 * The copy is retried while dist/ changes under it. Returns the frozen bin path and the stamp.
 */
export function freezeCli(log = () => {}, name = 'cli') {
  const FROZEN = join(CACHE, name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = distStamp();
    rmSync(FROZEN, { recursive: true, force: true });
    mkdirSync(join(FROZEN, 'bin'), { recursive: true });
    cpSync(join(REPO, 'bin'), join(FROZEN, 'bin'), { recursive: true, preserveTimestamps: true });
    cpSync(join(REPO, 'dist'), join(FROZEN, 'dist'), { recursive: true, preserveTimestamps: true });
    if (before !== null && distStamp() === before && distStamp(join(FROZEN, 'dist')) !== null) {
      const v = spawnSync(process.execPath, [join(FROZEN, 'bin', 'dockmend.js'), '--version'], { encoding: 'utf8' });
      if (v.status === 0) return { bin: join(FROZEN, 'bin', 'dockmend.js'), dist: join(FROZEN, 'dist'), stamp: before };
    }
    log('dist/ changed while it was copied (a concurrent build?): retrying in 5 s');
    spawnSync('sleep', ['5']);
  }
  log('could not take a stable copy of dist/');
  process.exit(2);
}
