// The peers dockmend is compared with, installed on demand into a scratch prefix outside the
// repository (never into the project): `npm install --prefix <dir> <spec>`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_PEERS_DIR = join(tmpdir(), 'dockmend-peers');

export const PEERS = {
  dclint: { pkg: 'dclint', spec: 'dclint@^3.1.0', bin: 'dclint', what: 'Docker Compose linter' },
  'dockerfile-utils': { pkg: 'dockerfile-utils', spec: 'dockerfile-utils@^0.16.3', bin: 'dockerfile-utils', what: 'Dockerfile linter (`dockerfile-utils lint <file>`, one file per process)' },
};

/**
 * The peer's bin path and version, installing it first when missing; or { skip: reason }.
 * Messages go to `log`.
 */
export function ensurePeer(id, dir = DEFAULT_PEERS_DIR, log = () => {}) {
  const peer = PEERS[id];
  const bin = join(dir, 'node_modules', '.bin', peer.bin);
  if (!existsSync(bin)) {
    log(`installing ${peer.spec} into ${dir} (npm install --prefix) ...`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      return { skip: `cannot create ${dir}: ${err.message}` };
    }
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '--fetch-retries=1', '--fetch-retry-mintimeout=2000', '--fetch-retry-maxtimeout=5000', peer.spec], {
      encoding: 'utf8',
      timeout: 180_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.error || r.status !== 0 || !existsSync(bin)) {
      const why = r.error ? r.error.message : npmProblem(`${r.stderr ?? ''}\n${r.stdout ?? ''}`) || `npm exited with ${r.status}`;
      return { skip: `${peer.spec} could not be installed: ${why}` };
    }
  }
  let version = 'unknown';
  try {
    version = JSON.parse(readFileSync(join(dir, 'node_modules', peer.pkg, 'package.json'), 'utf8')).version;
  } catch {
    // keep 'unknown'
  }
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.error || probe.status !== 0) return { skip: `${peer.pkg} is installed in ${dir} but does not run: ${probe.error?.message ?? probe.stderr.trim()}` };
  return { ...peer, bin, version };
}

/** The informative part of npm's error output: the error code line and the line after it. */
function npmProblem(output) {
  const lines = output.split('\n').map((l) => l.replace(/^npm (?:error|ERR!)\s*/, '').trim()).filter(Boolean);
  const i = lines.findIndex((l) => /^code\s+E[A-Z0-9]+/.test(l));
  if (i >= 0) return lines.slice(i, i + 2).join(': ');
  return lines.find((l) => !/^(?:A complete log|If you are behind)/.test(l)) ?? '';
}
