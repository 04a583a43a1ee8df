// BuildKit's own lint cases for the build checks implemented by json-args-recommended,
// workdir-relative-path, redundant-target-platform and from-platform-flag-const-disallowed,
// ported from moby/buildkit frontend/dockerfile/dockerfile_lint_test.go (commit 641a8fd3):
// testJSONArgsRecommended, testWorkdirRelativePath, testRedundantTargetPlatform,
// testFromPlatformFlagConstDisallowed. Each case is the Dockerfile BuildKit lints and the warnings
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
};

interface Case {
  source: string;
  dockerfile: string;
  warnings: { rule: string; line: number; detail: string }[];
}

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
  // Cases of other BuildKit tests whose Dockerfiles touch these rules and expect none of them.
  { source: 'testUndeclaredArg#3', dockerfile: '\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n', warnings: [] },
  { source: 'testMultipleInstructionsDisallowed#1', dockerfile: '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\n', warnings: [] },
];

function lint(dockerfile: string) {
  const root = tree({ Dockerfile: dockerfile });
  return detect(openSession(root), { only: Object.values(RULES) }).findings.map((f) => ({ rule: f.rule, line: f.line, detail: f.message }));
}

describe('BuildKit lint cases (dockerfile_lint_test.go)', () => {
  for (const c of CASES) {
    it(c.source, () => {
      const expected = c.warnings.map((w) => ({ rule: RULES[w.rule], line: w.line, detail: w.detail }));
      expect(lint(c.dockerfile)).toEqual(expected);
    });
  }
});

/** Applies the rule's fixes (unsafe included), checks the Dockerfile still parses as the same instructions, and that a second pass changes nothing. */
function fixed(dockerfile: string, rule: string): string {
  const root = tree({ Dockerfile: dockerfile });
  fixOnce(root, { only: [rule], unsafe: true });
  const after = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const second = fixOnce(root, { only: [rule], unsafe: true });
  expect(second.files).toEqual([]);
  expect(parseInstructions(after).getInstructions().length).toBe(parseInstructions(dockerfile).getInstructions().length);
  return after;
}

describe('json-args-recommended', () => {
  it('reports shell-form CMD/ENTRYPOINT in every stage without a SHELL, with positions', () => {
    const df = 'FROM node:20 AS build\nRUN npm ci\nCMD npm start\n\nFROM build AS test\nSHELL ["/bin/bash", "-c"]\nCMD npm test\n\nFROM alpine\nENTRYPOINT ["/app"]\nCMD --port 80\n';
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
    const df = 'FROM alpine\r\n# start\r\nCMD   node server.js --port=8080   \r\nFROM alpine\r\nENTRYPOINT /usr/bin/tini -- run\r\n';
    expect(fixed(df, 'json-args-recommended')).toBe('FROM alpine\r\n# start\r\nCMD   ["node", "server.js", "--port=8080"]   \r\nFROM alpine\r\nENTRYPOINT ["/usr/bin/tini", "--", "run"]\r\n');
  });
  it('no fix where ENTRYPOINT and CMD meet in one image (JSON form would change what runs)', () => {
    const df = 'FROM alpine AS a\nENTRYPOINT /entry.sh\nFROM a\nCMD run\nFROM alpine\nENTRYPOINT ["/e"]\nCMD go\nFROM alpine\nCMD x\nENTRYPOINT y\n';
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
    const df = 'FROM alpine\nWORKDIR app\nWORKDIR sub\nFROM alpine AS b\nWORKDIR /srv\nFROM b\nWORKDIR rel\nFROM alpine\nWORKDIR $HOME/x\nFROM alpine\nWORKDIR "x"\nFROM mcr.microsoft.com/windows/nanoserver\nWORKDIR app\nFROM alpine\nWORKDIR src/app\n';
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
