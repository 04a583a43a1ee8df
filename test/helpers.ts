import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { main } from '../src/cli.js';
import { openSession, plan, type Plan, type RunOptions } from '../src/fix/engine.js';
import { writePlan } from '../src/apply/write.js';

export { copyFixture, FIXTURES } from '../scripts/fixture.mjs';

/** A temporary directory holding `files` (path → content; Buffers written as is). */
export function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'dockmend-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Every file below root, path → content, for before/after comparisons. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'latin1');
    }
  };
  walk(root);
  return out;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output and no TTY. */
export async function cli(args: string[], cwd: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdinIsTTY: false,
    cwd,
  });
  return { code, stdout, stderr };
}

/** Plan fixes for root and write them; returns the plan. */
export function fixOnce(root: string, options: RunOptions = {}): Plan {
  const p = plan(openSession(root), options);
  const outcome = writePlan(p.root, p.files);
  if (outcome.skipped.length > 0) throw new Error(`not written: ${JSON.stringify(outcome.skipped)}`);
  return p;
}

export function copyDir(src: string): string {
  const dest = mkdtempSync(join(tmpdir(), 'dockmend-case-'));
  cpSync(src, dest, { recursive: true });
  return dest;
}
