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
const ourChecks = ['StageNameCasing', 'FromAsCasing', 'ConsistentInstructionCasing', 'NoEmptyContinuation', 'MaintainerDeprecated', 'ExposeProtoCasing', 'ExposeInvalidFormat', 'DuplicateStageName', 'ReservedStageName'];
const ourRules = ourChecks.map((c) => byCheck.get(c)!);

const severityOf = new Map(registry.map((e) => [e.detector.meta.id, e.detector.meta.severity]));

function lint(dockerfile: string, extra: Record<string, string> = {}, only: readonly string[] = ourRules) {
  const root = tree({ Dockerfile: dockerfile, ...extra });
  return detect(openSession(root), { only }).findings.map((f) => ({ rule: f.rule, line: f.line, message: f.message, severity: f.severity }));
}

// Upstream: moby/buildkit frontend/dockerfile/dockerfile_lint_test.go (commit 03a2b91a):
// testStageName, testNoEmptyContinuations, testSelfConsistentCommandCasing,
// testFileConsistentCommandCasing, testMaintainerDeprecated. Each Dockerfile starts with the
// newline of Go's raw string literal, as upstream's do. Later BuildKit merged
// SelfConsistentCommandCasing and FileConsistentCommandCasing into ConsistentInstructionCasing
// (one message, "should match the case of the command majority") and renamed
// NoEmptyContinuations to NoEmptyContinuation: the cases are kept with today's names and message.
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
    name: 'testNoEmptyContinuations',
    dockerfile: `
FROM scratch
# warning: empty continuation line
COPY Dockerfile \\

.
COPY Dockerfile \\
.
`,
    expected: [{ check: 'NoEmptyContinuation', line: 6, message: 'Empty continuation line' }],
  },
  {
    // A mixed-case `From` is ConsistentInstructionCasing's business, not FromAsCasing's.
    name: 'testSelfConsistentCommandCasing #1',
    dockerfile: `
# warning: 'FROM' should be either lowercased or uppercased
From scratch as base
FROM scratch AS base2
`,
    expected: [{ check: 'ConsistentInstructionCasing', line: 3, message: "Command 'From' should match the case of the command majority (uppercase)" }],
  },
  {
    name: 'testSelfConsistentCommandCasing #2',
    dockerfile: `
# warning: 'FROM' should be either lowercased or uppercased
frOM scratch as base
from scratch as base2
`,
    expected: [{ check: 'ConsistentInstructionCasing', line: 3, message: "Command 'frOM' should match the case of the command majority (lowercase)" }],
  },
  {
    name: 'testFileConsistentCommandCasing #1',
    dockerfile: `
FROM scratch
# warning: 'copy' should match command majority's casing (uppercase)
copy Dockerfile /foo
COPY Dockerfile /bar
`,
    expected: [{ check: 'ConsistentInstructionCasing', line: 4, message: "Command 'copy' should match the case of the command majority (uppercase)" }],
  },
  {
    name: 'testFileConsistentCommandCasing #2',
    dockerfile: `
from scratch
# warning: 'COPY' should match command majority's casing (lowercase)
COPY Dockerfile /foo
copy Dockerfile /bar
`,
    expected: [{ check: 'ConsistentInstructionCasing', line: 4, message: "Command 'COPY' should match the case of the command majority (lowercase)" }],
  },
  {
    name: 'testFileConsistentCommandCasing #3',
    dockerfile: `
# warning: 'from' should match command majority's casing (uppercase)
from scratch
COPY Dockerfile /foo
COPY Dockerfile /bar
COPY Dockerfile /baz
`,
    expected: [{ check: 'ConsistentInstructionCasing', line: 3, message: "Command 'from' should match the case of the command majority (uppercase)" }],
  },
  {
    name: 'testFileConsistentCommandCasing #4',
    dockerfile: `
# warning: 'FROM' should match command majority's casing (lowercase)
FROM scratch
copy Dockerfile /foo
copy Dockerfile /bar
copy Dockerfile /baz
`,
    expected: [{ check: 'ConsistentInstructionCasing', line: 3, message: "Command 'FROM' should match the case of the command majority (lowercase)" }],
  },
  { name: 'testFileConsistentCommandCasing #5', dockerfile: '\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n', expected: [] },
  { name: 'testFileConsistentCommandCasing #6', dockerfile: '\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n', expected: [] },
  {
    name: 'testMaintainerDeprecated #1',
    dockerfile: '\nFROM scratch\nMAINTAINER me@example.org\n',
    expected: [{ check: 'MaintainerDeprecated', line: 3, message: 'Maintainer instruction is deprecated in favor of using label' }],
  },
  { name: 'testMaintainerDeprecated #2', dockerfile: '\nFROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n', expected: [] },
];

// The examples of BuildKit's reference pages (docs.docker.com/reference/build-checks/<check>/,
// vendored from moby/buildkit frontend/dockerfile/docs/rules/*.md), with their Output line.
const referencePages: typeof upstream = [
  { name: 'expose-proto-casing bad', dockerfile: 'FROM alpine\nEXPOSE 80/TcP\n', expected: [{ check: 'ExposeProtoCasing', line: 2, message: "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase" }] },
  { name: 'expose-proto-casing good', dockerfile: 'FROM alpine\nEXPOSE 80/tcp\n', expected: [] },
  {
    name: 'expose-invalid-format bad (IP and host port)',
    dockerfile: 'FROM alpine\nEXPOSE 127.0.0.1:80:80\n',
    expected: [{ check: 'ExposeInvalidFormat', line: 2, message: "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'" }],
  },
  {
    name: 'expose-invalid-format bad (host port)',
    dockerfile: 'FROM alpine\nEXPOSE 80:80\n',
    expected: [{ check: 'ExposeInvalidFormat', line: 2, message: "EXPOSE instruction should not define an IP address or host-port mapping, found '80:80'" }],
  },
  { name: 'expose-invalid-format good', dockerfile: 'FROM alpine\nEXPOSE 80\n', expected: [] },
  {
    name: 'duplicate-stage-name bad',
    dockerfile: 'FROM debian:latest AS builder\nRUN apt-get update; apt-get install -y curl\n\nFROM golang:latest AS builder\n',
    expected: [{ check: 'DuplicateStageName', line: 4, message: 'Duplicate stage name "builder", stage names should be unique' }],
  },
  { name: 'duplicate-stage-name good', dockerfile: 'FROM debian:latest AS deb-builder\nRUN apt-get update; apt-get install -y curl\n\nFROM golang:latest AS go-builder\n', expected: [] },
  { name: 'reserved-stage-name bad', dockerfile: 'FROM alpine AS scratch\nFROM alpine AS context\n', expected: [
    { check: 'ReservedStageName', line: 1, message: 'Stage name should not use the same name as reserved stage "scratch"' },
    { check: 'ReservedStageName', line: 2, message: 'Stage name should not use the same name as reserved stage "context"' },
  ] },
  { name: 'reserved-stage-name good', dockerfile: 'FROM alpine AS base\nFROM scratch\n', expected: [] },
];

describe('BuildKit lint cases (dockerfile_lint_test.go)', () => {
  for (const c of [...upstream, ...referencePages]) {
    it(c.name, () => {
      const expected = c.expected.map((e) => ({ rule: byCheck.get(e.check)!, line: e.line, message: e.message, severity: severityOf.get(byCheck.get(e.check)!) }));
      expect(lint(c.dockerfile)).toEqual(expected);
    });
  }
});

// Upstream at commit 641a8fd3: the cases of dockerfile_lint_test.go this file's table predates.
describe('BuildKit lint cases, later upstream (dockerfile_lint_test.go at 641a8fd3)', () => {
  const fromAs = (line: number, severity = 'warning') => ({ rule: 'from-as-casing', line, message: "'as' and 'FROM' keywords' casing do not match", severity });
  const composeArg = (value: string) => ({ 'compose.yaml': `services:\n  app:\n    build:\n      context: .\n      args:\n        BUILDKIT_DOCKERFILE_CHECK: "${value}"\n` });
  const body = 'FROM scratch as base\ncopy Dockerfile .\n';
  it('testRuleCheckOption', () => {
    expect(lint(`#check=skip=all\n${body}`)).toEqual([]);
    expect(lint(`#check=skip=all;error=true\n${body}`)).toEqual([]);
    expect(lint(`#check=skip=ConsistentInstructionCasing,FromAsCasing\n${body}`)).toEqual([]);
    expect(lint(`#check=skip=ConsistentInstructionCasing,FromAsCasing;error=true\n${body}`)).toEqual([]);
    expect(lint(`#check=skip=ConsistentInstructionCasing\n${body}`)).toEqual([fromAs(2)]);
    expect(lint(`#check=skip=ConsistentInstructionCasing;error=true\n${body}`)).toEqual([fromAs(2, 'error')]);
    expect(lint(`#check=skip=all\n${body}`, composeArg('skip=ConsistentInstructionCasing;error=true'))).toEqual([fromAs(2, 'error')]);
    expect(lint(`#check=error=true\n${body}`, composeArg('skip=all'))).toEqual([]);
  });
  it('testStageName (with the comment lines of the later version)', () => {
    expect(lint('\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning: \'as\' should match \'FROM\' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n')).toEqual([
      { rule: 'stage-name-casing', line: 4, message: "Stage name 'BadStageName' should be lowercase", severity: 'warning' },
      fromAs(8),
    ]);
  });
  it('testDuplicateStageName, testReservedStageName', () => {
    expect(lint('\nFROM scratch AS b\nFROM scratch AS b\n')).toEqual([{ rule: 'duplicate-stage-name', line: 3, message: 'Duplicate stage name "b", stage names should be unique', severity: 'error' }]);
    expect(lint('\nFROM scratch AS b1\nFROM scratch AS b2\n')).toEqual([]);
    expect(lint('\nFROM scratch AS scratch\nFROM scratch AS context\n')).toEqual([
      { rule: 'reserved-stage-name', line: 2, message: 'Stage name should not use the same name as reserved stage "scratch"', severity: 'warning' },
      { rule: 'reserved-stage-name', line: 3, message: 'Stage name should not use the same name as reserved stage "context"', severity: 'warning' },
    ]);
    expect(lint('\nFROM scratch\nFROM scratch AS a\n')).toEqual([]);
  });
  it('testWarningsBeforeError: the warnings before an unknown instruction are still reported', () => {
    expect(lint('\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n').map((f) => [f.rule, f.line])).toEqual([
      ['stage-name-casing', 2],
      ['maintainer-deprecated', 3],
    ]);
  });
  it('testCopyIgnoredFiles: copy-source-ignored reports what BuildKit fails on, with or without experimental=CopyIgnoredFile', () => {
    // Upstream: without the directive no warning, and the build fails at line 3 ("…\"/Dockerfile\": not found");
    // with it, CopyIgnoredFile at lines 3 and 4 — `skip=all` does not silence it. dockmend's
    // copy-source-ignored is always on: the build fails either way (an error where a documented
    // build runs it; here no compose file builds the Dockerfile, so its own certainty rules apply).
    const ignored = { '.dockerignore': '\nDockerfile\n' };
    for (const head of ['\n', '# check=experimental=CopyIgnoredFile\n', '# check=skip=all;experimental=CopyIgnoredFile\n']) {
      expect(lint(`${head}FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n`, ignored, ['copy-source-ignored']).map((f) => [f.rule, f.line])).toEqual([
        ['copy-source-ignored', 3],
        ['copy-source-ignored', 4],
      ]);
    }
    expect(lint('\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n', { '.dockerignore': '\nfoobar\n' }, ['copy-source-ignored'])).toEqual([]);
  });
});

describe('# check= directive (linter.ParseLintOptions, parser/directives.go)', () => {
  it('parses skip lists, skip=all and error', () => {
    expect(parseCheckOptions('skip=StageNameCasing, FromAsCasing;error=true')).toEqual({ skip: new Set(['StageNameCasing', 'FromAsCasing']), skipAll: false, error: true, experimental: new Set(), experimentalAll: false });
    expect(parseCheckOptions('skip=all;experimental=CopyIgnoredFile, InvalidDefinitionDescription;error=false')).toMatchObject({ skipAll: true, experimental: new Set(['CopyIgnoredFile', 'InvalidDefinitionDescription']) });
    expect(parseCheckOptions('experimental=all')).toMatchObject({ experimentalAll: true });
    // SplitN(…, ";", 3): a fourth part stays in the third one's value, which ParseBool rejects.
    expect(parseCheckOptions('skip=a;experimental=b;error=true;skip=c')).toBeNull();
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

describe('experimental checks (InvalidDefinitionDescription)', () => {
  // Upstream: testDefinitionDescription (dockerfile_lint_test.go, commit 641a8fd3).
  const described = '# check=experimental=InvalidDefinitionDescription\n# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n';
  const undescribed = '# check=experimental=InvalidDefinitionDescription\n# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n';
  const all = (dockerfile: string, extra: Record<string, string> = {}, options: Parameters<typeof detect>[1] = {}) =>
    detect(openSession(tree({ Dockerfile: dockerfile, ...extra })), options).findings.filter((f) => f.rule === 'invalid-definition-description').map((f) => ({ line: f.line, message: f.message, severity: f.severity }));
  const warn = (line: number, message: string) => ({ line, message, severity: 'warning' });

  it('testDefinitionDescription: the upstream cases agree', () => {
    expect(all(described)).toEqual([]);
    expect(all(undescribed)).toEqual([
      warn(3, 'Comment for ARG should follow the format: `# foo <description>`'),
      warn(5, 'Comment for FROM should follow the format: `# base <description>`'),
      warn(7, 'Comment for ARG should follow the format: `# version <description>`'),
      warn(9, 'Comment for ARG should follow the format: `# <arg_key> <description>`'),
    ]);
  });
  it('off by default: without experimental= in the directive nothing is reported', () => {
    const plain = undescribed.replace(/^# check=[^\n]*\n/, '');
    expect(all(plain)).toEqual([]);
    expect(all(`# check=error=true\n${plain}`)).toEqual([]);
  });
  it('experimental=all turns it on; skip= does not apply to an experimental check (linter.go Run); error=true raises it', () => {
    const body = '# not its name\nARG foo=1\n';
    expect(all(`# check=experimental=all\n${body}`).map((f) => f.line)).toEqual([3]);
    expect(all(`# check=skip=all;experimental=InvalidDefinitionDescription\n${body}`).map((f) => f.line)).toEqual([3]);
    expect(all(`# check=experimental=InvalidDefinitionDescription;error=true\n${body}`).map((f) => f.severity)).toEqual(['error']);
    expect(all(`# check=experimental=CopyIgnoredFile\n${body}`)).toEqual([]);
  });
  it('BUILDKIT_DOCKERFILE_CHECK in a compose build turns it on too', () => {
    const compose = 'services:\n  app:\n    build:\n      context: .\n      args:\n        BUILDKIT_DOCKERFILE_CHECK: experimental=InvalidDefinitionDescription\n';
    expect(all('# not its name\nARG foo=1\n', { 'compose.yaml': compose }).map((f) => f.line)).toEqual([2]);
  });
  it("dockmend's own configuration turns it on: a severity in rules, or --only", () => {
    const body = '# not its name\nARG foo=1\n';
    expect(all(body, {}, { rules: { 'invalid-definition-description': { severity: 'info' } } }).map((f) => f.severity)).toEqual(['info']);
    expect(all(body, {}, { only: ['invalid-definition-description'] }).map((f) => f.line)).toEqual([2]);
  });
  it('an empty # line or a blank line ends the description block; a comment two lines up still counts', () => {
    const on = '# check=experimental=InvalidDefinitionDescription\n';
    expect(all(`${on}# not it\n#\nARG foo=1\n# not it\n\nARG bar=1\n`)).toEqual([]);
    expect(all(`${on}# foo is the first\n# not it\nARG foo=1\n`).map((f) => f.line)).toEqual([4]);
  });
});

describe('fixes', () => {
  function fixed(dockerfile: string, only: readonly string[] = ourRules) {
    const root = tree({ Dockerfile: dockerfile });
    const first = fixOnce(root, { only: [...only] });
    const after = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const second = fixOnce(root, { only: [...only] });
    expect(second.files).toEqual([]); // idempotent
    expect(second.findings).toEqual([]);
    // the fixed Dockerfile lexes to the same instructions
    // (the MAINTAINER fix replaces the instruction by a LABEL)
    expect(lexDockerfile(after).instructions.map((i) => i.keyword)).toEqual(lexDockerfile(dockerfile).instructions.map((i) => (i.keyword === 'MAINTAINER' ? 'LABEL' : i.keyword)));
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
    expect(fixed('from alpine AS base\nFROM base as final\n', ['from-as-casing']).after).toBe('from alpine as base\nFROM base AS final\n');
  });

  it('near misses: lowercase names, a mixed-case From, no AS', () => {
    expect(lint('FROM alpine AS base\nFROM base\nfrom base as b2\nFrom base as b3\nFROM --platform=$BUILDPLATFORM Alpine\n', {}, ['stage-name-casing', 'from-as-casing'])).toEqual([]);
  });

  it('consistent-instruction-casing writes keywords in the majority casing, ONBUILD triggers untouched', () => {
    expect(fixed('FROM alpine\r\nrun echo a \\\r\n  b\r\nCopy . .\r\nONBUILD run x\r\n', ['consistent-instruction-casing']).after).toBe('FROM alpine\r\nRUN echo a \\\r\n  b\r\nCOPY . .\r\nONBUILD run x\r\n');
    expect(lint('from a\nrun b\nCOPY c d\nCOPY e f\n', {}, ['consistent-instruction-casing']).map((f) => [f.line, f.message])).toEqual([
      [1, "Command 'from' should match the case of the command majority (uppercase)"],
      [2, "Command 'run' should match the case of the command majority (uppercase)"],
    ]);
    // global ARGs are meta args, outside the stages validateCommandCasing walks
    expect(lint('arg BASE=alpine\nARG TAG\nFROM $BASE:$TAG\nRUN b\n', {}, ['consistent-instruction-casing'])).toEqual([]);
    expect(lint('ARG BASE=alpine\nfrom $BASE\nrun b\nCOPY c d\n', {}, ['consistent-instruction-casing']).map((f) => f.line)).toEqual([4]);
  });

  it('no-empty-continuation drops the blank lines and keeps comment lines', () => {
    const { after } = fixed('FROM alpine\nRUN apk add \\\n\n    # the shell\n    bash \\\n   \t\n    curl\nRUN true\n', ['no-empty-continuation']);
    expect(after).toBe('FROM alpine\nRUN apk add \\\n    # the shell\n    bash \\\n    curl\nRUN true\n');
    expect(lint('FROM alpine\nRUN apk add \\\n\n    bash \\\n\n    curl\n', {}, ['no-empty-continuation']).map((f) => f.line)).toEqual([6]);
    // near misses: a blank line after an instruction, a comment line inside a continuation
    expect(lint('FROM alpine\n\nRUN a \\\n  # c\n  b\n\nRUN c\n', {}, ['no-empty-continuation'])).toEqual([]);
  });

  it('maintainer-deprecated becomes an OCI authors label, quoted for LABEL', () => {
    expect(fixed('FROM alpine\r\nMAINTAINER Jane "JD" Doe <jane@example.org> $HOME\r\n', ['maintainer-deprecated']).after).toBe(
      'FROM alpine\r\nLABEL org.opencontainers.image.authors="Jane \\"JD\\" Doe <jane@example.org> \\$HOME"\r\n',
    );
    expect(fixed('from alpine\nmaintainer me@example.org\n', ['maintainer-deprecated']).after).toBe('from alpine\nlabel org.opencontainers.image.authors="me@example.org"\n');
  });

  it('maintainer-deprecated gives no fix for a continued MAINTAINER', () => {
    const root = tree({ Dockerfile: 'FROM alpine\nMAINTAINER a \\\n  b\n' });
    const { findings } = detect(openSession(root), { only: ['maintainer-deprecated'] });
    expect(findings.map((f) => [f.line, f.fixes.length])).toEqual([[2, 0]]);
  });

  it('expose-proto-casing lowercases the protocol only', () => {
    expect(fixed('FROM alpine\nEXPOSE 80/TCP 53/Udp 443 8080/tcp\n', ['expose-proto-casing']).after).toBe('FROM alpine\nEXPOSE 80/tcp 53/udp 443 8080/tcp\n');
    expect(lint('FROM alpine\nEXPOSE ${PORT}/TCP 80\n', {}, ['expose-proto-casing'])).toEqual([]);
  });

  it('duplicate and reserved stage names: near misses', () => {
    expect(lint('FROM a AS base\nFROM b AS Base2\nFROM scratch\nFROM c AS scratch-2\n', {}, ['duplicate-stage-name', 'reserved-stage-name'])).toEqual([]);
    expect(lint('FROM a AS base\nFROM b AS BASE\n', {}, ['duplicate-stage-name']).map((f) => [f.line, f.severity])).toEqual([[2, 'error']]);
  });

  it('expose-invalid-format keeps only the container port when BuildKit accepts the spec', () => {
    expect(fixed('FROM alpine\r\nEXPOSE 127.0.0.1:8080:80/udp [::1]:53:53 9000-9001:9000-9001 443\r\n', ['expose-invalid-format']).after).toBe(
      'FROM alpine\r\nEXPOSE 80/udp 53 9000-9001 443\r\n',
    );
    // a spec BuildKit rejects (bad IP, mismatched ranges) is reported without a fix
    const root = tree({ Dockerfile: 'FROM alpine\nEXPOSE localhost:80:80 80-81:90-92 ${HOST}:80\n' });
    const { findings } = detect(openSession(root), { only: ['expose-invalid-format'] });
    expect(findings.map((f) => [f.line, f.fixes.length])).toEqual([[2, 0], [2, 0]]);
  });

  it('expose-proto-casing: an unknown protocol fails the build before the check (not reported)', () => {
    expect(lint('FROM alpine\nEXPOSE 80/HTTP /TCP\n', {}, ['expose-proto-casing'])).toEqual([]);
    expect(lint('FROM alpine\nEXPOSE 8080:80/SCTP\n', {}, ['expose-proto-casing']).map((f) => f.message)).toEqual(["Defined protocol '8080:80/SCTP' in EXPOSE instruction should be lowercase"]);
  });
});
