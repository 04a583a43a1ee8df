// Output formats: text, json, sarif (validated against the SARIF 2.1.0 schema), github.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, githubReport } from '../src/report/github.js';
import { REPOSITORY_URL } from '../src/report/sarif.js';
import { ansi, plain, textReport } from '../src/report/text.js';
import { ruleIds } from '../src/rules/registry.js';
import { applyEdits } from '../src/text.js';
import type { ResolvedFinding } from '../src/types.js';
import { cli, tree } from './helpers.js';

// The SARIF 2.1.0 JSON schema (OASIS; SchemaStore's sarif-2.1.0-rtm.5.json, draft-04) as
// shipped by Microsoft's @microsoft/jest-sarif package (MIT).
const require = createRequire(import.meta.url);
const SARIF_SCHEMA_PATH = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

let compiled: ReturnType<Ajv04['compile']> | undefined;
function sarifValidator() {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8'));
  // unicodeRegExp: the schema's language-tag pattern is not valid in Unicode mode.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'uri-reference', 'date-time']);
  compiled = ajv.compile(schema);
  return compiled;
}

/** A compose file that lacks `version` (edit fix) and a build context with no .dockerignore (create fix). */
const fixable = {
  'compose.yaml': 'version: "3.8"\nservices:\n  app:\n    build: ./app\n',
  'docker/compose.ci.yaml': 'services: {}\n',
  'app/Dockerfile': 'FROM python:3.11\nCOPY . /srv\n',
  'app/main.py': 'print(1)\n',
  'app/__pycache__/main.cpython-311.pyc': 'x',
};
const RULES = ['--rule', 'compose-version', '--rule', 'dockerignore-missing', '--rule', 'parse-error'];

function finding(over: Partial<ResolvedFinding> = {}): ResolvedFinding {
  return {
    rule: 'compose-version',
    severity: 'warning',
    location: { file: 'a/compose.yaml', start: 0, end: 8 },
    message: 'msg',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 9,
    fixes: [],
    ...over,
  };
}

describe('--format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with rules, locations and fixes', async () => {
    const root = tree(fixable);
    const r = await cli(['scan', '--format', 'sarif', ...RULES], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);

    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('dockmend');
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['parse-error', 'compose-version', 'dockerignore-missing']);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(rule.helpUri).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${rule.id}.md`);
    }
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);

    const byRule = Object.fromEntries(run.results.map((x: { ruleId: string }) => [x.ruleId, x]));
    const version = byRule['compose-version'];
    expect(version.level).toBe('warning');
    expect(version.ruleIndex).toBe(1);
    expect(version.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'docker/compose.ci.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 9 },
    });
    expect(version.fixes).toEqual([
      {
        description: { text: 'Add version: "3.8"' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'docker/compose.ci.yaml', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: 'version: "3.8"\n' } }],
          },
        ],
        properties: { applicability: 'safe' },
      },
    ]);
    // The replacement, applied to the file, is the fix.
    const rep = version.fixes[0].artifactChanges[0].replacements[0];
    const text = readFileSync(join(root, 'docker/compose.ci.yaml'), 'utf8');
    expect(applyEdits(text, [{ start: rep.deletedRegion.charOffset, end: rep.deletedRegion.charOffset + rep.deletedRegion.charLength, text: rep.insertedContent.text }])).toBe(
      'version: "3.8"\nservices: {}\n',
    );

    const ignore = byRule['dockerignore-missing'];
    expect(ignore.locations[0].physicalLocation.artifactLocation.uri).toBe('compose.yaml');
    expect(ignore.fixes[0].artifactChanges[0].artifactLocation.uri).toBe('app/.dockerignore');
    expect(ignore.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toMatch(/__pycache__/);
    expect(ignore.properties).toEqual({ context: 'app' });
  });

  it('the validator does reject what is not SARIF', () => {
    const validate = sarifValidator();
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', helpUri: 'not a uri' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
  });

  it('a clean tree is a valid log with no results; a file with a BOM and a parse error validate too', async () => {
    const validate = sarifValidator();
    const clean = JSON.parse((await cli(['scan', '--format', 'sarif'], tree({ 'compose.yaml': 'services: {}\n' }))).stdout);
    expect(validate(clean), JSON.stringify(validate.errors)).toBe(true);
    expect(clean.runs[0].results).toEqual([]);

    const root = tree({ 'compose.yaml': '\uFEFFversion: "3"\nservices: {}\n', 'b/compose.yaml': '\uFEFFservices: {}\n', 'bad/compose.yaml': 'a: [\n' });
    const r = await cli(['scan', '--format', 'sarif', ...RULES], root);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const bom = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'compose-version');
    // Offsets count characters after the byte-order mark.
    expect(bom.fixes[0].artifactChanges[0].replacements[0].deletedRegion).toEqual({ charOffset: 0, charLength: 0 });
    expect(log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'parse-error').level).toBe('error');
  });

  it('URIs are relative to the repository root when the scan root is below it', async () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'svc/compose.yaml': 'version: "3"\nservices: {}\n', 'svc/x/compose.yaml': 'services: {}\n' });
    const log = JSON.parse((await cli(['scan', '--format', 'sarif', ...RULES, 'svc'], root)).stdout);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('svc/x/compose.yaml');
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${root}/`);
  });

  it('fix --dry-run --format sarif validates and exits 1 when fixes are pending', async () => {
    const r = await cli(['fix', '--dry-run', '--format', 'sarif', ...RULES], tree(fixable));
    expect(r.code).toBe(1);
    const validate = sarifValidator();
    expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('--format github', () => {
  it('escapes data and properties as the runner requires', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('prints one workflow command per finding, by severity', () => {
    const out = githubReport({
      root: '/r',
      base: '/r',
      findings: [
        finding({ message: 'line1\nline2: 100%' }),
        finding({ rule: 'parse-error', severity: 'error', location: { file: 'x,y:z/Dockerfile', start: 0, end: 0 }, line: 2, column: 3, endLine: 4, endColumn: 5 }),
        finding({ severity: 'info', fixes: [{ title: 'Do it', applicability: 'unsafe', changes: [] }] }),
      ],
    });
    expect(out).toBe(
      [
        '::warning file=a/compose.yaml,line=1,col=1,endLine=1,endColumn=9,title=compose-version::line1%0Aline2: 100%25',
        '::error file=x%2Cy%3Az/Dockerfile,line=2,col=3,endLine=4,endColumn=5,title=parse-error::msg',
        '::notice file=a/compose.yaml,line=1,col=1,endLine=1,endColumn=9,title=compose-version::msg (fix, unsafe: Do it)',
        '',
      ].join('\n'),
    );
  });

  it('scan --format github: paths relative to the repository root', async () => {
    const root = tree({ '.git/HEAD': 'x', 'svc/compose.yaml': 'version: "3"\nservices: {}\n', 'svc/x/compose.yaml': 'services: {}\n' });
    const r = await cli(['scan', '--format', 'github', '--fail-on', 'warning', ...RULES, join(root, 'svc')], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::warning file=svc\/x\/compose\.yaml,line=1,col=1,endLine=1,endColumn=9,title=compose-version::Compose file has no top-level `version` key/);
  });
});

describe('--format text', () => {
  it('groups by file, with a summary line and the suppressed count', () => {
    const out = textReport([finding(), finding({ location: { file: 'b/Dockerfile', start: 0, end: 1 }, severity: 'error', message: 'bad' })], plain, { suppressed: 2 });
    expect(out).toBe(
      [
        'a/compose.yaml',
        '  1:1     warning  msg  compose-version',
        '',
        'b/Dockerfile',
        '  1:1     error    bad  compose-version',
        '',
        '2 problems (1 errors, 1 warnings, 0 info); 2 suppressed',
        '',
      ].join('\n'),
    );
    expect(textReport([], plain, { suppressed: 1 })).toBe('No problems found. (1 suppressed)\n');
  });

  it('colors on a TTY; NO_COLOR wins over FORCE_COLOR', async () => {
    const root = tree({ 'compose.yaml': 'version: "3"\nservices: {}\n', 'x/compose.yaml': 'services: {}\n' });
    const { main } = await import('../src/cli.js');
    const runWith = async (isTTY: boolean, env: Record<string, string | undefined>) => {
      const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
      Object.assign(process.env, env);
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
      let stdout = '';
      try {
        await main(['scan', ...RULES], { stdout: { write: (s: string) => (stdout += s), isTTY }, stderr: { write: () => true }, stdinIsTTY: false, cwd: root });
      } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      return stdout;
    };
    expect(await runWith(true, { NO_COLOR: undefined, FORCE_COLOR: undefined })).toContain('\u001b[33mwarning\u001b[39m');
    expect(await runWith(false, { NO_COLOR: undefined, FORCE_COLOR: undefined })).not.toContain('\u001b[');
    expect(await runWith(false, { NO_COLOR: undefined, FORCE_COLOR: '1' })).toContain('\u001b[');
    expect(await runWith(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).not.toContain('\u001b[');
    expect(await runWith(true, { NO_COLOR: undefined, FORCE_COLOR: '0' })).not.toContain('\u001b[');
    expect(ansi.red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('--format json', () => {
  it('fix --dry-run --format json adds the plan (additive to version 1)', async () => {
    const r = await cli(['fix', '--dry-run', '--format', 'json', ...RULES], tree(fixable));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe(1);
    expect(json.summary).toEqual({ files: expect.any(Number), findings: 2, fixable: 2, suppressed: 0 });
    expect(json.plan.fixes).toBe(2);
    expect(json.plan.files.map((f: { path: string; status: string }) => [f.path, f.status])).toEqual([
      ['app/.dockerignore', 'created'],
      ['docker/compose.ci.yaml', 'modified'],
    ]);
    expect(json.plan.files[1].diff).toBe('--- a/docker/compose.ci.yaml\n+++ b/docker/compose.ci.yaml\n@@ -1,1 +1,2 @@\n+version: "3.8"\n services: {}\n');
  });

  it('every registered rule id is known to the CLI', () => {
    expect(ruleIds).toContain('compose-version');
  });
});
