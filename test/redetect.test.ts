// Re-detection after a fix pass (src/fix/redetect.ts): which inputs a pass changed, which rules
// run again, and that a plan made so is the plan of a full re-detection, on every fixture.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addClutter } from '../scripts/fixture.mjs';
import { detect, openSession, plan, type Plan, type RunOptions } from '../src/fix/engine.js';
import { changedInputs, mustRerun, pathKinds, type PassChanges } from '../src/fix/redetect.js';
import { buildProject, type Project } from '../src/project/project.js';
import { registry } from '../src/rules/registry.js';
import type { RegistryEntry, RuleInput } from '../src/rules/types.js';
import type { ResolvedFinding } from '../src/types.js';
import { cli, copyDir, FIXTURES, tokenRule, tree } from './helpers.js';

const changes = (c: Partial<Record<keyof PassChanges, string[]>>): PassChanges => ({
  edited: new Set(c.edited ?? []),
  created: new Set(c.created ?? []),
  deleted: new Set(c.deleted ?? []),
});

/** The project model of root, then the one after `edit` (path → new text, null to delete) is layered on the session. */
function beforeAfter(files: Record<string, string>, edit: Record<string, string | null>): { before: Project; after: Project; changes: PassChanges } {
  const session = openSession(tree(files));
  const before = buildProject(session.tree, session.sources);
  const c = { edited: [] as string[], created: [] as string[], deleted: [] as string[] };
  for (const [path, text] of Object.entries(edit)) {
    if (text === null) {
      session.sources.overlay.set(path, '');
      session.tree.removeFile(path);
      c.deleted.push(path);
    } else if (session.tree.exists(path)) {
      session.sources.overlay.set(path, text);
      c.edited.push(path);
    } else {
      session.sources.overlay.set(path, text);
      session.tree.addFile(path);
      c.created.push(path);
    }
  }
  return { before, after: buildProject(session.tree, session.sources), changes: changes(c) };
}

const DOCKERFILE_RULE = { reads: ['dockerfiles', 'builds'] as RuleInput[] };
const inputs = (x: ReturnType<typeof changedInputs>) => (x === 'all' ? 'all' : [...x].sort());

describe('what a pass changed', () => {
  const repo = {
    'compose.yaml': 'services:\n  web:\n    build:\n      context: web\n      args:\n        MODE: prod\n    ports: ["80:80"]\n',
    'web/Dockerfile': 'FROM node\nCOPY . .\n',
    'web/app.js': '1\n',
    'web/.dockerignore': 'node_modules\n',
    'tools/build.docker': 'FROM alpine\n',
    'tools/compose.yaml': 'services:\n  t:\n    build:\n      context: .\n      dockerfile: build.docker\n',
  };

  it('an edited or created .dockerignore is an ignore file (and a created one changes the tree): the Dockerfile checks keep their findings', () => {
    const edit = beforeAfter(repo, { 'web/.dockerignore': 'node_modules\n**/.env\n' });
    expect(inputs(changedInputs(edit.changes, edit.before, edit.after))).toEqual(['ignore']);
    const create = beforeAfter(repo, { '.dockerignore': '.git\n', 'tools/build.docker.dockerignore': '*\n' });
    const changed = changedInputs(create.changes, create.before, create.after);
    expect(inputs(changed)).toEqual(['ignore', 'tree']);
    expect(mustRerun(DOCKERFILE_RULE, changed, create.changes, [])).toBe(false);
    // A rule that declares nothing runs again after any change.
    expect(mustRerun({}, changed, create.changes, [])).toBe(true);
  });

  it('an edited Dockerfile, by its name or as the Dockerfile a compose build names', () => {
    const byName = beforeAfter(repo, { 'web/Dockerfile': 'FROM node AS Build\n' });
    expect(inputs(changedInputs(byName.changes, byName.before, byName.after))).toEqual(['dockerfiles']);
    // `build.docker` is no Dockerfile name: the compose build that names it makes it one.
    expect([...pathKinds('tools/build.docker', [byName.before])]).toEqual(['dockerfiles']);
    const named = beforeAfter(repo, { 'tools/build.docker': 'FROM alpine:3\n' });
    const changed = changedInputs(named.changes, named.before, named.after);
    expect(inputs(changed)).toEqual(['dockerfiles']);
    expect(mustRerun(DOCKERFILE_RULE, changed, named.changes, [])).toBe(true);
  });

  it('a created Dockerfile runs the Dockerfile checks again', () => {
    const x = beforeAfter(repo, { 'web/Dockerfile.dev': 'FROM node\n' });
    const changed = changedInputs(x.changes, x.before, x.after);
    expect(inputs(changed)).toEqual(['builds', 'dockerfiles', 'tree']);
    expect(mustRerun(DOCKERFILE_RULE, changed, x.changes, [])).toBe(true);
  });

  it('a compose edit changes the builds only when a build changes (build args), not for a port', () => {
    const args = beforeAfter(repo, { 'compose.yaml': repo['compose.yaml'].replace('MODE: prod', 'MODE: dev') });
    const changedArgs = changedInputs(args.changes, args.before, args.after);
    expect(inputs(changedArgs)).toEqual(['builds', 'compose']);
    expect(mustRerun(DOCKERFILE_RULE, changedArgs, args.changes, [])).toBe(true);
    const port = beforeAfter(repo, { 'compose.yaml': repo['compose.yaml'].replace('"80:80"', '"8080:80"') });
    const changedPort = changedInputs(port.changes, port.before, port.after);
    expect(inputs(changedPort)).toEqual(['compose']);
    expect(mustRerun(DOCKERFILE_RULE, changedPort, port.changes, [])).toBe(false);
  });

  it('an env file, a script, a deleted file', () => {
    const env = beforeAfter(repo, { '.env': 'A=1\n' });
    expect(inputs(changedInputs(env.changes, env.before, env.after))).toEqual(['env', 'tree']);
    const script = beforeAfter({ ...repo, 'Makefile': 'all:\n' }, { Makefile: 'all:\n\tdocker compose up\n' });
    expect(inputs(changedInputs(script.changes, script.before, script.after))).toEqual(['scripts']);
    // A command line that builds with other build args is another build.
    const build = beforeAfter({ ...repo, Makefile: 'all:\n' }, { Makefile: 'all:\n\tdocker build --build-arg MODE=test -f web/Dockerfile .\n' });
    expect(inputs(changedInputs(build.changes, build.before, build.after))).toEqual(['builds', 'scripts']);
    const gone = beforeAfter(repo, { 'web/.dockerignore': null });
    expect(inputs(changedInputs(gone.changes, gone.before, gone.after))).toEqual(['ignore', 'tree']);
  });

  it('a file of no known kind changes everything', () => {
    const x = beforeAfter(repo, { 'web/app.js': '2\n' });
    expect(changedInputs(x.changes, x.before, x.after)).toBe('all');
    expect(mustRerun(DOCKERFILE_RULE, 'all', x.changes, [])).toBe(true);
    const created = beforeAfter(repo, { 'web/config.json': '{}\n' });
    expect(changedInputs(created.changes, created.before, created.after)).toBe('all');
  });

  it('a rule runs again when one of its findings is in a changed file, or its fix changes one', () => {
    const finding = (file: string, fixFile = file) =>
      ({ rule: 'r', severity: 'warning', location: { file, start: 0, end: 1 }, message: 'm', line: 1, column: 1, endLine: 1, endColumn: 2, fixes: [{ title: 't', applicability: 'safe', changes: [{ kind: 'edit', file: fixFile, start: 0, end: 1, text: 'x' }] }] }) as ResolvedFinding;
    const c = changes({ edited: ['web/.dockerignore'] });
    const changed = new Set<RuleInput>(['ignore']);
    expect(mustRerun(DOCKERFILE_RULE, changed, c, [finding('web/Dockerfile')])).toBe(false);
    expect(mustRerun(DOCKERFILE_RULE, changed, c, [finding('web/.dockerignore')])).toBe(true);
    expect(mustRerun(DOCKERFILE_RULE, changed, c, [finding('web/Dockerfile', 'web/.dockerignore')])).toBe(true);
  });
});

describe('the registry\'s declarations', () => {
  const metaOf = (id: string) => registry.find((e) => e.detector.meta.id === id)!.detector.meta;
  const declared = registry.filter((e) => e.detector.meta.reads !== undefined).map((e) => e.detector.meta.id);

  it('a pass creating .dockerignore files runs again only the rules that read ignore files, the tree, or declare nothing', () => {
    const c = changes({ created: ['a/.dockerignore'] });
    const rerun = registry.filter((e) => mustRerun(e.detector.meta, new Set<RuleInput>(['ignore', 'tree']), c, [])).map((e) => e.detector.meta.id);
    const kept = registry.map((e) => e.detector.meta.id).filter((id) => !rerun.includes(id));
    expect(kept.length).toBeGreaterThan(20);
    for (const id of kept) expect(metaOf(id).reads).not.toContain('ignore');
    expect(rerun).toContain('dockerignore-invalid');
    expect(rerun).toContain('dockerignore-missing');
    expect(kept).toContain('stage-name-casing');
    expect(kept).toContain('compose-version');
  });

  it('a script may name compose files with -f: compose-version runs again after a Makefile edit, the Dockerfile checks do not', () => {
    const c = changes({ edited: ['Makefile'] });
    const changed = new Set<RuleInput>(['scripts']);
    expect(mustRerun(metaOf('compose-version'), changed, c, [])).toBe(true);
    expect(mustRerun(metaOf('undefined-var'), changed, c, [])).toBe(false);
    // A command line's `docker build` is a build: when it changes a build, the builds differ.
    expect(mustRerun(metaOf('undefined-var'), new Set<RuleInput>(['scripts', 'builds']), c, [])).toBe(true);
  });

  it('every declared input is one the engine can tell changed', () => {
    const known: RuleInput[] = ['dockerfiles', 'builds', 'compose', 'env', 'ignore', 'bake', 'scripts', 'tree'];
    expect(declared.length).toBeGreaterThan(0);
    for (const id of declared) for (const input of metaOf(id).reads!) expect(known).toContain(input);
  });
});

/** Every registry rule, counting its detector's runs. */
function counted(entries: readonly RegistryEntry[]): { entries: RegistryEntry[]; runs: () => number } {
  let runs = 0;
  return {
    entries: entries.map((e) => ({ ...e, detector: { ...e.detector, detect: (p: Project, o: Record<string, unknown>) => (runs++, e.detector.detect(p, o)) } })),
    runs: () => runs,
  };
}

afterEach(() => {
  delete process.env.DOCKMEND_FULL_REDETECT;
});

function fullPlan(root: string, options: RunOptions): Plan {
  process.env.DOCKMEND_FULL_REDETECT = '1';
  try {
    return plan(openSession(root), options);
  } finally {
    delete process.env.DOCKMEND_FULL_REDETECT;
  }
}

describe('the engine reuses findings', () => {
  it('a rule whose inputs a pass left alone is not run again; DOCKMEND_FULL_REDETECT=1 runs it', () => {
    const root = tree({ Dockerfile: 'FROM a\n', '.dockerignore': 'x\n' });
    let ignoreRuns = 0;
    const dockerfileRule = { ...tokenRule('df', 'Dockerfile', 'a', [{ text: 'b' }]) };
    dockerfileRule.detector = { ...dockerfileRule.detector, meta: { ...dockerfileRule.detector.meta, reads: ['dockerfiles'] } };
    const ignoreRule = tokenRule('ig', '.dockerignore', 'zzz', [{ text: 'y' }]);
    ignoreRule.detector = { ...ignoreRule.detector, meta: { ...ignoreRule.detector.meta, reads: ['ignore'] }, detect: (p, o) => (ignoreRuns++, tokenRule('ig', '.dockerignore', 'zzz', []).detector.detect(p, o)) };
    const p = plan(openSession(root), { entries: [dockerfileRule, ignoreRule] });
    expect(p.passes).toBe(1);
    expect(p.files).toEqual([{ path: 'Dockerfile', before: 'FROM a\n', after: 'FROM b\n' }]);
    // The pass edited the Dockerfile only: the ignore rule ran once, the Dockerfile rule twice.
    expect(ignoreRuns).toBe(1);
    ignoreRuns = 0;
    expect(comparable(fullPlan(root, { entries: [dockerfileRule, ignoreRule] }))).toEqual(comparable(p));
    expect(ignoreRuns).toBe(2);
  });
});

/** What a plan shows, without the rules' private data (YAML nodes). */
function comparable(p: Plan) {
  const f = (x: ResolvedFinding) => ({ rule: x.rule, severity: x.severity, location: x.location, line: x.line, column: x.column, endLine: x.endLine, endColumn: x.endColumn, message: x.message, context: x.context, fixes: x.fixes });
  return {
    findings: p.findings.map(f),
    applied: p.applied.map((a) => ({ pass: a.pass, finding: f(a.finding), fix: a.fix })),
    rejected: p.rejected.map((r) => ({ finding: f(r.finding), fix: r.fix, reason: r.reason })),
    remaining: p.remaining.map(f),
    files: p.files,
    passes: p.passes,
    stopped: p.stopped,
  };
}

interface CaseConfig {
  unsafe?: boolean;
  clutter?: boolean;
  projects?: RunOptions['projects'];
}

/** Every fixture repository: each rule case's input (with its clutter and compose sets), and fixtures/netra. */
function fixtureRepos(): { name: string; root: () => string; options: RunOptions }[] {
  const rulesDir = join(FIXTURES, 'rules');
  const out: { name: string; root: () => string; options: RunOptions }[] = [];
  for (const rule of readdirSync(rulesDir).sort()) {
    for (const name of readdirSync(join(rulesDir, rule)).sort()) {
      const dir = join(rulesDir, rule, name);
      const config: CaseConfig = existsSync(join(dir, 'case.json')) ? JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) : {};
      out.push({
        name: `${rule}/${name}`,
        root: () => {
          if (!config.clutter) return join(dir, 'input');
          const root = copyDir(join(dir, 'input'));
          addClutter(root);
          return root;
        },
        options: config.projects ? { projects: config.projects } : {},
      });
    }
  }
  out.push({ name: 'netra', root: () => copyDir(join(FIXTURES, 'netra')), options: {} });
  out.push({
    name: 'netra (cluttered)',
    root: () => {
      const root = copyDir(join(FIXTURES, 'netra'));
      addClutter(root);
      return root;
    },
    options: {},
  });
  return out;
}

describe('incremental re-detection plans what a full re-detection plans', () => {
  // Totals over every fixture: the reuse must happen somewhere, or this test proves nothing.
  let incrementalRuns = 0;
  let fullRuns = 0;
  let fixed = 0;
  let multiPass = 0;
  for (const repo of fixtureRepos()) {
    it(repo.name, () => {
      const root = repo.root();
      for (const unsafe of [false, true]) {
        const inc = counted(registry);
        const full = counted(registry);
        const again = counted(registry);
        const options = { ...repo.options, unsafe };
        const expected = comparable(fullPlan(root, { ...options, entries: full.entries }));
        expect(comparable(plan(openSession(root), { ...options, entries: inc.entries }))).toEqual(expected);
        // From the caller's first detection (the JSON dry run, the text scan's context line).
        const session = openSession(root);
        const first = detect(session, { ...options, entries: again.entries });
        expect(comparable(plan(session, { ...options, entries: again.entries }, first.findings, first.project))).toEqual(expected);
        expect(inc.runs()).toBeLessThanOrEqual(full.runs());
        incrementalRuns += inc.runs();
        fullRuns += full.runs();
        if (expected.passes >= 1) fixed++;
        if (expected.passes >= 2) multiPass++;
      }
    });
  }
  it('reused findings on the fixtures', () => {
    expect(fixed).toBeGreaterThan(50);
    expect(multiPass).toBeGreaterThan(0);
    expect(incrementalRuns).toBeLessThan(fullRuns);
  });
});

describe('the CLI prints the same with DOCKMEND_FULL_REDETECT=1', () => {
  // Several passes (two fixes on one FROM line), a created .dockerignore, a configured severity,
  // a rule turned off, an inline suppression and a `# check=skip` directive: what the reused
  // findings went through the first time must hold for them the second time.
  const edits = {
    'dockmend.config.json': JSON.stringify({ rules: { 'maintainer-deprecated': 'error', 'json-args-recommended': 'off' } }),
    'compose.yaml': 'services:\n  api:\n    build:\n      context: api\n      args:\n        MODE: prod\n  web:\n    build: web\n',
    'api/Dockerfile': 'from node:20 as Build\nMAINTAINER me\n# dockmend-ignore stage-name-casing\nFROM node:20 AS Final\nCOPY --from=Build /app /app\nCMD node app.js\n',
    'api/app.js': '1\n',
    'web/Dockerfile': '# check=skip=MaintainerDeprecated\nfrom nginx as Base\nMAINTAINER me\nCOPY . /usr/share/nginx/html\n',
    'web/index.html': '<html></html>\n',
    'web/node_modules/dep/index.js': '1\n',
  };
  // The Dockerfiles' findings have no safe fix: the only change of the first pass is a created
  // .dockerignore, and the second detection keeps the Dockerfile checks' findings.
  const reused = {
    'dockmend.config.json': JSON.stringify({ rules: { 'reserved-stage-name': 'error', 'undefined-var': 'info' } }),
    'compose.yaml': 'services:\n  api:\n    build:\n      context: api\n      args:\n        MODE: prod\n  web:\n    build: web\n',
    'api/Dockerfile': 'FROM node:20 AS scratch\nFROM node:20 AS a\nFROM node:20 AS a\n# dockmend-ignore duplicate-stage-name\nFROM node:20 AS a\nRUN echo $UNDEF\nCOPY . /app\n',
    'web/Dockerfile': '# check=skip=ReservedStageName\nFROM nginx AS scratch\nRUN echo $NOPE\nCOPY . /x\n',
    'web/index.html': '<html></html>\n',
    'web/node_modules/dep/index.js': '1\n',
  };
  for (const [name, files] of Object.entries({ edits, reused })) {
    for (const args of [['fix', '--dry-run', '.'], ['fix', '--dry-run', '--format', 'json', '.'], ['fix', '--dry-run', '--unsafe', '.'], ['scan', '.'], ['fix', '--dry-run', 'api']]) {
      it(`${name}: ${args.join(' ')}`, async () => {
        const root = tree(files);
        const incremental = await cli(args, root);
        process.env.DOCKMEND_FULL_REDETECT = '1';
        const full = await cli(args, root);
        delete process.env.DOCKMEND_FULL_REDETECT;
        expect(incremental).toEqual(full);
        expect(incremental.stdout.length + incremental.stderr.length).toBeGreaterThan(0);
      });
    }
  }
});
