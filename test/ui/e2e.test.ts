// End to end in a real pseudo-terminal (util-linux `script`): a launcher bundled with the
// project's own tsup config (so the react-devtools-core alias is exercised), raw-mode keys,
// exit codes, the files on disk.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { beforeAll, describe, expect, it } from 'vitest';
import { ui as uiBuild } from '../../tsup.config.js';
import { snapshot, twoServiceRepo } from '../helpers.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') ?? false;

// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g, '').replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\r/g, '');

const SGR = /\u001b\[[0-9;]*m/;

let launcher = '';

beforeAll(async () => {
  if (!hasScript) return;
  const out = mkdtempSync(join(tmpdir(), 'dockmend-e2e-'));
  launcher = join(out, 'launch.js');
  await build({ ...uiBuild, entry: { launch: 'test/ui/fixtures/launch.ts' }, outDir: out, clean: false, silent: true });
}, 60_000);

interface Pty {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  raw(): string;
  waitFor(text: string): Promise<void>;
  type(s: string): void;
  exit: Promise<number | null>;
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dockmend.js');

/** The launcher on `root`, limited to two rules; `command` replaces it (the real CLI, say). */
function launch(root: string, env: Record<string, string> = {}, command = `node ${launcher} ${root} compose-version dockerignore-missing`): Pty {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete childEnv.NO_COLOR;
  delete childEnv.FORCE_COLOR;
  Object.assign(childEnv, env);
  // Ink renders only the last frame when it believes it runs in CI.
  for (const k of Object.keys(childEnv)) if (k === 'CI' || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('CI_')) delete childEnv[k];
  const child = spawn('script', ['-q', '-e', '-c', `stty cols 100 rows 30; exec ${command}`, '/dev/null'], { env: childEnv });
  let out = '';
  const raw = () => out;
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => strip(out),
    raw,
    type: (s) => child.stdin.write(s),
    exit,
    async waitFor(text) {
      const t0 = Date.now();
      while (!strip(out).includes(text)) {
        if (Date.now() - t0 > 15_000) {
          child.kill();
          throw new Error(`timed out waiting for ${JSON.stringify(text)}; output:\n${strip(out)}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

const project = twoServiceRepo;

/** Accept every fix, go to the review screen, confirm; resolves with the exit code. */
async function acceptAllAndWrite(pty: Pty): Promise<number | null> {
  await pty.waitFor('accept/skip');
  pty.type('a');
  await pty.waitFor('Accepted');
  pty.type('w');
  await pty.waitFor('Files to write');
  pty.type('y');
  return pty.exit;
}

describe.skipIf(!hasScript)('in a pseudo-terminal', () => {
  it('accept all safe fixes, review, write', async () => {
    const root = project();
    const pty = launch(root);
    expect(await acceptAllAndWrite(pty)).toBe(0);
    expect(pty.output()).toContain('Wrote 2 files:');
    expect(pty.raw()).toMatch(SGR);
    const after = snapshot(root);
    expect(after['b/compose.yaml']).toBe('version: "3.8"\nservices:\n  api:\n    build: .\n');
    expect(after['b/.dockerignore']).toContain('**/__pycache__');
  });

  it('Ctrl-C quits without writing, in raw mode', async () => {
    const root = project();
    const before = snapshot(root);
    const pty = launch(root, { NO_COLOR: '1' });
    await pty.waitFor('accept/skip');
    pty.type('a');
    await pty.waitFor('Accepted');
    pty.type('\u0003');
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain('Quit: nothing was written.');
    expect(pty.raw()).not.toMatch(SGR);
    expect(snapshot(root)).toEqual(before);
  });

  it('the built CLI opens the UI from its code-cached bundle (bin/ → dist/cli.cjs → dist/ui/ui.js) and writes', async () => {
    const root = project();
    const pty = launch(root, {}, `node ${BIN} fix ${root} --rule compose-version`);
    expect(await acceptAllAndWrite(pty)).toBe(0);
    expect(pty.output()).toContain('Wrote 1 file:');
    expect(pty.output()).not.toMatch(/ExperimentalWarning|dynamic import/);
    expect(snapshot(root)['b/compose.yaml']).toBe('version: "3.8"\nservices:\n  api:\n    build: .\n');
  });
});
