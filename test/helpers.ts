import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { main } from '../src/cli.js';
import { openSession, plan, type Plan, type RunOptions } from '../src/fix/engine.js';
import { writePlan } from '../src/apply/write.js';
import type { RegistryEntry } from '../src/rules/types.js';
import type { Change, Finding, Fix } from '../src/types.js';

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

/** A synthetic rule: reports every `token` in `file`, with the given alternatives (safe by default). */
export function tokenRule(
  id: string,
  file: string,
  token: string,
  alternatives: Array<{ text: string; applicability?: Fix['applicability']; title?: string }>,
  message = (t: string) => `found ${t}`,
  /** Further changes each fix makes (all-or-nothing with the replacement). */
  extra: (f: Finding) => Change[] = () => [],
): RegistryEntry {
  return {
    detector: {
      meta: { id, summary: id, severity: 'warning', fix: 'safe', docs: '', defaultOptions: {} },
      detect(project) {
        const text = project.sources.read(file).text ?? '';
        const out: Finding[] = [];
        for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length)) {
          out.push({ rule: id, severity: 'warning', location: { file, start: i, end: i + token.length }, message: message(token) });
        }
        return out;
      },
    },
    transform: (f) =>
      alternatives.map((a) => ({
        title: a.title ?? `replace ${token} by ${a.text}`,
        applicability: a.applicability ?? 'safe',
        changes: [{ kind: 'edit', file: f.location.file, start: f.location.start, end: f.location.end, text: a.text }, ...extra(f)],
      })),
  };
}

/**
 * Two compose services with real findings: b/ lacks the `version` its parent folder's compose
 * file declares, and b/'s context sends bytecode with no .dockerignore.
 */
export function twoServiceRepo(): string {
  return tree({
    'compose.yaml': 'version: "3.8"\nservices: {}\n',
    'a/compose.yaml': 'version: "3.8"\nservices:\n  web:\n    build: .\n',
    'a/Dockerfile': 'FROM node\n',
    'b/compose.yaml': 'services:\n  api:\n    build: .\n',
    'b/Dockerfile': 'FROM python\nCOPY . .\n',
    'b/app.py': 'print(1)\n',
    'b/__pycache__/app.cpython-311.pyc': 'x',
  });
}
