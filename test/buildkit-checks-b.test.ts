// BuildKit's own lint cases for the build checks implemented by json-args-recommended,
// workdir-relative-path, redundant-target-platform and from-platform-flag-const-disallowed,
// ported from moby/buildkit frontend/dockerfile/dockerfile_lint_test.go (commit 641a8fd3):
// testJSONArgsRecommended, testWorkdirRelativePath, testRedundantTargetPlatform,
// testFromPlatformFlagConstDisallowed, testLegacyKeyValueFormat, testMultipleInstructionsDisallowed,
// testSecretsUsedInArgOrEnv, testUndeclaredArg, testInvalidDefaultArgInFrom (Unix variants). Each case is the Dockerfile BuildKit lints and the warnings
// it expects (rule, line, detail); dockmend must report exactly those, with BuildKit's detail.
import { describe, expect, it } from 'vitest';
import { detect, openSession } from '../src/fix/engine.js';
import { parseInstructions } from '../src/dockerfile/model.js';
import { tree, fixOnce } from './helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const RULES: Record<string, string> = {
  JSONArgsRecommended: 'json-args-recommended',
  WorkdirRelativePath: 'workdir-relative-path',
  RedundantTargetPlatform: 'redundant-target-platform',
  FromPlatformFlagConstDisallowed: 'from-platform-flag-const-disallowed',
  LegacyKeyValueFormat: 'legacy-key-value-format',
  MultipleInstructionsDisallowed: 'multiple-instructions-disallowed',
  SecretsUsedInArgOrEnv: 'secrets-used-in-arg-or-env',
  UndefinedArgInFrom: 'undefined-arg-in-from',
  InvalidDefaultArgInFrom: 'invalid-default-arg-in-from',
  UndefinedVar: 'undefined-var',
};

interface Case {
  source: string;
  dockerfile: string;
  warnings: { rule: string; line: number; detail: string }[];
}

const multiple = (kw: string, line: number) => ({ rule: 'MultipleInstructionsDisallowed', line, detail: `Multiple ${kw} instructions should not be used in the same stage because only the last one will be used` });
const legacy = (kw: string, line: number) => ({ rule: 'LegacyKeyValueFormat', line, detail: `"${kw} key=value" should be used instead of legacy "${kw} key value" format` });
const secret = (what: string, line: number) => ({ rule: 'SecretsUsedInArgOrEnv', line, detail: `Do not use ARG or ENV instructions for sensitive data (${what})` });
const undef = (name: string, line: number, hint?: string) => ({ rule: 'UndefinedArgInFrom', line, detail: `FROM argument '${name}' is not declared${hint ? ` (did you mean ${hint}?)` : ''}` });
const invalid = (from: string, line: number) => ({ rule: 'InvalidDefaultArgInFrom', line, detail: `Default value for ARG ${from} results in empty or invalid base image name` });
const undefVar = (name: string, line: number, hint?: string) => ({ rule: 'UndefinedVar', line, detail: `Usage of undefined variable '$${name}'${hint ? ` (did you mean $${hint}?)` : ''}` });
const jsonArgs = (kw: string) => `JSON arguments recommended for ${kw} to prevent unintended behavior related to OS signals`;

const CASES: Case[] = [
  // testJSONArgsRecommended
  { source: 'testJSONArgsRecommended#1', dockerfile: '\nFROM scratch\nCMD mycommand\n', warnings: [{ rule: 'JSONArgsRecommended', line: 3, detail: jsonArgs('CMD') }] },
  { source: 'testJSONArgsRecommended#2', dockerfile: '\nFROM scratch\nENTRYPOINT mycommand\n', warnings: [{ rule: 'JSONArgsRecommended', line: 3, detail: jsonArgs('ENTRYPOINT') }] },
  { source: 'testJSONArgsRecommended#3', dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n', warnings: [] },
  { source: 'testJSONArgsRecommended#4', dockerfile: '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nENTRYPOINT mycommand\n', warnings: [] },
  { source: 'testJSONArgsRecommended#5', dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n', warnings: [] },
  { source: 'testJSONArgsRecommended#6', dockerfile: '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand\n', warnings: [] },
  // testWorkdirRelativePath
  {
    source: 'testWorkdirRelativePath#1',
    dockerfile: '\nFROM scratch\nWORKDIR app/\n',
    warnings: [{ rule: 'WorkdirRelativePath', line: 3, detail: 'Relative workdir "app/" can have unexpected results if the base image changes' }],
  },
  { source: 'testWorkdirRelativePath#2', dockerfile: '\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n', warnings: [] },
  // testRedundantTargetPlatform
  {
    source: 'testRedundantTargetPlatform#1',
    dockerfile: '\nFROM --platform=$TARGETPLATFORM scratch\n',
    warnings: [{ rule: 'RedundantTargetPlatform', line: 2, detail: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior' }],
  },
  {
    source: 'testRedundantTargetPlatform#2',
    dockerfile: '\nFROM --platform=${TARGETPLATFORM} scratch\n',
    warnings: [{ rule: 'RedundantTargetPlatform', line: 2, detail: 'Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior' }],
  },
  // testFromPlatformFlagConstDisallowed
  {
    source: 'testFromPlatformFlagConstDisallowed#1',
    dockerfile: '\nFROM --platform=linux/amd64 scratch\n',
    warnings: [{ rule: 'FromPlatformFlagConstDisallowed', line: 2, detail: 'FROM --platform flag should not use constant value "linux/amd64"' }],
  },
  { source: 'testFromPlatformFlagConstDisallowed#2', dockerfile: '\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n', warnings: [] },
  { source: 'testFromPlatformFlagConstDisallowed#3', dockerfile: '\nFROM --platform=linux/amd64 scratch AS linux\n', warnings: [] },
  // testMultipleInstructionsDisallowed
  {
    source: 'testMultipleInstructionsDisallowed#1',
    dockerfile: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    warnings: [multiple('ENTRYPOINT', 3), multiple('CMD', 5), multiple('HEALTHCHECK', 7)],
  },
  {
    source: 'testMultipleInstructionsDisallowed#2',
    dockerfile: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    warnings: [multiple('ENTRYPOINT', 3), multiple('CMD', 4), multiple('HEALTHCHECK', 5)],
  },
  {
    source: 'testMultipleInstructionsDisallowed#3',
    dockerfile: '\nFROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n\nFROM a AS b\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
    warnings: [],
  },
  // testLegacyKeyValueFormat. The third case's stage b is not reached by the build (the target
  // is the last stage, c): BuildKit's build reports nothing (`Warnings` is empty upstream); only
  // its lint subrequest (`docker build --check`, `UnmarshalWarnings`) lints every stage. dockmend
  // reports what the build prints.
  { source: 'testLegacyKeyValueFormat#1', dockerfile: '\nFROM scratch\nENV testkey value\nLABEL key value\n', warnings: [legacy('ENV', 3), legacy('LABEL', 4)] },
  { source: 'testLegacyKeyValueFormat#2', dockerfile: '\nFROM scratch\nENV testkey=value\nLABEL key=value\n', warnings: [] },
  { source: 'testLegacyKeyValueFormat#3', dockerfile: '\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n', warnings: [] },
  // testSecretsUsedInArgOrEnv
  {
    source: 'testSecretsUsedInArgOrEnv#1',
    dockerfile: '\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n',
    warnings: [
      secret('ARG "SECRET_PASSPHRASE"', 3),
      secret('ENV "SUPER_Secret"', 4),
      secret('ENV "password"', 5),
      secret('ENV "secret"', 5),
      secret('ARG "auth"', 6),
      secret('ARG "super_duper_secret_token"', 6),
      secret('ENV "apikey"', 7),
      secret('ENV "git_key"', 8),
    ],
  },
  // testUndeclaredArg
  { source: 'testUndeclaredArg#1', dockerfile: '\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n', warnings: [] },
  { source: 'testUndeclaredArg#2', dockerfile: '\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n', warnings: [] },
  { source: 'testUndeclaredArg#3', dockerfile: '\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n', warnings: [] },
  { source: 'testUndeclaredArg#4', dockerfile: '\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n', warnings: [] },
  { source: 'testUndeclaredArg#5', dockerfile: '\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n', warnings: [] },
  { source: 'testUndeclaredArg#6', dockerfile: '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n', warnings: [] },
  { source: 'testUndeclaredArg#7', dockerfile: '\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n', warnings: [undef('BULIDPLATFORM', 2, 'BUILDPLATFORM')] },
  { source: 'testUndeclaredArg#8', dockerfile: '\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n\t', warnings: [undef('MYARCH', 4, 'MY_ARCH')] },
  { source: 'testUndeclaredArg#9', dockerfile: '\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n', warnings: [undef('version', 3)] },
  // testInvalidDefaultArgInFrom
  { source: 'testInvalidDefaultArgInFrom#1', dockerfile: '\nARG VERSION\nFROM busybox:$VERSION\n', warnings: [invalid('busybox:$VERSION', 3)] },
  { source: 'testInvalidDefaultArgInFrom#2', dockerfile: '\nARG IMAGE\nFROM $IMAGE\n', warnings: [invalid('$IMAGE', 3)] },
  { source: 'testInvalidDefaultArgInFrom#3', dockerfile: '\nARG SFX="box:"\nFROM busy${SFX}\n', warnings: [invalid('busy${SFX}', 3)] },
  { source: 'testInvalidDefaultArgInFrom#4', dockerfile: '\nARG VERSION="latest"\nFROM busybox:${VERSION}\n', warnings: [] },
  { source: 'testInvalidDefaultArgInFrom#5', dockerfile: '\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n', warnings: [] },
  { source: 'testInvalidDefaultArgInFrom#6', dockerfile: '\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t', warnings: [] },
  // testAllTargetUnmarshal: the build (target: the last stage) reports $bar only; $foo, in a stage
  // no build reaches, only in BuildKit's lint subrequest (`docker build --check`).
  { source: 'testAllTargetUnmarshal', dockerfile: '\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n', warnings: [undefVar('bar', 6)] },
  // testUnmatchedVars (Unix variants: the base image is alpine). BuildKit reads alpine's
  // environment (PATH only); dockmend does not pull images, so in a stage built on one it reports
  // only what no image environment could excuse (used before its ARG, a typo of a variable in
  // scope), and as info: see 'undefined-var: severity by what dockmend knows' below.
  { source: 'testUnmatchedVars#1', dockerfile: '\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n', warnings: [] },
  { source: 'testUnmatchedVars#2', dockerfile: '\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n', warnings: [] },
  { source: 'testUnmatchedVars#3', dockerfile: '\nFROM alpine\nRUN echo $PATH\n', warnings: [] },
  { source: 'testUnmatchedVars#4', dockerfile: '\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n', warnings: [undefVar('foo', 3)] },
  {
    source: 'testUnmatchedVars#5',
    dockerfile: '\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n\t',
    warnings: [undefVar('DIR_ASSET', 6, 'DIR_ASSETS')],
  },
  { source: 'testUnmatchedVars#6', dockerfile: '\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n\t\t', warnings: [undefVar('PAHT', 3, 'PATH')] },
  // Cases of other BuildKit tests whose Dockerfiles touch these rules and expect none of them.
];

/**
 * The Dockerfile with a last stage that copies from every stage, so that the build reaches all
 * of them (the checks that run while a stage is dispatched skip the stages a build never runs).
 * Line numbers of the original stay as they are.
 */
function allStagesBuilt(dockerfile: string): string {
  const stages = dockerfile.match(/^[ \t]*from[ \t]/gim)?.length ?? 0;
  return `${dockerfile}${dockerfile.endsWith('\n') ? '' : '\n'}FROM scratch AS all\n${Array.from({ length: stages }, (_, i) => `COPY --from=${i} / /${i}\n`).join('')}`;
}

function lint(dockerfile: string) {
  const root = tree({ Dockerfile: dockerfile });
  return detect(openSession(root), { only: Object.values(RULES) }).findings.map((f) => ({ rule: f.rule, line: f.line, detail: f.message }));
}

describe('BuildKit lint cases (dockerfile_lint_test.go)', () => {
  for (const c of CASES) {
    it(c.source, () => {
      const expected = c.warnings.map((w) => ({ rule: RULES[w.rule], line: w.line, detail: w.detail }));
      // dockmend keeps BuildKit's detail and may add a sentence after it (secrets: where they go instead).
      const actual = lint(c.dockerfile).map((f) => {
        const kept = c.warnings.find((w) => RULES[w.rule] === f.rule && w.line === f.line && f.detail.startsWith(w.detail));
        return kept ? { ...f, detail: kept.detail } : f;
      });
      expect(actual).toEqual(expected);
    });
  }
});

/** Applies the rule's fixes (unsafe included), checks the Dockerfile still parses as the same instructions, and that a second pass changes nothing. */
function fixed(dockerfile: string, rule: string, removed = 0): string {
  const root = tree({ Dockerfile: dockerfile });
  fixOnce(root, { only: [rule], unsafe: true });
  const after = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const second = fixOnce(root, { only: [rule], unsafe: true });
  expect(second.files).toEqual([]);
  expect(parseInstructions(after).getInstructions().length).toBe(parseInstructions(dockerfile).getInstructions().length - removed);
  return after;
}

describe('json-args-recommended', () => {
  it('reports shell-form CMD/ENTRYPOINT in every stage without a SHELL, with positions', () => {
    const df = allStagesBuilt('FROM node:20 AS build\nRUN npm ci\nCMD npm start\n\nFROM build AS test\nSHELL ["/bin/bash", "-c"]\nCMD npm test\n\nFROM alpine\nENTRYPOINT ["/app"]\nCMD --port 80\n');
    expect(lint(df)).toEqual([
      { rule: 'json-args-recommended', line: 3, detail: jsonArgs('CMD') },
      { rule: 'json-args-recommended', line: 11, detail: jsonArgs('CMD') },
    ]);
  });
  it('a SHELL after the CMD, or in an unrelated stage, does not count', () => {
    const df = 'FROM alpine AS a\nSHELL ["/bin/ash", "-c"]\nFROM alpine\nCMD run\nSHELL ["/bin/ash", "-c"]\n';
    expect(lint(df).map((f) => f.line)).toEqual([4]);
  });
  it('JSON form, empty CMD and ONBUILD CMD are not reported', () => {
    expect(lint('FROM alpine\nCMD ["a", "b"]\nENTRYPOINT [ "x" ]\nONBUILD CMD x\n')).toEqual([]);
  });
  it('fix: plain words become the JSON form (unsafe), byte-faithful around it', () => {
    const df = allStagesBuilt('FROM alpine\r\n# start\r\nCMD   node server.js --port=8080   \r\nFROM alpine\r\nENTRYPOINT /usr/bin/tini -- run\r\n');
    expect(fixed(df, 'json-args-recommended')).toBe(allStagesBuilt('FROM alpine\r\n# start\r\nCMD   ["node", "server.js", "--port=8080"]   \r\nFROM alpine\r\nENTRYPOINT ["/usr/bin/tini", "--", "run"]\r\n'));
  });
  it('no fix where ENTRYPOINT and CMD meet in one image (JSON form would change what runs)', () => {
    const df = allStagesBuilt('FROM alpine AS a\nENTRYPOINT /entry.sh\nFROM a\nCMD run\nFROM alpine\nENTRYPOINT ["/e"]\nCMD go\nFROM alpine\nCMD x\nENTRYPOINT y\n');
    const root = tree({ Dockerfile: df });
    const { findings } = detect(openSession(root), { only: ['json-args-recommended'] });
    expect(findings.map((f) => [f.line, f.fixes.length])).toEqual([[2, 0], [4, 0], [7, 0], [9, 0], [10, 0]]);
  });
  it('fix: only unsafe', () => {
    const root = tree({ Dockerfile: 'FROM alpine\nCMD node server.js\n' });
    const { findings } = detect(openSession(root), { only: ['json-args-recommended'] });
    expect(findings[0].fixes.map((f) => f.applicability)).toEqual(['unsafe']);
  });
  it('no fix when the command needs a shell', () => {
    for (const cmd of [
      'echo $HOME', 'a && b', 'a | b', 'a > log', 'ls *.txt', 'echo "hi there"', "echo 'x'", 'a; b', 'exec node x',
      'FOO=1 node x', 'cd /app', 'echo ~', 'sh -c x \\\n  y', 'a `b`', 'node x # comment', 'a || b', 'run (x)',
    ]) {
      const root = tree({ Dockerfile: `FROM alpine\nCMD ${cmd}\n` });
      const { findings } = detect(openSession(root), { only: ['json-args-recommended'] });
      expect(findings.map((f) => f.fixes.length), cmd).toEqual([0]);
    }
  });
  it('no fix in a Windows stage (the default shell is cmd)', () => {
    const root = tree({ Dockerfile: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD app.exe\n' });
    const { findings } = detect(openSession(root), { only: ['json-args-recommended'] });
    expect(findings.map((f) => f.fixes.length)).toEqual([0]);
  });
});

describe('workdir-relative-path', () => {
  it('only the first WORKDIR of a stage chain; absolute, variable, quoted and Windows paths are not reported', () => {
    const df = allStagesBuilt('FROM alpine\nWORKDIR app\nWORKDIR sub\nFROM alpine AS b\nWORKDIR /srv\nFROM b\nWORKDIR rel\nFROM alpine\nWORKDIR $HOME/x\nFROM alpine\nWORKDIR "x"\nFROM mcr.microsoft.com/windows/nanoserver\nWORKDIR app\nFROM alpine\nWORKDIR src/app\n');
    expect(lint(df)).toEqual([
      { rule: 'workdir-relative-path', line: 2, detail: 'Relative workdir "app" can have unexpected results if the base image changes' },
      { rule: 'workdir-relative-path', line: 15, detail: 'Relative workdir "src/app" can have unexpected results if the base image changes' },
    ]);
  });
});

describe('redundant-target-platform', () => {
  it('near misses: other variables, a default, a redeclared global ARG', () => {
    expect(lint('FROM --platform=$BUILDPLATFORM golang AS b\nFROM --platform=${TARGETPLATFORM:-linux/amd64} alpine AS c\nFROM --platform=$TARGETOS/$TARGETARCH alpine\n')).toEqual([]);
    expect(lint('ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine\n')).toEqual([]);
  });
  it('fix: drops the flag and its blank, keeps the rest (safe), idempotent', () => {
    const df = 'FROM  --platform=$TARGETPLATFORM   --quiet alpine:3 AS run # x\r\nRUN true\r\nFROM --platform=${TARGETPLATFORM} \\\r\n  node\r\n';
    expect(fixed(df, 'redundant-target-platform')).toBe('FROM  --quiet alpine:3 AS run # x\r\nRUN true\r\nFROM \\\r\n  node\r\n');
    const root = tree({ Dockerfile: df });
    const { findings } = detect(openSession(root), { only: ['redundant-target-platform'] });
    expect(findings.map((f) => [f.line, f.fixes[0].applicability])).toEqual([[1, 'safe'], [3, 'safe']]);
  });
});

describe('from-platform-flag-const-disallowed', () => {
  it('reports constant platforms unless the stage name carries the OS or architecture', () => {
    const df = 'FROM --platform=linux/arm64/v8 alpine AS build\nFROM --platform=linux/x86_64 alpine AS build-amd64\nFROM --platform=$BUILDPLATFORM alpine\nFROM --platform=linux alpine\nFROM --platform="linux/amd64" alpine AS final\n';
    expect(lint(df)).toEqual([
      { rule: 'from-platform-flag-const-disallowed', line: 1, detail: 'FROM --platform flag should not use constant value "linux/arm64/v8"' },
      { rule: 'from-platform-flag-const-disallowed', line: 5, detail: 'FROM --platform flag should not use constant value "linux/amd64"' },
    ]);
  });
});

describe('legacy-key-value-format', () => {
  it('fix: quotes the value so BuildKit reads back the same (safe), byte-faithful, idempotent', () => {
    const df = 'FROM alpine\r\nENV PATH /usr/local/bin:$PATH\r\nLABEL description A small   image\r\nENV GREETING "hello world"\r\nENV MSG it\'s\r\n# c\r\nENV A=b\r\n';
    expect(fixed(df, 'legacy-key-value-format')).toBe(
      'FROM alpine\r\nENV PATH="/usr/local/bin:$PATH"\r\nLABEL description="A small   image"\r\nENV GREETING="hello world"\r\nENV MSG=it\'s\r\n# c\r\nENV A=b\r\n',
    );
  });
  it('reports every legacy ENV/LABEL with its line; no fix for a value that spans lines; a one-word value with a quote is kept as is', () => {
    const df = 'FROM alpine\nENV A=1 B=2\nENV MSG it\'s\nENV X a \\\n  b\nLABEL "k=v"\nENV C\n';
    const root = tree({ Dockerfile: df });
    const { findings } = detect(openSession(root), { only: ['legacy-key-value-format'] });
    expect(findings.map((f) => [f.line, f.fixes.length])).toEqual([[3, 1], [4, 0]]);
  });
  it('the rewritten value is the one BuildKit read before', () => {
    // parseWords of the new form gives back key="value" as one word whose unquoted value is the old value
    const df = 'FROM alpine\nENV JAVA_OPTS -Xmx1g -Dfile.encoding=UTF-8\n';
    expect(fixed(df, 'legacy-key-value-format')).toBe('FROM alpine\nENV JAVA_OPTS="-Xmx1g -Dfile.encoding=UTF-8"\n');
  });
});

describe('multiple-instructions-disallowed', () => {
  it('fix: removes the overridden instruction with its line (unsafe), idempotent', () => {
    const df = 'FROM alpine\r\nCMD ["a"]\r\nRUN true\r\nCMD ["b", \\\r\n  "c"]\r\nCMD ["d"]\r\n';
    expect(fixed(df, 'multiple-instructions-disallowed', 2)).toBe('FROM alpine\r\nRUN true\r\nCMD ["d"]\r\n');
    const root = tree({ Dockerfile: df });
    const { findings } = detect(openSession(root), { only: ['multiple-instructions-disallowed'] });
    expect(findings.map((f) => [f.line, f.fixes[0].applicability])).toEqual([[2, 'unsafe'], [4, 'unsafe']]);
  });
  it('near misses: one of each per stage, ONBUILD, HEALTHCHECK CMD is not a CMD', () => {
    expect(lint('FROM alpine\nCMD ["a"]\nENTRYPOINT ["b"]\nHEALTHCHECK CMD true\nONBUILD CMD ["x"]\nFROM alpine\nCMD ["c"]\n')).toEqual([]);
  });
});

describe('secrets-used-in-arg-or-env', () => {
  it('word-boundary tokens only; allow tokens; the message points to a secret mount', () => {
    const root = tree({ Dockerfile: 'FROM alpine\nARG MONKEY NPM_TOKEN GPG_KEY_FILE APP_VERSION TOKEN_VERSION\nENV AWS_SECRET_ACCESS_KEY x\nENV KEYCLOAK_URL=http://k\n' });
    const { findings } = detect(openSession(root), { only: ['secrets-used-in-arg-or-env'] });
    expect(findings.map((f) => [f.line, f.fixes.length])).toEqual([[2, 0], [3, 0]]);
    expect(findings[0].message).toContain('"NPM_TOKEN"');
    expect(findings[1].message).toContain('"AWS_SECRET_ACCESS_KEY"');
    expect(findings[0].message).toContain('RUN --mount=type=secret');
  });
});

describe('undefined-arg-in-from', () => {
  it('fix: renames the reference to the one declared ARG BuildKit suggests (safe), idempotent', () => {
    const df = 'ARG NODE_VERSION=20\r\nFROM node:${NODE_VERSON}-alpine AS build\r\nFROM --platform=$BULIDPLATFORM golang\r\n';
    expect(fixed(df, 'undefined-arg-in-from')).toBe('ARG NODE_VERSION=20\r\nFROM node:${NODE_VERSION}-alpine AS build\r\nFROM --platform=$BUILDPLATFORM golang\r\n');
  });
  it('no suggestion (and no fix) when nothing is within 2 edits or two are equally close', () => {
    const root = tree({ Dockerfile: 'ARG V1=1\nARG V2=2\nFROM alpine:$V3\nFROM alpine:${TAG}\nARG TAG\nFROM alpine:${TAG}\n' });
    const { findings } = detect(openSession(root), { only: ['undefined-arg-in-from'] });
    // TAG is declared (in a stage): BuildKit's check keys include every ARG of the Dockerfile.
    expect(findings.map((f) => [f.line, f.message, f.fixes.length])).toEqual([[3, "FROM argument 'V3' is not declared", 0]]);
  });
});

describe('invalid-default-arg-in-from', () => {
  it('reference grammar of distribution/reference', async () => {
    const { isNormalizedNamed } = await import('../src/detectors/invalid-default-arg-in-from.js');
    for (const ok of ['scratch', 'alpine', 'alpine:3.20', 'ghcr.io/a/b:1', 'localhost:5000/x', 'Registry.Example.com/app', 'node:20-alpine@sha256:' + 'a'.repeat(64)]) expect(isNormalizedNamed(ok), ok).toBe(true);
    for (const bad of ['', 'alpine:', ':latest', 'Alpine', '/app', 'app/', 'a'.repeat(64), 'node:-alpine']) expect(isNormalizedNamed(bad), bad).toBe(false);
  });
  it('only images written with a variable; an undeclared variable is left to undefined-arg-in-from', () => {
    expect(lint('ARG REGISTRY\nFROM ${REGISTRY}/app:1\nARG TAG=1\nFROM app:${TAG}\nFROM app:${NOPE}\nFROM ${REGISTRY:-docker.io}/app\n').filter((f) => f.rule === 'invalid-default-arg-in-from').map((f) => f.line)).toEqual([2]);
  });
});

describe('undefined-var', () => {
  const findings = (dockerfile: string, files: Record<string, string> = {}) =>
    detect(openSession(tree({ Dockerfile: dockerfile, ...files })), { only: ['undefined-var'] }).findings.map((f) => [f.line, f.severity, f.message.split('.')[0], f.fixes.length]);

  it('severity by what dockmend knows: warning from scratch, info on an external image, nothing where the image may define it', () => {
    const df = 'FROM scratch AS s\nCOPY $foo /\nFROM alpine AS a\nCOPY $foo /\nCOPY $bar /\nARG bar=1\nFROM s\nCOPY $baz /\nFROM a\nCOPY $foo $bar /\n';
    expect(findings(allStagesBuilt(df))).toEqual([
      [2, 'warning', "Usage of undefined variable '$foo'", 0],
      [5, 'info', "Usage of undefined variable '$bar'", 0],
      [8, 'warning', "Usage of undefined variable '$baz'", 0],
    ]);
  });
  it('scope: earlier ENV/ARG of the stage chain, a redeclared global ARG, platform ARGs only when redeclared; expansion before the instruction applies', () => {
    const df = 'ARG G=1\nARG H=2\nFROM scratch AS base\nENV E=1\nARG A\nFROM base\nARG G\nARG TARGETOS\nCOPY $E $A $G $TARGETOS /\nCOPY $H $TARGETARCH /\nENV X=1 Y=$X\nARG P=$P\nENV Q ${Q}\n';
    expect(findings(df).map((f) => [f[0], f[2]])).toEqual([
      [10, "Usage of undefined variable '$H'"],
      [10, "Usage of undefined variable '$TARGETARCH'"],
      [11, "Usage of undefined variable '$X'"],
      [12, "Usage of undefined variable '$P'"],
      [13, "Usage of undefined variable '$Q'"],
    ]);
  });
  it('which words are checked: not RUN/CMD/ENTRYPOINT/HEALTHCHECK/EXPOSE, not single-quoted or escaped, not COPY --from/--chmod; ${X:-d} reads X', () => {
    const df = "FROM scratch\nRUN echo $A\nCMD echo $A\nENTRYPOINT $A\nHEALTHCHECK CMD $A\nEXPOSE $A\nLABEL a='$A' b=\\$A\nCOPY --chmod=$A --chown=$B x /\nADD --checksum=$C x /\nWORKDIR ${D:-/}\nUSER $E\nVOLUME $F\nSTOPSIGNAL $G\nLABEL k=\"$H\"\n";
    expect(findings(df).map((f) => f[2])).toEqual(['B', 'C', 'D', 'E', 'F', 'G', 'H'].map((n) => `Usage of undefined variable '$${n}'`));
  });
  it('an ARG default a compose build passes is not expanded (dispatchArg), so not checked', () => {
    const compose = 'services:\n  app:\n    build:\n      context: .\n      args:\n        - V=2\n';
    expect(findings('FROM scratch\nARG V=$V\nARG W=$W\n', { 'compose.yaml': compose }).map((f) => f[0])).toEqual([3]);
  });
  it('fix: renames every reference in the instruction to the suggestion (unsafe), idempotent', () => {
    const df = 'FROM scratch\r\nARG APP_DIR=/app\r\nCOPY a ${APP_DRI}/a \\\r\n  $APP_DRI/\r\nENV PATH=$PAHT:/bin\r\n';
    expect(fixed(df, 'undefined-var')).toBe('FROM scratch\r\nARG APP_DIR=/app\r\nCOPY a ${APP_DIR}/a \\\r\n  $APP_DIR/\r\nENV PATH=$PATH:/bin\r\n');
    const { findings: found } = detect(openSession(tree({ Dockerfile: df })), { only: ['undefined-var'] });
    expect(found.map((f) => f.fixes.map((x) => x.applicability))).toEqual([['unsafe'], ['unsafe']]);
  });
  it('a stage a compose additional_contexts entry replaces is not dispatched, and what is built FROM it is unknown', () => {
    const compose = 'services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n        base: docker-image://alpine\n';
    expect(findings('FROM scratch AS base\nCOPY $A /\nFROM base\nCOPY $B /\n', { 'compose.yaml': compose })).toEqual([]);
    expect(findings('FROM scratch AS base\nCOPY $A /\nFROM base\nCOPY $B /\n').map((f) => f[0])).toEqual([2, 4]);
  });
  it('no fix without a suggestion, or with two equally close', () => {
    expect(findings('FROM scratch\nARG AB=1\nARG AC=2\nCOPY $AD $ZZZZZZ /\n').map((f) => f[3])).toEqual([0, 0]);
  });
});

describe('stages a build never runs', () => {
  // dockerfile2llb dispatchStages dispatches only the stages the target reaches: the checks that
  // run while dispatching (ENV/LABEL, ARG, CMD/ENTRYPOINT/HEALTHCHECK, WORKDIR, EXPOSE, expanded
  // words) report nothing elsewhere; the parse-time ones (stage names, casing …) still do.
  const df = 'FROM alpine AS Debug\nENV MODE debug\nARG API_TOKEN\nWORKDIR tools\nEXPOSE 9229/TCP\nCMD node inspect\nCMD node\nCOPY $MODEE /\n\nFROM scratch AS release\nCOPY app /app\n';
  const rules = ['legacy-key-value-format', 'secrets-used-in-arg-or-env', 'workdir-relative-path', 'expose-proto-casing', 'json-args-recommended', 'multiple-instructions-disallowed', 'undefined-var', 'stage-name-casing'];
  const found = (files: Record<string, string>) => detect(openSession(tree(files)), { only: rules }).findings.map((f) => `${f.rule}:${f.line}`);

  it('a plain build (the last stage) reports only the parse-time checks of the unreached stage', () => {
    expect(found({ Dockerfile: df })).toEqual(['stage-name-casing:1']);
  });
  it('a compose build whose target is that stage reports them all', () => {
    const compose = 'services:\n  debug:\n    build:\n      context: .\n      target: debug\n';
    expect(found({ Dockerfile: df, 'compose.yaml': compose }).sort()).toEqual(
      ['stage-name-casing:1', 'legacy-key-value-format:2', 'secrets-used-in-arg-or-env:3', 'workdir-relative-path:4', 'expose-proto-casing:5', 'json-args-recommended:6', 'json-args-recommended:7', 'multiple-instructions-disallowed:6', 'undefined-var:8'].sort(),
    );
  });
});
