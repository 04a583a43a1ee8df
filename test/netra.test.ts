// The bundled example repository: its scan JSON and dry-run diff are golden files.
// Set UPDATE_GOLDEN=1 to rewrite them after reviewing the change.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, copyFixture, snapshot } from './helpers.js';

const GOLDEN = join(FIXTURES, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string) {
  if (update) writeFileSync(join(GOLDEN, name), actual);
  expect(actual).toBe(readFileSync(join(GOLDEN, name), 'utf8'));
}

describe('fixtures/netra', () => {
  it('scan --format json matches the golden file', async () => {
    const root = copyFixture('netra');
    const r = await cli(['scan', '--format', 'json'], root);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.root).toBe(root);
    json.root = '<root>';
    golden('netra.scan.json', `${JSON.stringify(json, null, 2)}\n`);
  });

  it('fix --dry-run --unsafe matches the golden diff and writes nothing', async () => {
    const root = copyFixture('netra');
    const before = snapshot(root);
    const r = await cli(['fix', '--dry-run', '--unsafe'], root);
    expect(r.code).toBe(1);
    golden('netra.fix.diff', r.stdout);
    expect(snapshot(root)).toEqual(before);
  });

  it('fix --write --unsafe, then nothing is left to fix', async () => {
    const root = copyFixture('netra');
    await cli(['fix', '--write', '--unsafe'], root);
    const again = await cli(['fix', '--dry-run', '--unsafe'], root);
    expect(again.stdout).toBe('');
    expect(again.code).toBe(0);
  });

  it("never makes the incident checker's false positives", async () => {
    const root = copyFixture('netra');
    const json = JSON.parse((await cli(['scan', '--format', 'json'], root)).stdout);
    // `--chown=netra:netra` is a flag, never a COPY source.
    const sourceFindings = json.findings.filter((f: { rule: string }) => f.rule.startsWith('copy-source'));
    for (const f of sourceFindings) expect(f.message).not.toMatch(/--chown/);
    // "${ALPINE_TEST_POSTGRES_PORT:-5435}:5432" is a valid port mapping.
    const text = readFileSync(join(root, 'docker/docker-compose.alpine-test.yml'), 'utf8').split('\n');
    const portLine = text.findIndex((l) => l.includes('ALPINE_TEST_POSTGRES_PORT')) + 1;
    expect(portLine).toBeGreaterThan(0);
    const onPort = json.findings.filter((f: { file: string; line: number }) => f.file === 'docker/docker-compose.alpine-test.yml' && f.line === portLine);
    expect(onPort).toEqual([]);
  });
});
