// `dockmend init`: write a starter configuration after a few questions (or the defaults with
// --yes). Never overwrites a configuration without --force.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import pkg from '../package.json' with { type: 'json' };
import { CONFIG_FILES, UsageError, validateConfig } from './config.js';
import { registry } from './rules/registry.js';
import { escapeControl } from './text.js';

export interface InitRequest {
  dir: string;
  yes: boolean;
  force: boolean;
  /** Standard input and output are terminals: questions can be asked. */
  interactive: boolean;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export interface InitAnswers {
  format: 'json' | 'yaml';
  policy: 'auto' | 'add' | 'remove';
  ignorePaths: string[];
}

/** Directories commonly holding vendored or generated code, suggested for ignorePaths when present. */
const VENDORED = ['vendor', 'third_party', 'third-party', 'external'];

export function defaultAnswers(dir: string): InitAnswers {
  return { format: 'json', policy: 'auto', ignorePaths: VENDORED.filter((d) => isDir(join(dir, d))).map((d) => `${d}/**`) };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Configuration files already in `dir` (package.json counts when it has a "dockmend" key). */
export function existingConfigs(dir: string): string[] {
  const found: string[] = CONFIG_FILES.filter((name) => existsSync(join(dir, name)));
  const pkgPath = join(dir, 'package.json');
  if (existsSync(pkgPath)) {
    try {
      const raw = JSON.parse(readFileSync(pkgPath, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
      if (raw && typeof raw === 'object' && 'dockmend' in raw) found.push('package.json');
    } catch {
      /* not ours */
    }
  }
  return found;
}

export async function runInit(req: InitRequest): Promise<number> {
  if (!isDir(req.dir)) throw new UsageError(`no such directory: ${req.dir}`);
  const existing = existingConfigs(req.dir);
  if (existing.length > 0 && !req.force) {
    throw new UsageError(`${join(req.dir, existing[0])} already exists; not overwritten (--force replaces it)`);
  }
  if (!req.yes && !req.interactive) throw new UsageError('init asks a few questions and needs a terminal; pass --yes to write the defaults');

  let answers = defaultAnswers(req.dir);
  if (!req.yes) {
    const asked = await ask(answers);
    if (!asked) {
      req.stderr.write('dockmend: init cancelled; nothing written\n');
      return 1;
    }
    answers = asked;
  }

  const name = answers.format === 'json' ? 'dockmend.config.json' : '.dockmendrc.yaml';
  const path = join(req.dir, name);
  const text = renderConfig(answers, schemaReference(req.dir));
  writeFileSync(path, text, { flag: req.force ? 'w' : 'wx' });
  req.stdout.write(`Wrote ${escapeControl(path)}\n`);
  const shadowed = existing.filter((e) => e !== name && CONFIG_FILES.indexOf(e as (typeof CONFIG_FILES)[number]) < CONFIG_FILES.indexOf(name));
  const shadowing = existing.filter((e) => e !== name && !shadowed.includes(e));
  for (const e of shadowed) req.stderr.write(`dockmend: note: ${e} is still there and takes precedence over ${name}\n`);
  for (const e of shadowing) req.stderr.write(`dockmend: note: ${e} is still there; ${name} takes precedence over it\n`);
  req.stdout.write("Next: 'dockmend scan' to see the findings, 'dockmend fix --dry-run' for the fixes.\n");
  return 0;
}

async function ask(defaults: InitAnswers): Promise<InitAnswers | null> {
  const { default: prompts } = await import('prompts');
  let cancelled = false;
  const r = await prompts(
    [
      {
        type: 'select',
        name: 'format',
        message: 'Configuration file format',
        choices: [
          { title: 'JSON (dockmend.config.json)', value: 'json' },
          { title: 'YAML (.dockmendrc.yaml)', value: 'yaml' },
        ],
        initial: defaults.format === 'json' ? 0 : 1,
      },
      {
        type: 'select',
        name: 'policy',
        message: 'Top-level `version` in compose files (compose-version rule)',
        choices: [
          { title: 'auto: follow the files that declare one', value: 'auto' },
          { title: 'add: every file declares one (docker-compose v1)', value: 'add' },
          { title: 'remove: drop it (Compose v2 only)', value: 'remove' },
        ],
        initial: ['auto', 'add', 'remove'].indexOf(defaults.policy),
      },
      {
        type: 'list',
        name: 'ignorePaths',
        message: 'Paths to ignore (globs, comma-separated)',
        initial: defaults.ignorePaths.join(', '),
        separator: ',',
      },
    ],
    { onCancel: () => ((cancelled = true), false) },
  );
  if (cancelled) return null;
  const ignorePaths = (Array.isArray(r.ignorePaths) ? (r.ignorePaths as string[]) : String(r.ignorePaths ?? '').split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return { format: r.format ?? defaults.format, policy: r.policy ?? defaults.policy, ignorePaths };
}

/** The schema for editors: the installed package's copy when there is one, else the published one. */
function schemaReference(dir: string): string {
  const local = 'node_modules/dockmend/schema/dockmend.config.schema.json';
  return existsSync(join(dir, local)) ? `./${local}` : `https://unpkg.com/dockmend@${pkg.version}/schema/dockmend.config.schema.json`;
}

export function renderConfig(answers: InitAnswers, schema: string): string {
  const rules: Record<string, unknown> = {};
  for (const { detector } of registry) {
    const { id, severity, experimental } = detector.meta;
    // An experimental BuildKit check stays as BuildKit has it: on where a Dockerfile's
    // `# check=experimental=…` names it (a severity here would turn it on everywhere).
    if (experimental) continue;
    rules[id] = id === 'compose-version' ? [severity, { policy: answers.policy }] : severity;
  }
  const config: Record<string, unknown> = { rules, ignorePaths: answers.ignorePaths };
  validateConfig(config, { file: 'generated config', prefix: '' });
  if (answers.format === 'json') return `${JSON.stringify({ $schema: schema, ...config }, null, 2)}\n`;
  return `# yaml-language-server: $schema=${schema}\n${yamlStringify(config)}`;
}
