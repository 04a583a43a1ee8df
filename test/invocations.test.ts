import { describe, expect, it } from 'vitest';
import { invocationSourceKind, readInvocations, type InvocationSourceKind, type PathTests } from '../src/project/invocations.js';

/** Path tests over a list of files; their folders exist too. */
function treeOf(files: string[]): PathTests {
  const dirs = new Set(['']);
  for (const f of files) for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  return { isFile: (p) => files.includes(p), isDir: (p) => dirs.has(p) };
}

function read(kind: InvocationSourceKind, path: string, text: string, files: string[]) {
  return readInvocations([{ path, kind, text }], treeOf(files));
}

const sets = (r: ReturnType<typeof read>) => r.composeSets.map((s) => ({ files: s.files, dir: s.projectDirectory, env: s.envFile, line: s.origin.line }));
const builds = (r: ReturnType<typeof read>) => r.builds.map((b) => ({ dockerfile: b.dockerfile, context: b.context, line: b.origin.line }));

describe('invocationSourceKind', () => {
  it('names the files read for command lines', () => {
    expect(invocationSourceKind('Makefile')).toBe('makefile');
    expect(invocationSourceKind('build/rules.mk')).toBe('makefile');
    expect(invocationSourceKind('tls/run-tls.sh')).toBe('shell');
    expect(invocationSourceKind('web/package.json')).toBe('package-json');
    expect(invocationSourceKind('.github/workflows/ci.yaml')).toBe('github-workflow');
    expect(invocationSourceKind('.gitlab-ci.yml')).toBe('gitlab-ci');
    expect(invocationSourceKind('README.md')).toBe('markdown');
    expect(invocationSourceKind('rtcstats/README.md')).toBe('markdown');
    expect(invocationSourceKind('docs/02-setup/05-overrides.md')).toBe('markdown');
    expect(invocationSourceKind('CHANGELOG.md')).toBeNull();
    expect(invocationSourceKind('src/notes.md')).toBeNull();
    expect(invocationSourceKind('.github/ISSUE_TEMPLATE/bug.yml')).toBeNull();
  });
});

describe('Makefile', () => {
  const files = ['docker-compose.yml', 'docker-compose.prod.yml', 'deploy/Dockerfile', 'deploy/app.env', 'ops/Makefile', 'ops/a.yml'];
  it('reads -f sets from recipes, with variables, continuations and make prefixes', () => {
    const text = [
      'COMPOSE = docker compose -f docker-compose.yml',
      'PROD := $(COMPOSE) -f docker-compose.prod.yml',
      '',
      'up:',
      '\t@$(PROD) up -d',
      'build:',
      '\t-docker compose \\',
      '\t\t--file docker-compose.yml \\',
      '\t\t--env-file deploy/app.env build',
    ].join('\n');
    expect(sets(read('makefile', 'Makefile', text, files))).toEqual([
      { files: ['docker-compose.yml', 'docker-compose.prod.yml'], dir: undefined, env: undefined, line: 5 },
      { files: ['docker-compose.yml'], dir: undefined, env: 'deploy/app.env', line: 7 },
    ]);
  });
  it('runs recipes from the Makefile folder; a cd holds for its own line only', () => {
    const text = ['x:', '\tdocker compose -f a.yml up', '\tcd .. && docker build -f deploy/Dockerfile .', '\tdocker build .'].join('\n');
    const r = read('makefile', 'ops/Makefile', text, files);
    expect(sets(r)).toEqual([{ files: ['ops/a.yml'], dir: undefined, env: undefined, line: 2 }]);
    // `docker build .` from ops/: no ops/Dockerfile, so nothing.
    expect(builds(r)).toEqual([{ dockerfile: 'deploy/Dockerfile', context: '', line: 3 }]);
  });
  it('$(CURDIR) and $$PWD are the Makefile folder; a make variable assigned twice is unknown', () => {
    const text = ['F = a.yml', 'F = b.yml', 'x:', '\tdocker compose -f $(CURDIR)/a.yml up', '\tdocker compose -f $$PWD/a.yml -f $(F) up'].join('\n');
    expect(sets(read('makefile', 'ops/Makefile', text, files))).toEqual([{ files: ['ops/a.yml'], dir: undefined, env: undefined, line: 4 }]);
  });
});

describe('shell scripts', () => {
  const files = ['docker-compose-tls.yml', 'tls/Dockerfile.tls', 'tls/run-tls.sh', 'tls/compose.yml', 'app/Dockerfile', 'app/src/x', 'ci/build.sh'];
  it('temporal-docker-compose tls/run-tls.sh: ${PWD} prefix, env assignments before the command', () => {
    const text = [
      '#!/bin/bash',
      'set -eu',
      'DOCKER_BUILDKIT=1 docker build -t temporal_tls:test -f ${PWD}/tls/Dockerfile.tls .',
      '',
      'COMPOSE_PROJECT_NAME=tls_test docker-compose -f docker-compose-tls.yml build --no-cache',
    ].join('\n');
    const r = read('shell', 'tls/run-tls.sh', text, files);
    expect(builds(r)).toEqual([{ dockerfile: 'tls/Dockerfile.tls', context: '', line: 3 }]);
    expect(sets(r)).toEqual([{ files: ['docker-compose-tls.yml'], dir: undefined, env: undefined, line: 5 }]);
    expect(r.builds[0]!.origin).toEqual({ kind: 'invocation', file: 'tls/run-tls.sh', line: 3, command: 'DOCKER_BUILDKIT=1 docker build -t temporal_tls:test -f ${PWD}/tls/Dockerfile.tls .' });
  });
  it('cd "$(dirname "$0")" moves to the script folder; later cds are relative', () => {
    const text = ['cd "$(dirname "$0")"', 'docker compose -f compose.yml up', 'cd ..', 'sudo docker build -t x app && echo ok'].join('\n');
    const r = read('shell', 'tls/run-tls.sh', text, files);
    expect(sets(r)).toEqual([{ files: ['tls/compose.yml'], dir: undefined, env: undefined, line: 2 }]);
    expect(builds(r)).toEqual([{ dockerfile: 'app/Dockerfile', context: 'app', line: 4 }]);
  });
  it('a script variable with a literal value is used; SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd) too', () => {
    const text = [
      'SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)',
      'CTX=app',
      'docker buildx build --platform linux/amd64 \\',
      '  --build-arg VERSION=1.2 --target prod \\',
      '  -f "$SCRIPT_DIR/../app/Dockerfile" "$CTX"',
    ].join('\n');
    const r = read('shell', 'ci/build.sh', text, files);
    expect(builds(r)).toEqual([{ dockerfile: 'app/Dockerfile', context: 'app', line: 3 }]);
    expect(r.builds[0]!.args).toEqual({ VERSION: '1.2' });
    expect(r.builds[0]!.target).toBe('prod');
  });
  it('near miss: a variable the file does not assign makes the line skipped', () => {
    const text = ['docker build -f $DOCKERFILE .', 'docker compose -f ${COMPOSE_OVERRIDE} up', 'docker build -f app/Dockerfile $CTX'].join('\n');
    const r = read('shell', 'ci/build.sh', text, files);
    expect(r).toEqual({ composeSets: [], builds: [], starts: [], bakes: [] });
  });
  it('near miss: a cd the reader cannot follow stops reading the rest of the script', () => {
    const text = ['cd "$WORKSPACE"', 'docker build app'].join('\n');
    expect(read('shell', 'ci/build.sh', text, files).builds).toEqual([]);
  });
  it('near miss: paths that do not exist, stdin, remote contexts, unknown build options', () => {
    const text = [
      'docker compose -f nope.yml up',
      'docker compose -f docker-compose-tls.yml -f missing.yml up',
      'docker build -f nope/Dockerfile .',
      'docker build - < app/Dockerfile',
      'docker build https://github.com/x/y.git',
      'docker build --some-new-flag app',
      'docker build .',
    ].join('\n');
    expect(read('shell', 'ci/build.sh', text, files)).toEqual({ composeSets: [], builds: [], starts: [], bakes: [] });
  });
  it('near miss: docker compose without -f makes no set; -f after the sub-command is not a file', () => {
    const text = ['docker compose up -d', 'docker compose logs -f docker-compose-tls.yml', 'docker-compose ps'].join('\n');
    expect(read('shell', 'ci/build.sh', text, files).composeSets).toEqual([]);
  });
  it('COMPOSE_FILE from an export or a prefix assignment, `:`-separated', () => {
    const text = ['export COMPOSE_FILE=docker-compose-tls.yml:tls/compose.yml', 'docker compose up', 'COMPOSE_FILE=tls/compose.yml docker compose config'].join('\n');
    expect(sets(read('shell', 'ci/build.sh', text, files))).toEqual([
      { files: ['docker-compose-tls.yml', 'tls/compose.yml'], dir: undefined, env: undefined, line: 2 },
      { files: ['tls/compose.yml'], dir: undefined, env: undefined, line: 3 },
    ]);
  });
  it('--project-directory, -p, --file=, -fX forms and chains', () => {
    const text = 'set -e; docker --log-level warn compose -p demo --project-directory=tls --file=docker-compose-tls.yml -ftls/compose.yml up || exit 1';
    expect(sets(read('shell', 'ci/build.sh', text, files))).toEqual([{ files: ['docker-compose-tls.yml', 'tls/compose.yml'], dir: 'tls', env: undefined, line: 1 }]);
  });
});

describe('package.json', () => {
  it('reads scripts from the package folder', () => {
    const text = JSON.stringify({ name: 'x', scripts: { test: 'vitest', 'dev:up': 'docker compose -f compose.dev.yml up', image: 'docker build -t web .' } }, null, 2);
    const r = read('package-json', 'web/package.json', text, ['web/compose.dev.yml', 'web/Dockerfile', 'web/package.json']);
    expect(sets(r)).toEqual([{ files: ['web/compose.dev.yml'], dir: undefined, env: undefined, line: 5 }]);
    expect(builds(r)).toEqual([{ dockerfile: 'web/Dockerfile', context: 'web', line: 6 }]);
  });
  it('near miss: invalid JSON is skipped', () => {
    expect(read('package-json', 'package.json', '{ "scripts": { "x": "docker compose -f a.yml up" ', ['a.yml'])).toEqual({ composeSets: [], builds: [], starts: [], bakes: [] });
  });
});

describe('workflows', () => {
  const files = ['deploy/compose.yml', 'deploy/compose.ci.yml', 'compose.yaml', 'overrides/compose.mariadb.yaml', 'images/Dockerfile'];
  it('GitHub: env COMPOSE_FILE, working-directory (step and defaults), block scalars', () => {
    const text = [
      'name: ci',
      'env:',
      '  COMPOSE_FILE: compose.yml:compose.ci.yml',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    defaults:',
      '      run:',
      '        working-directory: deploy',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: docker compose up -d',
      '      - name: build',
      '        working-directory: .',
      '        run: |',
      '          echo start',
      '          docker compose -f compose.yaml \\',
      '            -f overrides/compose.mariadb.yaml config',
      '          docker build -f images/Dockerfile --tag ${{ github.sha }} .',
      '      - run: docker compose -f ${{ matrix.file }} up',
    ].join('\n');
    const r = read('github-workflow', '.github/workflows/ci.yml', text, files);
    expect(sets(r)).toEqual([
      { files: ['deploy/compose.yml', 'deploy/compose.ci.yml'], dir: undefined, env: undefined, line: 12 },
      { files: ['compose.yaml', 'overrides/compose.mariadb.yaml'], dir: undefined, env: undefined, line: 17 },
    ]);
    expect(builds(r)).toEqual([{ dockerfile: 'images/Dockerfile', context: '', line: 19 }]);
  });
  it('GitLab: scripts with variables, from the root', () => {
    const text = ['variables:', '  OVERRIDE: overrides/compose.mariadb.yaml', 'test:', '  script:', '    - docker compose -f compose.yaml -f $OVERRIDE config', '    - docker compose -f $UNSET up'].join('\n');
    expect(sets(read('gitlab-ci', '.gitlab-ci.yml', text, files))).toEqual([{ files: ['compose.yaml', 'overrides/compose.mariadb.yaml'], dir: undefined, env: undefined, line: 5 }]);
  });
});

describe('Markdown', () => {
  const files = ['docker-compose.yml', 'jibri.yml', 'rtcstats.yml', 'rtcstats/mongodb/mongodb.yml', 'compose.yaml', 'overrides/compose.redis.yaml', 'docs/setup/local.yml'];
  it('reads fenced shell blocks with prompts and continuations, from the root', () => {
    const text = [
      '# Jibri',
      'Run `docker compose -f docker-compose.yml -f rtcstats.yml up` in prose: not read.',
      '',
      '```bash',
      '$ docker compose -f docker-compose.yml -f jibri.yml up',
      '```',
      '',
      '1. Start:',
      '   ```',
      '   docker compose -f docker-compose.yml \\',
      '     -f rtcstats.yml -f ./rtcstats/mongodb/mongodb.yml up -d',
      '   ```',
      '```yaml',
      'command: docker compose -f compose.yaml -f overrides/compose.redis.yaml up',
      '```',
    ].join('\n');
    expect(sets(read('markdown', 'rtcstats/README.md', text, files))).toEqual([
      { files: ['docker-compose.yml', 'jibri.yml'], dir: undefined, env: undefined, line: 5 },
      { files: ['docker-compose.yml', 'rtcstats.yml', 'rtcstats/mongodb/mongodb.yml'], dir: undefined, env: undefined, line: 10 },
    ]);
  });
  it("uses the document's folder when the paths only resolve there; a cd into the clone is the root", () => {
    const text = ['```sh', 'git clone https://github.com/x/y && cd y', 'docker compose -f compose.yaml up', 'docker compose -f local.yml up', '```'].join('\n');
    expect(sets(read('markdown', 'docs/setup/README.md', text, files))).toEqual([
      { files: ['compose.yaml'], dir: undefined, env: undefined, line: 3 },
      { files: ['docs/setup/local.yml'], dir: undefined, env: undefined, line: 4 },
    ]);
  });
  it('near miss: paths outside the repository (~, absolute) are skipped', () => {
    const text = ['```', 'docker compose --project-name x -f ~/gitops/docker-compose.yml up -d', 'docker compose -f /srv/compose.yaml up', '```'].join('\n');
    expect(read('markdown', 'README.md', text, files).composeSets).toEqual([]);
  });
});

describe('compose-file comments and .env', () => {
  const files = ['docker-compose.yml', 'docker-compose.multi-php.yml', 'production/compose.yml'];
  it('reads commented commands, continued over comment lines', () => {
    const text = [
      '# Usage:',
      '#   docker compose -f docker-compose.yml -f docker-compose.multi-php.yml up -d \\',
      '#     workspace-83',
      'services: {}',
    ].join('\n');
    expect(sets(read('compose', 'docker-compose.multi-php.yml', text, files))).toEqual([{ files: ['docker-compose.yml', 'docker-compose.multi-php.yml'], dir: undefined, env: undefined, line: 2 }]);
  });
  it('a comment in a nested compose file resolves from the root when that is where its paths are', () => {
    const text = '#   docker compose -f production/compose.yml up -d  # run it\nservices: {}\n';
    expect(sets(read('compose', 'production/compose.yml', text, files))).toEqual([{ files: ['production/compose.yml'], dir: undefined, env: undefined, line: 1 }]);
  });
  it(".env COMPOSE_FILE is a set from the .env's folder", () => {
    const r = read('dotenv', '.env', 'A=1\nCOMPOSE_FILE=docker-compose.yml:docker-compose.multi-php.yml\n', files);
    expect(sets(r)).toEqual([{ files: ['docker-compose.yml', 'docker-compose.multi-php.yml'], dir: undefined, env: undefined, line: 2 }]);
    expect(read('dotenv', '.env', 'COMPOSE_FILE=docker-compose.yml:nope.yml\n', files).composeSets).toEqual([]);
    expect(read('dotenv', '.env', 'COMPOSE_FILE=${BASE}:docker-compose.yml\n', files).composeSets).toEqual([]);
  });
});

describe('readInvocations', () => {
  it('keeps one set per distinct file list, with its first origin', () => {
    const files = ['a.yml', 'b.yml'];
    const r = readInvocations(
      [
        { path: 'Makefile', kind: 'makefile', text: 'up:\n\tdocker compose -f a.yml -f b.yml up\n' },
        { path: 'README.md', kind: 'markdown', text: '```\ndocker compose -f a.yml -f b.yml up\n```\n' },
      ],
      treeOf(files),
    );
    expect(r.composeSets.map((s) => `${s.files.join(',')}@${s.origin.file}:${s.origin.line}`)).toEqual(['a.yml,b.yml@Makefile:2']);
  });
});

describe('redirections', () => {
  it('are not arguments: `>/dev/null`, `2>&1`, `> out.log`', () => {
    const text = 'docker build --quiet -f app/Dockerfile -t x app >/dev/null 2>&1\ndocker build web > build.log\ndocker build --target t app &>/dev/null\n';
    const r = read('shell', 'build.sh', text, ['app/Dockerfile', 'web/Dockerfile']);
    expect(r.builds.map((b) => `${b.dockerfile}@${b.context}:${b.origin.line}`)).toEqual(['app/Dockerfile@app:1', 'web/Dockerfile@web:2', 'app/Dockerfile@app:3']);
  });
});

describe('start lines (up, run, start, create)', () => {
  const starts = (r: ReturnType<typeof read>) => r.starts.map((s) => ({ files: s.files, explicit: s.explicit, command: s.command, services: s.services, line: s.origin.line }));
  const files = ['docker-compose.yml', 'extra.yml', 'sub/compose.yaml', 'sub/deep/x.txt'];
  it('records the services named, skipping option values; run starts its first word', () => {
    const text = [
      'docker compose up -d nginx mysql',
      'docker-compose -f docker-compose.yml -f extra.yml up --scale web=2 -t 5 web',
      'docker compose run --rm -e A=b -v x:/y app php artisan migrate',
      'docker compose --profile dev up',
    ].join('\n');
    expect(starts(read('shell', 'run.sh', text, files))).toEqual([
      { files: ['docker-compose.yml'], explicit: false, command: 'up', services: ['nginx', 'mysql'], line: 1 },
      { files: ['docker-compose.yml', 'extra.yml'], explicit: true, command: 'up', services: ['web'], line: 2 },
      { files: ['docker-compose.yml'], explicit: false, command: 'run', services: ['app'], line: 3 },
      { files: ['docker-compose.yml'], explicit: false, command: 'up', services: [], line: 4 },
    ]);
  });
  it('run publishes its service ports only with --service-ports; --no-deps starts no dependencies', () => {
    const text = [
      'docker compose run --rm app migrate',
      'docker compose run --service-ports app',
      'docker compose up --no-deps -d web',
      'docker compose up -d web',
    ].join('\n');
    expect(read('shell', 'run.sh', text, files).starts.map((s) => [s.command, s.ownPorts, s.withDependencies])).toEqual([
      ['run', false, true],
      ['run', true, true],
      ['up', true, false],
      ['up', true, true],
    ]);
  });
  it('without -f, the default file of the working directory or the nearest parent', () => {
    const text = ['cd sub && docker compose up -d', 'cd deep && docker compose start api'].join('\n');
    expect(starts(read('shell', 'run.sh', text, files)).map((s) => [s.files, s.services])).toEqual([
      [['sub/compose.yaml'], []],
      [['sub/compose.yaml'], ['api']],
    ]);
  });
  it('service words with an unknown variable are unknown (null); other sub-commands are not starts', () => {
    const text = ['docker compose up -d $SERVICES', 'docker compose logs -f web', 'docker compose exec web sh', 'docker compose build web'].join('\n');
    expect(starts(read('shell', 'run.sh', text, files)).map((s) => s.services)).toEqual([null]);
  });
  it('near miss: documentation that cds into what is not in the tree; a bare up after it is not about this project', () => {
    const md = ['```bash', 'git clone https://example.com/other.git my-app', 'cd my-app', 'docker compose up -d', 'docker compose up -d web', '```'].join('\n');
    expect(starts(read('markdown', 'docs/compare.md', md, files)).map((s) => [s.services, s.line])).toEqual([[['web'], 5]]);
  });
});

describe('--env-file outside the repository', () => {
  const files = ['compose.yaml', 'overrides/proxy.yaml', 'deploy/app.env'];
  const withEnv = (r: ReturnType<typeof read>) => r.composeSets.map((s) => ({ files: s.files, env: s.envFile, external: s.externalEnvFile, line: s.origin.line }));

  it('keeps the set, with the env file as written: `~/…`, `$HOME/…`, an absolute path', () => {
    const text = [
      '```sh',
      'docker compose --project-name one \\',
      '  --env-file ~/gitops/one.env \\',
      '  -f compose.yaml \\',
      '  -f overrides/proxy.yaml config > ~/gitops/one.yaml',
      'docker compose --env-file=$HOME/two.env -f compose.yaml up',
      'docker compose --env-file /etc/app/three.env -f overrides/proxy.yaml up',
      '```',
    ].join('\n');
    expect(withEnv(read('markdown', 'README.md', text, files))).toEqual([
      { files: ['compose.yaml', 'overrides/proxy.yaml'], env: undefined, external: '~/gitops/one.env', line: 2 },
      { files: ['compose.yaml'], env: undefined, external: '~/two.env', line: 6 },
      { files: ['overrides/proxy.yaml'], env: undefined, external: '/etc/app/three.env', line: 7 },
    ]);
  });

  it('an env file of the repository stays a repository path', () => {
    const text = 'docker compose --env-file deploy/app.env -f compose.yaml -f overrides/proxy.yaml up\n';
    expect(withEnv(read('shell', 'run.sh', text, files))).toEqual([{ files: ['compose.yaml', 'overrides/proxy.yaml'], env: 'deploy/app.env', external: undefined, line: 1 }]);
  });

  it('near miss: a -f outside the repository, an env file from an unknown variable, a missing repository env file, /dev/null, or two env files make no set', () => {
    const text = [
      'docker compose --env-file ~/one.env -f ~/gitops/one.yaml up',
      'docker compose --env-file $ENV_DIR/one.env -f compose.yaml up',
      'docker compose --env-file deploy/missing.env -f compose.yaml up',
      'docker compose --env-file /dev/null -f compose.yaml up',
      'docker compose --env-file ~/a.env --env-file ~/b.env -f compose.yaml up',
      'HOME=deploy',
      'docker compose --env-file $HOME/app.env -f compose.yaml -f overrides/proxy.yaml up',
    ].join('\n');
    // The script assigns HOME: `$HOME/app.env` is then deploy/app.env, inside the repository.
    expect(withEnv(read('shell', 'run.sh', text, files))).toEqual([{ files: ['compose.yaml', 'overrides/proxy.yaml'], env: 'deploy/app.env', external: undefined, line: 7 }]);
  });
});

describe('long lines (no quadratic regex backtracking)', () => {
  const files = ['docker-compose.yml', 'docker-compose.prod.yml', 'ops/Makefile', 'ops/a.yml'];
  // Over the line cap: the old regexes took seconds on these (quadratic), the scan takes milliseconds.
  const spaces = ' '.repeat(45_000);
  const timed = <T>(f: () => T): { result: T; ms: number } => {
    const t = performance.now();
    const result = f();
    return { result, ms: performance.now() - t };
  };

  it('a Makefile with a 45 KB line of spaces is read in linear time; its other lines still count', () => {
    const text = ['X =' + spaces, `A = a${spaces}b`, `B = a${spaces.slice(0, 7000)}b`, 'COMPOSE_CMD = docker compose -f docker-compose.yml   ', 'up:', '\t$(COMPOSE_CMD) up -d', `\tdocker compose up${spaces}`, `\tcompose${spaces.slice(0, 8000)}!`, ''].join('\n');
    const { result, ms } = timed(() => read('makefile', 'Makefile', text, files));
    expect(ms).toBeLessThan(1000);
    expect(sets(result)).toEqual([{ files: ['docker-compose.yml'], dir: undefined, env: undefined, line: 6 }]);
  });

  it('a .env with a 45 KB COMPOSE_FILE= line is read in linear time; a value with a comment is trimmed', () => {
    const long = timed(() => read('dotenv', '.env', `COMPOSE_FILE=a${spaces}b`, files));
    expect(long.ms).toBeLessThan(1000);
    expect(sets(long.result)).toEqual([]);
    const long2 = timed(() => read('dotenv', '.env', `COMPOSE_FILE=a${spaces.slice(0, 7000)}b #${spaces.slice(0, 1000)}x`, files));
    expect(long2.ms).toBeLessThan(1000);
    const text = 'COMPOSE_FILE = docker-compose.yml:docker-compose.prod.yml   # both\n';
    expect(sets(read('dotenv', '.env', text, files))).toEqual([{ files: ['docker-compose.yml', 'docker-compose.prod.yml'], dir: undefined, env: undefined, line: 1 }]);
    expect(sets(read('dotenv', '.env', 'COMPOSE_FILE=docker-compose.yml#x\n', files))).toEqual([]);
  });

  it('a shell line of many backslashes or `compose` words is read in linear time', () => {
    const text = ['\\'.repeat(60_000) + 'x', 'compose '.repeat(16_000) + 'x', 'docker compose -f "$(cd ops && pwd)/a.yml" up', ''].join('\n');
    const { result, ms } = timed(() => read('shell', 'run.sh', text, files));
    expect(ms).toBeLessThan(1000);
    expect(sets(result)).toEqual([{ files: ['ops/a.yml'], dir: undefined, env: undefined, line: 3 }]);
  });
});
