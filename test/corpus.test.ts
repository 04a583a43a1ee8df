// The real-world corpus (../shared/corpus): Docker setups from public projects, materialized
// into temporary directories. For every repository: the CLI never fails with exit 2; the
// findings are exactly the reviewed list in test/corpus/expected/<name>.json — each finding
// read in its repository and given a verdict, true or false (a false positive, its bug named),
// the same lists and comparison `npm run ecosystem` uses (scripts/ecosystem-lib.mjs,
// docs/ecosystem.md); `fix --write --unsafe` leaves nothing to fix, touches no byte outside its
// edits, and every written file still parses.
//
// Skipped, with a message, when the corpus is absent (it lives beside the clone, in CI too).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareScan, findingKey, readExpected, type ReviewedEntry, type ScannedFinding } from '../scripts/ecosystem-lib.mjs';
import { parseComposeFile } from '../src/compose/model.js';
import { openSession, plan, type Plan } from '../src/fix/engine.js';
import { CORPUS, CORPUS_PRESENT, corpusFiles, corpusNames, keys, listing, materialize, planProblems, removeMaterialized, writtenFileProblems } from './corpus-support.js';
import { cli } from './helpers.js';

const EXPECTED = join(import.meta.dirname, 'corpus', 'expected');
const names = corpusNames();
afterAll(removeMaterialized);

if (!CORPUS_PRESENT) {
  console.warn(`corpus tests skipped: ${CORPUS} is absent (it lives in shared/, beside the clone)`);
}

interface ScanJson {
  findings: (ScannedFinding & { message: string })[];
}

async function scanJson(root: string, extra: string[] = []): Promise<{ code: number; findings: ScanJson['findings'] }> {
  const r = await cli(['scan', '--format', 'json', ...extra], root);
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  return { code: r.code, findings: (JSON.parse(r.stdout) as ScanJson).findings };
}

function expectedFor(name: string): ReviewedEntry[] {
  const entries = readExpected(EXPECTED, name);
  if (entries === null) throw new Error(`test/corpus/expected/${name}.json is missing`);
  return entries;
}

const describeEntry = (e: { rule: string; file: string; line: number; severity: string }) => `${findingKey(e)} [${e.severity}]`;

describe.skipIf(!CORPUS_PRESENT)('real-world corpus', () => {
  it('has a reviewed expected list for every repository, every entry with its verdict', () => {
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(existsSync(join(EXPECTED, `${name}.json`)), `test/corpus/expected/${name}.json`).toBe(true);
      // readExpected checks the shape; an entry `npm run ecosystem -- --update` added waits for a person.
      const waiting = expectedFor(name).filter((e) => e.verdict === 'unreviewed').map(describeEntry);
      expect(waiting, `${name}: entries waiting for a verdict`).toEqual([]);
    }
  });

  describe.each(names)('%s', (name) => {
    let root: string;
    let findings: ScanJson['findings'];
    beforeAll(async () => {
      root = materialize(name);
      ({ findings } = await scanJson(root, ['--fail-on', 'never']));
    });

    it('scan and fix --dry-run exit 0 or 1 in every format, never 2', async () => {
      for (const args of [['scan'], ['scan', '--format', 'sarif'], ['scan', '--format', 'github'], ['fix', '--dry-run'], ['fix', '--dry-run', '--unsafe'], ['fix', '--dry-run', '--format', 'json']]) {
        const r = await cli(args, root);
        expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
        expect(r.stderr).not.toMatch(/^dockmend: (?!no terminal)/m);
      }
    });

    it('findings are exactly the reviewed list (key and severity): none new, none disappeared', () => {
      const c = compareScan(findings, expectedFor(name));
      expect({ unreviewed: c.unreviewed.map((u) => describeEntry(u.finding)), disappeared: c.disappeared.map(describeEntry) }).toEqual({ unreviewed: [], disappeared: [] });
    });

    it('every finding reviewed true is still reported (no true finding lost)', () => {
      const got = new Set(keys(findings));
      expect(keys(expectedFor(name).filter((e) => e.verdict === 'true')).filter((k) => !got.has(k))).toEqual([]);
    });

    // The false positives the review pinned, their bugs named in the list: this fails while any
    // is reported (`it.fails`), and passes — so must become a plain `it` — once they are fixed.
    // (Read when the tests are collected; a missing list fails the first test of the file.)
    const falsePositives = (CORPUS_PRESENT ? (readExpected(EXPECTED, name) ?? []) : []).filter((e) => e.verdict === 'false');
    const bugs = [...new Set(falsePositives.map((e) => e.bug))];
    (falsePositives.length > 0 ? it.fails : it)(`reports no reviewed false positive${bugs.length > 0 ? ` [fails until fixed: ${bugs.join('; ')}]` : ''}`, () => {
      const reported = new Set(keys(findings));
      expect(keys(falsePositives).filter((k) => reported.has(k))).toEqual([]);
    });

    it('fix --write --unsafe: exact edits, files still parse and validate, and nothing is left to fix', async () => {
      const dir = materialize(name);
      const before = listing(dir);
      const schemaBefore = await scanJson(dir, ['--rule', 'compose-schema']);
      const planned: Plan = plan(openSession(dir), { unsafe: true });
      expect(planProblems(planned)).toEqual([]);

      const w = await cli(['fix', '--write', '--unsafe'], dir);
      expect([0, 1], w.stderr).toContain(w.code);
      // A failed write names its files after a colon: '0 of 1 fixes written (0 of 1 files): …'.
      expect(w.stderr).not.toMatch(/fixes written \(\d+ of \d+ files\):/);
      expect(writtenFileProblems(dir, planned)).toEqual([]);

      // Nothing else changed: the same files (plus the created ones), the corpus files untouched
      // unless planned.
      const after = listing(dir);
      const touched = new Set(planned.files.map((f) => f.path));
      expect([...after.keys()].filter((p) => !before.has(p)).sort()).toEqual(planned.files.filter((f) => f.before === null).map((f) => f.path).sort());
      expect([...before.keys()].filter((p) => !after.has(p)).sort()).toEqual(planned.files.filter((f) => f.deleted).map((f) => f.path).sort());
      for (const [path, size] of before) if (!touched.has(path)) expect(after.get(path), path).toBe(size);
      for (const path of corpusFiles(name)) {
        if (touched.has(path)) continue;
        expect(readFileSync(join(dir, path), 'latin1'), path).toBe(readFileSync(join(CORPUS, name, 'files', path), 'latin1'));
      }

      // Every compose file that passed the compose schema still does.
      const schemaAfter = await scanJson(dir, ['--rule', 'compose-schema']);
      const failedBefore = new Set(schemaBefore.findings.map((f) => f.file));
      expect(schemaAfter.findings.filter((f) => !failedBefore.has(f.file))).toEqual([]);
      for (const f of planned.files) {
        if (f.deleted || !/\.ya?ml$/.test(f.path)) continue;
        expect(parseComposeFile(f.path, readFileSync(join(dir, f.path), 'utf8')).errors, f.path).toEqual([]);
      }

      // Idempotent: a second run finds nothing to fix.
      const again = await cli(['fix', '--dry-run', '--unsafe'], dir);
      expect(again.stdout).toBe('');
      expect(again.stderr).toMatch(/No fixes pending/);
      expect(again.code).toBe(0);
      expect(plan(openSession(dir), { unsafe: true }).files).toEqual([]);
    });
  });
});

/** Constructs of the corpus that are correct: no rule may report them. */
const KNOWN_GOOD: { repo: string; file: string; line?: number; rule?: string; what: string }[] = [
  { repo: 'redash', file: 'Dockerfile', rule: 'copy-from-unknown-stage', what: '`COPY --from=ghcr.io/astral-sh/uv:0.11.6` names an image, not a stage' },
  { repo: 'redash', file: 'Dockerfile', rule: 'parse-error', what: 'RUN <<EOF heredocs with --mount flags' },
  { repo: 'redash', file: 'Dockerfile', rule: 'copy-source-missing', what: '`COPY --chown=redash . /app` and the frontend sources exist in the context' },
  { repo: 'redash', file: 'compose.yaml', rule: 'compose-build-context-missing', what: '`<<: *redash-service` merges build.context `.`' },
  { repo: 'redash', file: '.ci/compose.ci.yaml', rule: 'compose-build-context-missing', what: '`build: ../` from .ci is the repository root' },
  { repo: 'redash', file: '.ci/compose.cypress.yaml', rule: 'compose-dockerfile-missing', what: 'dockerfile `.ci/Dockerfile.cypress` relative to the context `../`' },
  { repo: 'netbox-docker', file: 'docker-compose.yml', rule: 'compose-invalid-interpolation', what: '`$$POSTGRES_DB`, `$${REDIS_PASSWORD}` escapes' },
  { repo: 'netbox-docker', file: 'docker-compose.yml', rule: 'compose-undefined-variable', what: '`${IMAGE-docker.io/…}` and `${NETBOX_START_PERIOD-120s}` defaults' },
  { repo: 'netbox-docker', file: 'docker-compose.test.yml', rule: 'compose-unknown-service', what: 'docker-compose.test.override.yml merges over its twin' },
  { repo: 'netbox-docker', file: 'docker-compose.test.override.yml', what: 'an override that only sets ports' },
  { repo: 'netbox-docker', file: 'Dockerfile', rule: 'copy-source-missing', what: '`COPY ${NETBOX_PATH}` is unresolved (info), never reported missing' },
  { repo: 'docker-elk', file: 'docker-compose.yml', what: '`${ELASTIC_PASSWORD:-}` with .env, `network_mode: service:elasticsearch`, profiles' },
  { repo: 'docker-elk', file: 'extensions/fleet/Dockerfile', what: 'an extension Dockerfile built by its -f override' },
  { repo: 'example-voting-app', file: 'docker-compose.yml', rule: 'compose-unknown-service', what: 'depends_on with condition: service_healthy' },
  { repo: 'example-voting-app', file: 'result/docker-compose.test.yml', what: 'a version 2 file with `build: ../vote/` outside its folder' },
  { repo: 'awesome-compose', file: 'react-express-mongodb/compose.yaml', rule: 'compose-build-context-missing', what: 'contexts of a multi-service sample' },
];

describe.skipIf(!CORPUS_PRESENT)('real-world corpus: known-good constructs', () => {
  const repos = [...new Set(KNOWN_GOOD.map((k) => k.repo))].filter((r) => names.includes(r));
  it.each(repos)('%s: no finding on a known-good construct', async (repo) => {
    const root = materialize(repo);
    const { findings } = await scanJson(root, ['--fail-on', 'never']);
    const hits: string[] = [];
    for (const k of KNOWN_GOOD.filter((g) => g.repo === repo)) {
      expect(existsSync(join(root, k.file)), k.file).toBe(true);
      for (const f of findings) {
        if (f.file === k.file && (k.rule === undefined || f.rule === k.rule) && (k.line === undefined || f.line === k.line)) hits.push(`${k.what}: ${f.rule} ${f.file}:${f.line} ${f.message}`);
      }
    }
    expect(hits).toEqual([]);
  });

  // docker-elk's README: `docker compose -f docker-compose.yml -f extensions/<x>/<x>-compose.yml up`.
  // Its extension files resolve every relative path and `.env` against the first file's folder.
  const EXTENSIONS = [
    ['extensions/curator/curator-compose.yml'],
    ['extensions/filebeat/filebeat-compose.yml'],
    ['extensions/fleet/fleet-compose.yml', 'extensions/fleet/agent-apmserver-compose.yml'],
    ['extensions/heartbeat/heartbeat-compose.yml'],
    ['extensions/metricbeat/metricbeat-compose.yml'],
  ];
  it.skipIf(!names.includes('docker-elk'))('docker-elk: every extension used as one -f set with the base file: no finding', async () => {
    const root = materialize('docker-elk');
    writeFileSync(join(root, 'dockmend.config.json'), JSON.stringify({ projects: [{ files: ['docker-compose.yml', ...EXTENSIONS.flat()] }] }));
    const { findings } = await scanJson(root, ['--fail-on', 'never']);
    expect(keys(findings)).toEqual([]);
  });

  it.skipIf(!names.includes('docker-elk'))(
    'docker-elk: each extension as its own -f set with the base file (config projects sharing docker-compose.yml): no finding',
    async () => {
      const root = materialize('docker-elk');
      writeFileSync(join(root, 'dockmend.config.json'), JSON.stringify({ projects: EXTENSIONS.map((files) => ({ files: ['docker-compose.yml', ...files] })) }));
      const { findings } = await scanJson(root, ['--fail-on', 'never']);
      expect(keys(findings)).toEqual([]);
    },
  );
});

describe.skipIf(CORPUS_PRESENT)('real-world corpus (absent)', () => {
  it.skip(`skipped: ${CORPUS} is absent (shared/ beside the clone holds it)`, () => {});
});
