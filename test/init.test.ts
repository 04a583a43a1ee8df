// `dockmend init`: a starter configuration, asked for or with --yes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import prompts from 'prompts';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { loadConfig } from '../src/config.js';
import { registry } from '../src/rules/registry.js';
import { cli, tree } from './helpers.js';

/** Run the CLI as if on a terminal, with the prompts' answers injected. */
async function onTerminal(args: string[], cwd: string, answers: unknown[]) {
  prompts.inject(answers);
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s), isTTY: true }, stderr: { write: (s: string) => (stderr += s), isTTY: true }, stdinIsTTY: true, cwd });
  return { code, stdout, stderr };
}

describe('dockmend init', () => {
  it('--yes writes the defaults: every rule at its default severity, vendored directories ignored', async () => {
    const root = tree({ 'vendor/x/compose.yaml': 'services: {}\n' });
    const r = await cli(['init', '--yes'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*dockmend\.config\.json\n/);
    const json = JSON.parse(readFileSync(join(root, 'dockmend.config.json'), 'utf8'));
    expect(json.$schema).toMatch(/schema\/dockmend\.config\.schema\.json$/);
    // Experimental BuildKit checks are left out: the Dockerfile's `# check=experimental=` decides.
    expect(Object.keys(json.rules)).toEqual(registry.filter((e) => !e.detector.meta.experimental).map((e) => e.detector.meta.id));
    expect(Object.keys(json.rules)).not.toContain('invalid-definition-description');
    expect(json.rules['compose-version']).toEqual(['warning', { policy: 'auto' }]);
    expect(json.ignorePaths).toEqual(['vendor/**']);
    // It loads, and the scan uses it.
    expect(loadConfig(root).ignorePaths).toEqual(['vendor/**']);
    expect((await cli(['scan'], root)).code).toBe(0);
  });

  it('refuses to overwrite an existing config without --force', async () => {
    for (const [file, text] of [
      ['dockmend.config.json', '{}'],
      ['.dockmendrc.yml', 'rules: {}\n'],
      ['package.json', '{ "name": "x", "dockmend": {} }'],
    ]) {
      const root = tree({ [file]: text });
      const r = await cli(['init', '--yes'], root);
      expect(r.code, file).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${file.replace(/\./g, '\\.')} already exists; not overwritten \\(--force replaces it\\)`));
      expect(readFileSync(join(root, file), 'utf8')).toBe(text);
    }
    const root = tree({ 'dockmend.config.json': '{}' });
    const r = await cli(['init', '--yes', '--force'], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'dockmend.config.json'), 'utf8')).rules).toBeDefined();
  });

  it('asks its questions on a terminal (format, compose-version policy, ignored paths)', async () => {
    const root = tree({});
    const r = await onTerminal(['init'], root, ['yaml', 'remove', ['build/**', ' tmp ']]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(root, '.dockmendrc.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    const config = loadConfig(root);
    expect(config.path).toBe(join(root, '.dockmendrc.yaml'));
    expect(config.rules['compose-version']).toEqual({ severity: 'warning', options: { policy: 'remove' } });
    expect(config.ignorePaths).toEqual(['build/**', 'tmp']);
  });

  it('is exit 2 without a terminal and without --yes; a cancelled prompt writes nothing', async () => {
    const root = tree({});
    const r = await cli(['init'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a terminal; pass --yes/);
    const cancelled = await onTerminal(['init'], root, [new Error('cancelled')]);
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toMatch(/cancelled; nothing written/);
    expect(() => readFileSync(join(root, 'dockmend.config.json'))).toThrow();
  });

  it('writes into the directory given; options of other commands are refused', async () => {
    const root = tree({});
    mkdirSync(join(root, 'sub'));
    expect((await cli(['init', '--yes', 'sub'], root)).code).toBe(0);
    expect(loadConfig(join(root, 'sub')).path).toBe(join(root, 'sub', 'dockmend.config.json'));
    expect((await cli(['init', '--yes', 'nope'], root)).stderr).toMatch(/no such directory/);
    expect((await cli(['init', '--format', 'json'], root)).stderr).toMatch(/--format cannot be used with 'init'/);
  });

  it('uses the installed package schema when there is one', async () => {
    const root = tree({});
    mkdirSync(join(root, 'node_modules/dockmend/schema'), { recursive: true });
    writeFileSync(join(root, 'node_modules/dockmend/schema/dockmend.config.schema.json'), '{}');
    await cli(['init', '--yes'], root);
    expect(JSON.parse(readFileSync(join(root, 'dockmend.config.json'), 'utf8')).$schema).toBe('./node_modules/dockmend/schema/dockmend.config.schema.json');
  });
});
