// The registry, the rule files, and the docs must agree.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../src/rules/registry.js';

const ROOT = join(import.meta.dirname, '..');

describe('rule registry', () => {
  it('has unique kebab-case ids with complete metadata', () => {
    const ids = registry.map((e) => e.detector.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { detector, transform } of registry) {
      const m = detector.meta;
      expect(m.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(m.summary.length).toBeGreaterThan(10);
      expect(['error', 'warning', 'info']).toContain(m.severity);
      expect(m.docs).toBe(`docs/rules/${m.id}.md`);
      // A rule that declares a fix has a transform, and one that has none declares none.
      expect(m.fix === 'none').toBe(transform === undefined);
    }
  });

  it('every rule has a docs page with what, why, the error it prevents and an example', () => {
    for (const { detector } of registry) {
      const path = join(ROOT, detector.meta.docs);
      expect(existsSync(path), path).toBe(true);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith(`# ${detector.meta.id}\n`), path).toBe(true);
      for (const heading of ['## What it finds', '## Why', '## Fix']) expect(text, `${path}: ${heading}`).toContain(heading);
      expect(text, path).toMatch(new RegExp(`Severity: \`${detector.meta.severity}\``));
      expect(text, path).toMatch(new RegExp(`Fix: \`${detector.meta.fix}\``));
    }
  });

  it('every docs page belongs to a rule', () => {
    const ids = new Set(registry.map((e) => e.detector.meta.id));
    for (const file of readdirSync(join(ROOT, 'docs', 'rules'))) {
      expect(ids.has(file.replace(/\.md$/, '')), file).toBe(true);
    }
  });

  it('every rule has golden fixture cases, positive and negative', () => {
    for (const { detector } of registry) {
      if (detector.meta.id === 'parse-error') continue; // covered by the CLI and hostile-input tests
      const dir = join(ROOT, 'fixtures', 'rules', detector.meta.id);
      expect(existsSync(dir), dir).toBe(true);
      const cases = readdirSync(dir).map((c) => JSON.parse(readFileSync(join(dir, c, 'expected.json'), 'utf8')) as unknown[]);
      expect(cases.some((c) => c.length > 0), `${dir}: a positive case`).toBe(true);
      expect(cases.some((c) => c.length === 0), `${dir}: a negative case`).toBe(true);
    }
  });

  it('the README rules table lists every rule with its severity and fix', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const { detector } of registry) {
      const m = detector.meta;
      const row = `| [${m.id}](docs/rules/${m.id}.md) | ${m.severity} | ${m.fix === 'none' ? '–' : m.fix} |`;
      expect(readme, m.id).toContain(row);
    }
  });
});
