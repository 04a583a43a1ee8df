// Generators for the property tests (test/fuzz.test.ts): repositories with generated
// Dockerfiles, compose, ignore and env files, around the usual source files.
import fc from 'fast-check';

const DIRS = ['', 'app', 'api', 'web/frontend', 'missing'] as const;
const SOURCES = ['.', 'app.py', 'requirements.txt', 'src', 'src/', 'src/main.go', 'package.json', '*.py', 'src/*.go', 'nope.txt', 'build/out', '${SRC}', '$SRC/app.py', '"quoted file.txt"', '../outside', 'node_modules', '__pycache__'];
const IMAGES = ['alpine:3.20', 'python:3.12-slim', 'node:22', 'golang:1.22 AS build', 'build', '${BASE}', 'scratch', 'ubuntu AS final'];
const USERS = ['app', 'root', 'nobody', '1000:1000', 'www-data', '${USER}'];

const word = fc.constantFrom('app', 'x', 'build', 'data', 'Ü', 'a b', '$X', '${Y:-d}', '\\', '"', "'", '#', '');
const eol = fc.constantFrom('\n', '\n', '\n', '\r\n');

const dockerLine = fc.oneof(
  fc.tuple(fc.constantFrom(...IMAGES), fc.boolean()).map(([img, platform]) => `FROM ${platform ? '--platform=$BUILDPLATFORM ' : ''}${img}`),
  fc.tuple(fc.constantFrom('BASE', 'SRC', 'USER', 'VERSION'), fc.option(word)).map(([n, v]) => (v === null ? `ARG ${n}` : `ARG ${n}=${v}`)),
  fc.tuple(fc.constantFrom('SRC', 'HOME', 'PATH'), word).map(([n, v]) => `ENV ${n}=${v}`),
  fc.tuple(fc.constantFrom('COPY', 'ADD'), fc.array(fc.constantFrom(...SOURCES), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '--from=build ', '--chown=app ', '--chown=${USER}:app ', '--link '), fc.constantFrom('/app/', '.', '/srv')).map(
    ([ins, src, flag, dest]) => `${ins} ${flag}${src.join(' ')} ${dest}`,
  ),
  fc.tuple(fc.array(fc.constantFrom(...SOURCES), { minLength: 1, maxLength: 2 }), fc.constantFrom('/app/', '/x')).map(([src, dest]) => `COPY ${JSON.stringify([...src, dest])}`),
  fc.constantFrom('RUN pip install -r requirements.txt', 'RUN useradd -m app', 'RUN addgroup -S app && adduser -S app -G app', 'RUN <<EOF\necho hi\nEOF', 'RUN echo a \\\n  && echo b', 'RUN ["sh", "-c", "true"]'),
  fc.constantFrom(...USERS).map((u) => `USER ${u}`),
  fc.constantFrom('WORKDIR /app', 'EXPOSE 8080', 'CMD ["python", "app.py"]', 'ENTRYPOINT ./run', 'HEALTHCHECK CMD true', '# a comment', '', '# syntax=docker/dockerfile:1', '# escape=`', 'ONBUILD COPY . /x'),
  fc.string({ maxLength: 20 }),
);

export const dockerfile = fc.tuple(fc.array(dockerLine, { minLength: 0, maxLength: 12 }), eol, fc.boolean(), fc.boolean()).map(
  ([lines, nl, bom, trailing]) => `${bom ? '\ufeff' : ''}${lines.join(nl)}${trailing ? nl : ''}`,
);

const scalar = fc.oneof(
  fc.constantFrom('.', './app', 'app', 'api', 'web/frontend', 'missing', '../up', '/abs', '${CTX}', '${CTX:-.}', '"."', "'app'", 'Dockerfile', 'Dockerfile.dev', 'app.Dockerfile', '~'),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
);

function composeService(names: readonly string[]) {
  return fc.record({
    name: fc.constantFrom(...names),
    build: fc.option(
      fc.oneof(
        scalar.map((c) => ` ${c}`),
        fc.record({ context: fc.option(scalar), dockerfile: fc.option(scalar), args: fc.option(fc.constantFrom('[A=1, B]', '{A: "${A}"}', '\n        - X=${X:-1}')) }).map(
          (b) =>
            '\n' +
            [b.context !== null ? `      context: ${b.context}` : '', b.dockerfile !== null ? `      dockerfile: ${b.dockerfile}` : '', b.args !== null ? `      args: ${b.args}` : ''].filter(Boolean).join('\n'),
        ),
      ),
    ),
    image: fc.option(fc.constantFrom('nginx', '${IMAGE}', '${IMAGE:?set it}', 'postgres:16', '${TAG-latest}')),
    ports: fc.option(fc.array(fc.constantFrom('"80:80"', '"${PORT}:80"', '8080:80', '"99999:1"', '"127.0.0.1:5432:5432"', 'abc', '"${P:-}:80"'), { maxLength: 3 })),
    env: fc.option(fc.array(fc.constantFrom('A: ${A}', 'B: "${B:-x}"', 'C: $$literal', 'D: ${D', 'E: ${E?required}', 'F: plain'), { maxLength: 3 })),
    envFile: fc.option(fc.constantFrom('.env', 'missing.env', 'app/.env', '[.env, other.env]')),
    dependsOn: fc.option(fc.array(fc.constantFrom(...names, 'ghost'), { maxLength: 2 })),
  });
}

type Service = ReturnType<typeof composeService> extends fc.Arbitrary<infer T> ? T : never;

function renderService(s: Service): string {
  const lines = [`  ${s.name}:`];
  if (s.build !== null) lines.push(`    build:${s.build}`.replace(/\n {6}/g, '\n      '));
  if (s.image !== null) lines.push(`    image: ${s.image}`);
  if (s.ports !== null) lines.push('    ports:', ...s.ports.map((p) => `      - ${p}`));
  if (s.env !== null) lines.push('    environment:', ...s.env.map((e) => `      ${e}`));
  if (s.envFile !== null) lines.push(`    env_file: ${s.envFile}`);
  if (s.dependsOn !== null) lines.push(`    depends_on: [${s.dependsOn.join(', ')}]`);
  return lines.join('\n');
}

export const compose = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.option(fc.constantFrom("'3.8'", '"3"', '2', '3.1', '"2.4"')), fc.array(composeService(['web', 'api', 'db', 'worker']), { minLength: 0, maxLength: 4 }), fc.boolean(), eol).map(
    ([version, services, anchors, nl]) => {
      const unique = [...new Map(services.map((s) => [s.name, s])).values()];
      const head = [version !== null ? `version: ${version}` : '', anchors ? 'x-common: &common\n  restart: always' : ''].filter(Boolean);
      const body = unique.map((s) => renderService(s) + (anchors ? '\n    <<: *common' : '')).join('\n');
      return [...head, 'services:' + (unique.length === 0 ? ' {}' : ''), body].filter(Boolean).join('\n').replace(/\n/g, nl) + nl;
    },
  ) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom('services:\n\tweb: {}\n', 'services: [\n', 'a: &a [*a]\n', 'services:\n  web:\n    image: x\n  web:\n    image: y\n', '', '- list\n', 'services:\n  web:\n    build: *missing\n') },
);

const ignoreLine = fc.oneof(
  fc.constantFrom('.git', 'node_modules', '**/__pycache__', '*.pyc', '!keep.py', '/src', 'src/', '**', '*', '!*', '[', '[a-', '\\', '!', '# comment', '', '  .env  ', 'Dockerfile', '.dockerignore', '**/*.md', '../x', '/', 'app.py', '!app.py', '*.p[yo]', '**/node_modules/**'),
  fc.string({ maxLength: 12 }),
);
export const ignoreFile = fc.tuple(fc.array(ignoreLine, { maxLength: 8 }), eol, fc.boolean()).map(([lines, nl, trailing]) => lines.join(nl) + (trailing ? nl : ''));

const envFile = fc.array(fc.constantFrom('A=1', 'B=', 'IMAGE=nginx', 'PORT=8080', 'CTX=app', '# c', 'export C=3', 'BAD LINE', 'Q="quoted ${A}"', ''), { maxLength: 5 }).map((l) => l.join('\n') + '\n');

/** A repository: the usual source files, plus generated Docker files in a few folders. */
export const repository = fc
  .record({
    dockerfiles: fc.array(fc.tuple(fc.constantFrom(...DIRS), fc.constantFrom('Dockerfile', 'Dockerfile.dev', 'app.Dockerfile'), dockerfile), { maxLength: 3 }),
    composes: fc.array(fc.tuple(fc.constantFrom('', 'app', 'deploy'), fc.constantFrom('compose.yaml', 'docker-compose.yml', 'docker-compose.override.yml', 'compose.ci.yaml'), compose), { maxLength: 3 }),
    ignores: fc.array(fc.tuple(fc.constantFrom(...DIRS), fc.constantFrom('.dockerignore', 'Dockerfile.dockerignore'), ignoreFile), { maxLength: 2 }),
    env: fc.option(envFile),
    envExample: fc.option(envFile),
  })
  .map((r) => {
    const files: Record<string, string> = {
      'app.py': 'print(1)\n',
      'requirements.txt': 'flask\n',
      'package.json': '{}\n',
      'src/main.go': 'package main\n',
      'app/app.py': 'print(2)\n',
      'app/__pycache__/app.cpython-311.pyc': 'x'.repeat(2048),
      'api/node_modules/dep/index.js': 'module.exports = 1\n',
      'web/frontend/index.html': '<html></html>\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'keys/server.pem': 'not a key\n',
    };
    const at = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);
    for (const [dir, name, text] of r.dockerfiles) files[at(dir, name)] = text;
    for (const [dir, name, text] of r.composes) files[at(dir, name)] = text;
    for (const [dir, name, text] of r.ignores) files[at(dir, name)] = text;
    if (r.env !== null) files['.env'] = r.env;
    if (r.envExample !== null) files['.env.example'] = r.envExample;
    return files;
  });

