// BuildKit's build checks: the cases of moby/buildkit frontend/dockerfile/dockerfile_lint_test.go
// (testStageName …) ported as a table, the `# check=` directive and BUILDKIT_DOCKERFILE_CHECK,
// and the fixes (idempotent, the fixed Dockerfile lexed again without the finding).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig, checkDirective, parseCheckOptions } from '../src/buildkit/check-directive.js';
import { lexDockerfile } from '../src/dockerfile/model.js';
import { detect, openSession } from '../src/fix/engine.js';
import { registry } from '../src/rules/registry.js';
import { fixOnce, tree } from './helpers.js';

const byCheck = new Map(registry.filter((e) => e.detector.meta.buildkitCheck).map((e) => [e.detector.meta.buildkitCheck!, e.detector.meta.id]));
const ourChecks = ['StageNameCasing', 'FromAsCasing'];
const ourRules = ourChecks.map((c) => byCheck.get(c)!);

function lint(dockerfile: string, extra: Record<string, string> = {}) {
  const root = tree({ Dockerfile: dockerfile, ...extra });
  return detect(openSession(root), { only: ourRules }).findings.map((f) => ({ rule: f.rule, line: f.line, message: f.message, severity: f.severity }));
}

// Upstream: moby/buildkit frontend/dockerfile/dockerfile_lint_test.go, testStageName. Each
// Dockerfile starts with the newline of Go's raw string literal, as upstream's do.
const upstream: { name: string; dockerfile: string; expected: { check: string; line: number; message: string }[] }[] = [
  {
    name: 'testStageName #1',
    dockerfile: `
# warning: stage name should be lowercase
FROM scratch AS BadStageName

# warning: 'as' should match 'FROM' cmd casing.
FROM scratch as base2

FROM scratch AS base3
`,
    expected: [
      { check: 'StageNameCasing', line: 3, message: "Stage name 'BadStageName' should be lowercase" },
      { check: 'FromAsCasing', line: 6, message: "'as' and 'FROM' keywords' casing do not match" },
    ],
  },
  {
    name: 'testStageName #2',
    dockerfile: `
# warning: 'AS' should match 'from' cmd casing.
from scratch AS base

from scratch as base2
`,
    expected: [{ check: 'FromAsCasing', line: 3, message: "'AS' and 'from' keywords' casing do not match" }],
  },
  {
    // testSelfConsistentCommandCasing: a mixed-case `From` is not FromAsCasing's business.
    name: 'testSelfConsistentCommandCasing #1 (no FromAsCasing)',
    dockerfile: `
# warning: 'FROM' should be either lowercased or uppercased
From scratch as base
FROM scratch AS base2
`,
    expected: [],
  },
  {
    name: 'testSelfConsistentCommandCasing #2 (no FromAsCasing)',
    dockerfile: `
# warning: 'FROM' should be either lowercased or uppercased
frOM scratch as base
from scratch as base2
`,
    expected: [],
  },
];

describe('BuildKit lint cases (dockerfile_lint_test.go)', () => {
  for (const c of upstream) {
    it(c.name, () => {
      const expected = c.expected.map((e) => ({ rule: byCheck.get(e.check)!, line: e.line, message: e.message, severity: 'warning' }));
      expect(lint(c.dockerfile)).toEqual(expected);
    });
  }
});

describe('# check= directive (linter.ParseLintOptions, parser/directives.go)', () => {
  it('parses skip lists, skip=all and error', () => {
    expect(parseCheckOptions('skip=StageNameCasing, FromAsCasing;error=true')).toEqual({ skip: new Set(['StageNameCasing', 'FromAsCasing']), skipAll: false, error: true });
    expect(parseCheckOptions('skip=all')).toMatchObject({ skipAll: true, error: false });
    expect(parseCheckOptions(' error = 1 ')).toMatchObject({ skipAll: false, error: true });
    expect(parseCheckOptions('error=yes')).toBeNull();
    expect(parseCheckOptions('skip')).toBeNull();
    expect(parseCheckOptions('ignore=x')).toBeNull();
  });

  it('reads the directive only among the leading directives', () => {
    expect(checkDirective('# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a\n')).toBe('skip=all');
    expect(checkDirective('\uFEFF#!/usr/bin/env docker\r\n#  CHECK = error=true \r\nFROM a\r\n')).toBe('error=true');
    expect(checkDirective('# a comment\n# check=skip=all\nFROM a\n')).toBeNull();
    expect(checkDirective('\n# check=skip=all\nFROM a\n')).toBeNull();
    expect(checkDirective('FROM a\n# check=skip=all\n')).toBeNull();
  });

  it('skips the named checks, and only those', () => {
    const df = '# check=skip=StageNameCasing\nFROM scratch as Base\n';
    expect(lint(df).map((f) => f.rule)).toEqual(['from-as-casing']);
  });

  it('skip=all skips every check', () => {
    expect(lint('# check=skip=all\nFROM scratch as Base\n')).toEqual([]);
  });

  it('error=true makes the findings errors', () => {
    expect(lint('# check=error=true\nFROM scratch as Base\n').map((f) => f.severity)).toEqual(['error', 'error']);
    expect(lint('# check=skip=FromAsCasing;error=true\nFROM scratch as Base\n')).toEqual([
      { rule: 'stage-name-casing', line: 2, message: "Stage name 'Base' should be lowercase", severity: 'error' },
    ]);
  });

  it('an invalid directive changes nothing (BuildKit rejects it before any check runs)', () => {
    expect(lint('# check=skip=all;error=maybe\nFROM scratch AS Base\n').map((f) => f.rule)).toEqual(['stage-name-casing']);
  });

  const compose = (args: string) => `services:\n  app:\n    build:\n      context: .\n      args:\n${args}`;

  it('BUILDKIT_DOCKERFILE_CHECK in compose build.args replaces the directive', () => {
    const df = '# check=skip=all\nFROM scratch as Base\n';
    expect(lint(df, { 'compose.yaml': compose('        BUILDKIT_DOCKERFILE_CHECK: "skip=FromAsCasing;error=true"\n') })).toEqual([
      { rule: 'stage-name-casing', line: 2, message: "Stage name 'Base' should be lowercase", severity: 'error' },
    ]);
    expect(lint('FROM scratch AS Base\n', { 'compose.yaml': compose('        - BUILDKIT_DOCKERFILE_CHECK=skip=all\n') })).toEqual([]);
  });

  it('a check is skipped only when every build of the Dockerfile skips it', () => {
    const files = {
      'compose.yaml': `services:\n  a:\n    build:\n      context: .\n      args:\n        BUILDKIT_DOCKERFILE_CHECK: skip=all\n  b:\n    build: .\n`,
    };
    expect(lint('FROM scratch AS Base\n', files).map((f) => f.rule)).toEqual(['stage-name-casing']);
  });

  it('a build arg config is used as BuildKit uses it (empty = every check, as warnings)', () => {
    expect(checkConfig('# check=skip=all\n', { BUILDKIT_DOCKERFILE_CHECK: '' })).toMatchObject({ skipAll: false, error: false });
  });
});

describe('fixes', () => {
  function fixed(dockerfile: string) {
    const root = tree({ Dockerfile: dockerfile });
    const first = fixOnce(root, { only: ourRules });
    const after = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const second = fixOnce(root, { only: ourRules });
    expect(second.files).toEqual([]); // idempotent
    expect(second.findings).toEqual([]);
    // the fixed Dockerfile lexes to the same instructions
    expect(lexDockerfile(after).instructions.map((i) => i.keyword)).toEqual(lexDockerfile(dockerfile).instructions.map((i) => i.keyword));
    return { first, after };
  }

  it('stage-name-casing lowercases the name and its references, byte for byte', () => {
    const df = [
      '# syntax=docker/dockerfile:1',
      'FROM node:20 AS Builder',
      'RUN --mount=type=cache,from=BUILDER,target=/c \\',
      '    npm ci',
      '',
      'FROM Builder AS Test',
      'COPY --from=Builder /app /app',
      'COPY --from=builder /x /x',
      'COPY <<EOF /etc/x',
      'Builder',
      'EOF',
      'FROM nginx',
      'COPY --link --from=Builder /app/dist /usr/share/nginx/html',
      '',
    ].join('\r\n');
    const { after } = fixed(df);
    expect(after).toBe(
      [
        '# syntax=docker/dockerfile:1',
        'FROM node:20 AS builder',
        'RUN --mount=type=cache,from=builder,target=/c \\',
        '    npm ci',
        '',
        'FROM builder AS test',
        'COPY --from=builder /app /app',
        'COPY --from=builder /x /x',
        'COPY <<EOF /etc/x',
        'Builder',
        'EOF',
        'FROM nginx',
        'COPY --link --from=builder /app/dist /usr/share/nginx/html',
        '',
      ].join('\r\n'),
    );
  });

  it('from-as-casing writes AS like FROM', () => {
    expect(fixed('from alpine AS base\nFROM base as final\n').after).toBe('from alpine as base\nFROM base AS final\n');
  });

  it('near misses: lowercase names, a mixed-case From, no AS', () => {
    expect(lint('FROM alpine AS base\nFROM base\nfrom base as b2\nFrom base as b3\nFROM --platform=$BUILDPLATFORM Alpine\n')).toEqual([]);
  });
});
