/**
 * Tests for src/ignore/matcher.ts (.dockerignore reader + matcher).
 *
 * Most tables are transcribed, in a compact format, from the upstream Go test suites:
 *   github.com/moby/patternmatcher  patternmatcher_test.go
 *     TestWildcardMatches, TestPatternMatches, TestExclusionPatternMatchesPatternBefore,
 *     TestPatternMatchesFolderExclusions, TestPatternMatchesFolderWithSlashExclusions,
 *     TestPatternMatchesFolderWildcardExclusions, TestExclusionPatternMatchesPatternAfter,
 *     TestExclusionPatternMatchesWholeDirectory, TestSingleExclamationError,
 *     TestMatchesWithNoPatterns, TestMatchesWithMalformedPatterns,
 *     TestMatches (`tests` + `multiPatternTests`, subtests MatchesExact / MatchesOrParentMatches /
 *       MatchesUsingParentResults), TestCleanPatterns*, TestMatch (`matchTests`, "stolen from go's
 *       filepath Match tests"), TestCompile (`compileTests`),
 *     TestMatchesOrParentMatchesMalformedPatternDoesNotPanicOnRepeatedCall
 *   github.com/moby/patternmatcher  ignorefile/ignorefile_test.go  TestReadAll
 * Upstream runs on Unix here (the non-Windows branches of those tests).
 */
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import {
  IgnoreMatcher,
  compilePattern,
  goClean,
  isUncleanPath,
  parseDockerignore,
  readIgnoreLine,
  ERR_BAD_PATTERN,
  ERR_LONE_EXCLAMATION,
  ERR_TOKEN_TOO_LONG,
} from '../src/ignore/matcher.js';

// --- patternmatcher_test.go TestMatches `tests`: [pattern, text, exact|inexact|fail] -----------
// exact: MatchesExact and MatchesOrParentMatches true; inexact: only MatchesOrParentMatches true.
type M = 'exact' | 'inexact' | 'fail';
const TEST_MATCHES: Array<[string, string, M]> = [
  ['**', 'file', 'exact'],
  ['**', 'file/', 'exact'],
  ['**/', 'file', 'exact'], // "weird one"
  ['**/', 'file/', 'exact'],
  ['**', '/', 'exact'],
  ['**/', '/', 'exact'],
  ['**', 'dir/file', 'exact'],
  ['**/', 'dir/file', 'exact'],
  ['**', 'dir/file/', 'exact'],
  ['**/', 'dir/file/', 'exact'],
  ['**/**', 'dir/file', 'exact'],
  ['**/**', 'dir/file/', 'exact'],
  ['dir/**', 'dir/file', 'exact'],
  ['dir/**', 'dir/file/', 'exact'],
  ['dir/**', 'dir/dir2/file', 'exact'],
  ['dir/**', 'dir/dir2/file/', 'exact'],
  ['**/dir', 'dir', 'exact'],
  ['**/dir', 'dir/file', 'inexact'],
  ['**/dir2/*', 'dir/dir2/file', 'exact'],
  ['**/dir2/*', 'dir/dir2/file/', 'inexact'],
  ['**/dir2/**', 'dir/dir2/dir3/file', 'exact'],
  ['**/dir2/**', 'dir/dir2/dir3/file/', 'exact'],
  ['**file', 'file', 'exact'],
  ['**file', 'dir/file', 'exact'],
  ['**/file', 'dir/file', 'exact'],
  ['**file', 'dir/dir/file', 'exact'],
  ['**/file', 'dir/dir/file', 'exact'],
  ['**/file*', 'dir/dir/file', 'exact'],
  ['**/file*', 'dir/dir/file.txt', 'exact'],
  ['**/file*txt', 'dir/dir/file.txt', 'exact'],
  ['**/file*.txt', 'dir/dir/file.txt', 'exact'],
  ['**/file*.txt*', 'dir/dir/file.txt', 'exact'],
  ['**/**/*.txt', 'dir/dir/file.txt', 'exact'],
  ['**/**/*.txt2', 'dir/dir/file.txt', 'fail'],
  ['**/*.txt', 'file.txt', 'exact'],
  ['**/**/*.txt', 'file.txt', 'exact'],
  ['a**/*.txt', 'a/file.txt', 'exact'],
  ['a**/*.txt', 'a/dir/file.txt', 'exact'],
  ['a**/*.txt', 'a/dir/dir/file.txt', 'exact'],
  ['a/*.txt', 'a/dir/file.txt', 'fail'],
  ['a/*.txt', 'a/file.txt', 'exact'],
  ['a/*.txt**', 'a/file.txt', 'exact'],
  ['a[b-d]e', 'ae', 'fail'],
  ['a[b-d]e', 'ace', 'exact'],
  ['a[b-d]e', 'aae', 'fail'],
  ['a[^b-d]e', 'aze', 'exact'],
  ['.*', '.foo', 'exact'],
  ['.*', 'foo', 'fail'],
  ['abc.def', 'abcdef', 'fail'],
  ['abc.def', 'abc.def', 'exact'],
  ['abc.def', 'abcZdef', 'fail'],
  ['abc?def', 'abcZdef', 'exact'],
  ['abc?def', 'abcdef', 'fail'],
  ['**/foo/bar', 'foo/bar', 'exact'],
  ['**/foo/bar', 'dir/foo/bar', 'exact'],
  ['**/foo/bar', 'dir/dir2/foo/bar', 'exact'],
  ['abc/**', 'abc', 'fail'],
  ['abc/**', 'abc/def', 'exact'],
  ['abc/**', 'abc/def/ghi', 'exact'],
  ['**/.foo', '.foo', 'exact'],
  ['**/.foo', 'bar.foo', 'fail'],
  ['a(b)c/def', 'a(b)c/def', 'exact'],
  ['a(b)c/def', 'a(b)c/xyz', 'fail'],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', 'exact'],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'exact'],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'exact'],
  // non-Windows extras
  ['a\\\\', 'a\\', 'exact'],
  ['a\\*b', 'a*b', 'exact'],
];

// --- TestMatches `multiPatternTests` + the single-purpose tests: [patterns, text, excluded] ----
const MULTI: Array<[string[], string, boolean]> = [
  [['**', '!util/docker/web'], 'util/docker/web/foo', false],
  [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
  [['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['*'], 'fileutils.go', true], // TestWildcardMatches
  [['*.go'], 'fileutils.go', true], // TestPatternMatches
  [['!fileutils.go', '*.go'], 'fileutils.go', true], // TestExclusionPatternMatchesPatternBefore
  [['docs', '!docs/README.md'], 'docs/README.md', false], // TestPatternMatchesFolderExclusions
  [['docs/', '!docs/README.md'], 'docs/README.md', false], // TestPatternMatchesFolderWithSlashExclusions
  [['docs/*', '!docs/README.md'], 'docs/README.md', false], // TestPatternMatchesFolderWildcardExclusions
  [['*.go', '!fileutils.go'], 'fileutils.go', false], // TestExclusionPatternMatchesPatternAfter
  [['*.go'], '.', false], // TestExclusionPatternMatchesWholeDirectory
  [[], '/any/path/there', false], // TestMatchesWithNoPatterns
];

// --- TestMatch `matchTests` (Go's filepath.Match tests): [pattern, s, match, bad pattern?] -----
const MATCH_TESTS: Array<[string, string, boolean, boolean?]> = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', true],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[\\-x]', '-', true],
  ['[\\-x]', 'a', false],
  ['[]a]', ']', false, true],
  ['[-]', '-', false, true],
  ['[x-]', 'x', false, true],
  ['[x-]', '-', false, true],
  ['[x-]', 'z', false, true],
  ['[-x]', 'x', false, true],
  ['[-x]', '-', false, true],
  ['[-x]', 'a', false, true],
  ['\\', 'a', false, true],
  ['[a-b-c]', 'a', false, true],
  ['[', 'a', false, true],
  ['[^', 'a', false, true],
  ['[^bc', 'a', false, true],
  ['a[', 'a', false, true], // "was nil but IMO its wrong"
  ['a[', 'ab', false, true],
  ['*x', 'xxx', true],
];

// --- TestCompile `compileTests`: [pattern, match type, Go regexp] ---------------------------
const COMPILE_TESTS: Array<[string, string, string]> = [
  ['*', 'regexp', '^[^/]*$'],
  ['file*', 'regexp', '^file[^/]*$'],
  ['*file', 'regexp', '^[^/]*file$'],
  ['a*/b', 'regexp', '^a[^/]*/b$'],
  ['**', 'suffix', ''],
  ['**/**', 'regexp', '^(.*/)?.*$'],
  ['dir/**', 'prefix', ''],
  ['**/dir', 'suffix', ''],
  ['**/dir2/*', 'regexp', '^(.*/)?dir2/[^/]*$'],
  ['**/dir2/**', 'regexp', '^(.*/)?dir2/.*$'],
  ['**file', 'suffix', ''],
  ['**/file*txt', 'regexp', '^(.*/)?file[^/]*txt$'],
  ['**/**/*.txt', 'regexp', '^(.*/)?(.*/)?[^/]*\\.txt$'],
  ['a[b-d]e', 'regexp', '^a[b-d]e$'],
  ['.*', 'regexp', '^\\.[^/]*$'],
  ['abc.def', 'exact', ''],
  ['abc?def', 'regexp', '^abc[^/]def$'],
  ['**/foo/bar', 'suffix', ''],
  ['a(b)c/def', 'exact', ''],
  ['a.|)$(}+{bc', 'exact', ''],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'exact', ''],
];

// --- ignorefile_test.go TestReadAll: [file text, ReadAll output] ------------------------------
const READ_ALL: Array<[string, string[]]> = [
  [
    'test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ',
    ['test1', 'test2', 'a/file/here', 'lastfile', '!inverted/abs/path', '!', '!'],
  ],
  ['', []],
];

function readAll(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => readIgnoreLine(l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l): l is string => l !== null);
}

describe('upstream tables', () => {
  it('has at least 100 transcribed cases', () => {
    const n = TEST_MATCHES.length + MULTI.length + MATCH_TESTS.length + COMPILE_TESTS.length + READ_ALL.length;
    expect(n).toBeGreaterThanOrEqual(100);
  });

  describe('TestMatches (MatchesExact, MatchesOrParentMatches, MatchesUsingParentResults)', () => {
    it.each(TEST_MATCHES)('%j vs %j: %s', (pattern, text, pass) => {
      const m = new IgnoreMatcher([pattern]);
      expect(m.skipped).toEqual([]);
      expect(m.matchesExact(text)).toBe(pass === 'exact');
      expect(m.excludes(text)).toBe(pass !== 'fail');
      expect(m.excludesWalked(text)).toBe(pass !== 'fail');
      expect(m.decidingPattern(text)).toBe(pass !== 'fail' ? 0 : -1);
    });
  });

  describe('multiPatternTests and single-purpose tests', () => {
    it.each(MULTI)('%j vs %j -> %s', (patterns, text, excluded) => {
      const m = new IgnoreMatcher(patterns);
      expect(m.excludes(text)).toBe(excluded);
      expect(m.excludesWalked(text)).toBe(excluded);
    });
  });

  describe('TestMatch (filepath.Match table)', () => {
    it.each(MATCH_TESTS)('%j vs %j -> %s (bad: %s)', (pattern, s, match, bad) => {
      const file = parseDockerignore(pattern);
      if (bad) {
        expect(file.patterns).toEqual([]);
        expect(file.errors).toEqual([{ line: 1, start: 0, end: pattern.length, message: ERR_BAD_PATTERN }]);
        expect(() => compilePattern(pattern)).toThrow(ERR_BAD_PATTERN);
        const m = new IgnoreMatcher([pattern]);
        expect(m.skipped).toEqual([{ index: 0, message: ERR_BAD_PATTERN }]);
        expect(m.excludes(s)).toBe(false);
      } else {
        expect(file.errors).toEqual([]);
        expect(new IgnoreMatcher(file.patterns).excludes(s)).toBe(match);
      }
    });
  });

  describe('TestCompile', () => {
    it.each(COMPILE_TESTS)('%j compiles to %s %s', (pattern, kind, re) => {
      const c = compilePattern(goClean(pattern));
      expect(c.kind).toBe(kind);
      if (kind === 'regexp') expect(c.text).toBe(re);
    });
  });

  describe('TestReadAll', () => {
    it.each(READ_ALL)('%j', (text, expected) => {
      expect(readAll(text)).toEqual(expected);
    });

    it('the lone "!" entries are rejected by New', () => {
      const f = parseDockerignore(READ_ALL[0][0]);
      expect(f.patterns.map((p) => (p.negate ? '!' : '') + p.pattern)).toEqual([
        'test1',
        'test2',
        'a/file/here',
        'lastfile',
        '!inverted/abs/path',
      ]);
      expect(f.errors.map((e) => [e.line, e.message])).toEqual([
        [8, ERR_LONE_EXCLAMATION],
        [9, ERR_LONE_EXCLAMATION],
      ]);
    });
  });

  it('TestSingleExclamationError / TestCleanPatternsErrorSingleException', () => {
    const m = new IgnoreMatcher(['!']);
    expect(m.skipped).toEqual([{ index: 0, message: ERR_LONE_EXCLAMATION }]);
    expect(m.excludes('fileutils.go')).toBe(false);
  });

  it('TestMatchesWithMalformedPatterns', () => {
    const m = new IgnoreMatcher(['[']);
    expect(m.skipped).toEqual([{ index: 0, message: ERR_BAD_PATTERN }]);
    expect(m.excludes('/any/path/there')).toBe(false);
  });

  it('TestCleanPatterns*', () => {
    expect(new IgnoreMatcher(['docs', 'config']).size).toBe(2);
    expect(new IgnoreMatcher(['docs', 'config', '']).size).toBe(2);
    expect(new IgnoreMatcher(['docs', '!docs/README.md']).hasExceptions).toBe(true);
    expect(new IgnoreMatcher(['docs', '  !docs/README.md']).hasExceptions).toBe(true);
    expect(new IgnoreMatcher(['docs', '!docs/README.md  ']).hasExceptions).toBe(true);
    expect(new IgnoreMatcher(['docs', 'config']).hasExceptions).toBe(false);
  });

  it('TestMatchesOrParentMatchesMalformedPatternDoesNotPanicOnRepeatedCall', () => {
    // "[Local-Only]/" passes New's filepath.Match check but its regexp (range l-O) does not compile.
    const f = parseDockerignore('[Local-Only]/\n');
    expect(f.errors).toEqual([{ line: 1, start: 0, end: 13, message: ERR_BAD_PATTERN }]);
    const m = new IgnoreMatcher(['[Local-Only]/']);
    expect(m.excludes('x')).toBe(false);
    expect(m.excludes('x')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('parseDockerignore', () => {
  it('strips a UTF-8 BOM from line 1 only, with offsets into the text as given', () => {
    const f = parseDockerignore('\uFEFFnode_modules\n\uFEFFb\n');
    expect(f.patterns[0]).toEqual({ line: 1, start: 1, end: 13, raw: 'node_modules', pattern: 'node_modules', negate: false });
    // Go's TrimSpace does not trim U+FEFF: on line 2 it is part of the pattern.
    expect(f.patterns[1].pattern).toBe('\uFEFFb');
    const m = new IgnoreMatcher(f.patterns);
    expect(m.excludes('node_modules/x')).toBe(true);
    expect(m.excludes('b')).toBe(false);
  });

  it('a BOM does not stop line 1 from being a comment', () => {
    expect(parseDockerignore('\uFEFF# comment\nfoo').patterns.map((p) => p.pattern)).toEqual(['foo']);
  });

  it('handles CRLF and LF, offsets exclude the line break', () => {
    const text = 'a\r\n!b/\r\n\r\nc';
    const f = parseDockerignore(text);
    expect(f.patterns).toEqual([
      { line: 1, start: 0, end: 1, raw: 'a', pattern: 'a', negate: false },
      { line: 2, start: 3, end: 6, raw: '!b/', pattern: 'b', negate: true },
      { line: 4, start: 10, end: 11, raw: 'c', pattern: 'c', negate: false },
    ]);
    for (const p of f.patterns) expect(text.slice(p.start, p.end)).toBe(p.raw);
  });

  it('reports line numbers and offsets of patterns and errors', () => {
    const text = '# deps\nnode_modules\n\n  *.log  \n!\n/dist/\n!  ./keep/../keep.txt\n';
    const f = parseDockerignore(text);
    expect(f.patterns.map((p) => [p.line, p.start, p.end, p.raw, p.pattern, p.negate])).toEqual([
      [2, 7, 19, 'node_modules', 'node_modules', false],
      [4, 21, 30, '  *.log  ', '*.log', false],
      [6, 33, 39, '/dist/', 'dist', false],
      [7, 40, 61, '!  ./keep/../keep.txt', 'keep.txt', true],
    ]);
    expect(f.errors).toEqual([{ line: 5, start: 31, end: 32, message: ERR_LONE_EXCLAMATION }]);
  });

  it('treats # as a comment only in column 0', () => {
    const f = parseDockerignore('#x\n #x\n\t# y\n');
    expect(f.patterns.map((p) => p.pattern)).toEqual(['#x', '# y']);
    const m = new IgnoreMatcher(f.patterns);
    expect(m.excludes('#x')).toBe(true);
    expect(m.excludes('# y')).toBe(true);
  });

  it('keeps a trailing "# comment" as part of the pattern', () => {
    const f = parseDockerignore('node_modules # deps\n*.log  # logs');
    expect(f.patterns.map((p) => p.pattern)).toEqual(['node_modules # deps', '*.log  # logs']);
    const m = new IgnoreMatcher(f.patterns);
    expect(m.excludes('node_modules')).toBe(false);
    expect(m.excludes('node_modules/x')).toBe(false);
    expect(m.excludes('node_modules # deps')).toBe(true);
    expect(m.excludes('a.log')).toBe(false);
    expect(m.excludes('a.log  # logs')).toBe(true);
  });

  it('reports a lone "!" (also "! " and "!/", which cleans to "!")', () => {
    const f = parseDockerignore('!\n! \n!/\n!//\nfoo\n');
    expect(f.errors.map((e) => [e.line, e.message])).toEqual([
      [1, ERR_LONE_EXCLAMATION],
      [2, ERR_LONE_EXCLAMATION],
      [3, ERR_LONE_EXCLAMATION],
      [4, ERR_LONE_EXCLAMATION],
    ]);
    expect(ERR_LONE_EXCLAMATION).toBe('illegal exclusion pattern: "!"');
    expect(f.patterns.map((p) => p.pattern)).toEqual(['foo']);
    expect(() => new IgnoreMatcher(['!', 'foo'])).not.toThrow();
  });

  it('reports bad patterns and keeps going', () => {
    const f = parseDockerignore('a[\n[z-a]\n\\k\nok\n');
    expect(f.errors.map((e) => [e.line, e.message])).toEqual([
      [1, ERR_BAD_PATTERN],
      [2, ERR_BAD_PATTERN],
      [3, ERR_BAD_PATTERN],
    ]);
    expect(f.patterns.map((p) => p.pattern)).toEqual(['ok']);
  });

  it('reports a line too long for bufio.Scanner', () => {
    const f = parseDockerignore('a\n' + 'x'.repeat(65536) + '\nb\n' + 'y'.repeat(65535));
    expect(f.errors.map((e) => [e.line, e.message])).toEqual([[2, ERR_TOKEN_TOO_LONG]]);
    expect(f.patterns.map((p) => p.line)).toEqual([1, 3, 4]);
  });

  it('cleans like filepath.Clean and drops one leading slash', () => {
    const cases: Array<[string, string]> = [
      ['./a', 'a'],
      ['a/', 'a'],
      ['a//b', 'a/b'],
      ['a/./b', 'a/b'],
      ['a/../b', 'b'],
      ['/a', 'a'],
      ['//a', 'a'],
      ['/', '/'],
      ['../a', '../a'],
      ['/../a', 'a'],
      ['.', '.'],
    ];
    for (const [line, want] of cases) expect(parseDockerignore(line).patterns[0].pattern, line).toBe(want);
  });

  it('trims like Go (U+0085 and NBSP yes, U+FEFF no)', () => {
    expect(parseDockerignore('\u0085a\u00a0').patterns[0].pattern).toBe('a');
    expect(parseDockerignore('a\n\u3000b\u2003').patterns[1].pattern).toBe('b');
  });

  it('"!../../x" becomes an exclusion of "x" (New cleans "!" + pattern)', () => {
    const [p] = parseDockerignore('!../../x').patterns;
    expect([p.pattern, p.negate]).toEqual(['x', false]);
    expect(new IgnoreMatcher(['!../../x']).excludes('x')).toBe(true);
    const [q] = parseDockerignore('!!x').patterns;
    expect([q.pattern, q.negate]).toEqual(['!x', true]);
  });
});

describe('IgnoreMatcher semantics', () => {
  it('last match wins', () => {
    expect(new IgnoreMatcher(['*.md', '!README.md']).excludes('README.md')).toBe(false);
    expect(new IgnoreMatcher(['*.md', '!README.md']).excludes('CHANGES.md')).toBe(true);
    expect(new IgnoreMatcher(['!README.md', '*.md']).excludes('README.md')).toBe(true);
    const m = new IgnoreMatcher(['*.md', '!README.md', 'README.md']);
    expect(m.excludes('README.md')).toBe(true);
    expect(m.decidingPattern('README.md')).toBe(2);
  });

  it('decidingPattern indexes the constructor array (comments and blanks included)', () => {
    const m = new IgnoreMatcher(['# comment', '', 'docs', '!docs/keep.md', '[', 'docs/keep.md/x']);
    expect(m.skipped).toEqual([{ index: 4, message: ERR_BAD_PATTERN }]);
    expect(m.decidingPattern('docs/a.md')).toBe(2);
    expect(m.decidingPattern('docs/keep.md')).toBe(3);
    expect(m.decidingPattern('docs/keep.md/x/y')).toBe(5);
    expect(m.decidingPattern('src/a.ts')).toBe(-1);
    const f = parseDockerignore('# c\ndocs\n!docs/keep.md\n');
    const m2 = new IgnoreMatcher(f.patterns);
    expect(f.patterns[m2.decidingPattern('docs/keep.md')].line).toBe(3);
  });

  it('"!" re-includes a file under an excluded directory', () => {
    const m = new IgnoreMatcher(['docs', '!docs/README.md']);
    expect(m.excludes('docs')).toBe(true);
    expect(m.excludes('docs/README.md')).toBe(false);
    expect(m.excludes('docs/other.md')).toBe(true);
    expect(m.excludes('docs/README.md/nested')).toBe(false);
  });

  it('unanchored patterns match at the context root only (unlike .gitignore)', () => {
    const m = new IgnoreMatcher(['*.pyc', '__pycache__']);
    expect(m.excludes('a.pyc')).toBe(true);
    expect(m.excludes('src/a.pyc')).toBe(false);
    expect(m.excludes('__pycache__/a.pyc')).toBe(true);
    expect(m.excludes('pkg/__pycache__/a.pyc')).toBe(false);
    const g = new IgnoreMatcher(['**/*.pyc', '**/__pycache__']);
    expect(g.excludes('a.pyc')).toBe(true);
    expect(g.excludes('src/deep/a.pyc')).toBe(true);
    expect(g.excludes('__pycache__/x')).toBe(true);
    expect(g.excludes('pkg/__pycache__/x')).toBe(true);
    expect(g.excludes('pkg/not__pycache__/x')).toBe(false);
  });

  it('* and ? never cross "/", ** matches zero or more segments', () => {
    const m = new IgnoreMatcher(['src/*.ts', 'a?c', 'x/**/y']);
    expect(m.excludes('src/a.ts')).toBe(true);
    expect(m.excludes('src/sub/a.ts')).toBe(false);
    expect(m.excludes('abc')).toBe(true);
    expect(m.excludes('a/c')).toBe(false);
    expect(m.excludes('x/y')).toBe(true);
    expect(m.excludes('x/1/2/y/z')).toBe(true);
    expect(m.excludes('xx/y')).toBe(false);
  });

  it('is case-sensitive', () => {
    const m = new IgnoreMatcher(['README.md', '*.LOG']);
    expect(m.excludes('readme.md')).toBe(false);
    expect(m.excludes('a.log')).toBe(false);
    expect(m.excludes('a.LOG')).toBe(true);
  });

  it('\\ escapes, and escapes are Go regexp escapes', () => {
    const m = new IgnoreMatcher(['\\*.txt', 'sp\\ ace', 'n\\d']);
    expect(m.excludes('*.txt')).toBe(true);
    expect(m.excludes('a.txt')).toBe(false);
    expect(m.excludes('sp ace')).toBe(true);
    expect(m.excludes('n7')).toBe(true);
    expect(m.excludes('nd')).toBe(false);
  });

  it('reproduces surprising upstream behaviour', () => {
    // leading ** with a literal rest is a plain suffix test
    expect(new IgnoreMatcher(['**file']).excludes('dir/myfile')).toBe(true);
    expect(new IgnoreMatcher(['**.pyc']).excludes('a/b/x.pyc')).toBe(true);
    expect(new IgnoreMatcher(['**/dir']).excludes('adir')).toBe(false);
    // trailing ** after a literal is a plain prefix test
    expect(new IgnoreMatcher(['a**']).excludes('abc/d')).toBe(true);
    // ** in the middle needs a segment boundary after it
    const ab = new IgnoreMatcher(['a**b']);
    expect([ab.excludes('ab'), ab.excludes('ax/b'), ab.excludes('axb')]).toEqual([true, true, false]);
    // [!x] is not a negation, [^x] is, and classes can match '/'
    expect(new IgnoreMatcher(['a[!x]b']).excludes('a!b')).toBe(true);
    expect(new IgnoreMatcher(['a[!x]b']).excludes('ayb')).toBe(false);
    expect(new IgnoreMatcher(['a[^x]b']).excludes('a/b')).toBe(true);
    // "." and "" are never excluded, even by "**"
    expect(new IgnoreMatcher(['**']).excludes('.')).toBe(false);
    expect(new IgnoreMatcher(['**']).excludes('')).toBe(false);
  });

  it('follows the Go regexp dialect the patterns compile to', () => {
    const m = (p: string, path: string): boolean => new IgnoreMatcher([p]).excludes(path);
    expect([m('[[:digit:]]x', '7x'), m('[[:digit:]]x', 'ax')]).toEqual([true, false]);
    expect([m('[[:^digit:]]x', 'ax'), m('[[:^digit:]]x', '7x')]).toEqual([true, false]);
    expect([m('\\x41b', 'Ab'), m('\\101', 'A')]).toEqual([true, true]);
    expect([m('\\pL*', 'éa'), m('\\pL*', '1')]).toEqual([true, false]);
    expect(m('a[[:foo:]]', 'a')).toBe(false);
    expect(parseDockerignore('a[[:foo:]]').errors.map((e) => e.message)).toEqual([ERR_BAD_PATTERN]);
  });

  it('collapses runs of ** without changing what matches', () => {
    const m = new IgnoreMatcher(['**/**/**/**/**/x']);
    const deep = Array.from({ length: 40 }, (_, i) => `s${i}`).join('/');
    expect(m.excludes('x')).toBe(true);
    expect(m.excludes(`${deep}/x`)).toBe(true);
    expect(m.excludes(`${deep}/x/y`)).toBe(true);
    expect(m.excludes(`${deep}/y`)).toBe(false);
    expect(m.excludes(`${deep}/ax`)).toBe(false);
  });

  it('cleans paths given to excludes like the package-level MatchesOrParentMatches', () => {
    const m = new IgnoreMatcher(['a/b']);
    expect(m.excludes('./a/b')).toBe(true);
    expect(m.excludes('a//b/')).toBe(true);
    expect(m.excludes('a/x/../b/c')).toBe(true);
    expect(m.matchesExact('./a/b')).toBe(false); // MatchesExact does not clean
  });
});

describe('excludesWholeDir', () => {
  const cases: Array<[string[], string, boolean]> = [
    [['node_modules'], 'node_modules', true],
    [['node_modules'], 'src', false],
    [['node_modules', '!node_modules/keep'], 'node_modules', false],
    [['node_modules', '!src/keep'], 'node_modules', true],
    [['node_modules', '!**/*.md'], 'node_modules', false],
    [['node_modules', '!*.md'], 'node_modules', true],
    [['node_modules', '!*/keep'], 'node_modules', false],
    [['node_modules', '!node_modules'], 'node_modules', false],
    [['!node_modules/keep', 'node_modules'], 'node_modules', true], // exception before the exclusion
    [['*', '!src/*.go'], 'docs', true],
    [['*', '!src/*.go'], 'src', false],
    [['build', '!build/**/keep.txt'], 'build', false],
    [['build', '!build/**/keep.txt'], 'build/sub', false],
    [['**/__pycache__'], 'a/b/__pycache__', true],
    [['a/b'], 'a', false],
    [['a'], 'a/b', true],
    [['a', '!a/b/c'], 'a/b', false],
    [['a', '!a/b/c'], 'a/x', true],
    [['a', '!a**'], 'a', false],
    [['a', '!ab**'], 'a', true],
    [['a', '!**z'], 'a', false],
    [['a', '!x[0-9]/y'], 'a', true],
    [['a', '!a[0-9]/y'], 'a', true],
    [['a*', '!a[0-9]/y'], 'a5', false],
  ];
  it.each(cases)('%j, dir %j -> %s', (patterns, dir, want) => {
    expect(new IgnoreMatcher(patterns).excludesWholeDir(dir)).toBe(want);
  });
});

describe('BuildKit walk (tonistiigi/fsutil filter.go)', () => {
  it('differs from MatchesOrParentMatches when an exception was skipped for the parent', () => {
    const m = new IgnoreMatcher(['d/f', '!d']);
    expect(m.excludes('d/f')).toBe(false);
    expect(m.excludesWalked('d/f')).toBe(true);
  });

  it('prunes excluded directories only with prefix-only exceptions', () => {
    expect(new IgnoreMatcher(['data']).buildkitSkipsDir('data')).toBe(true);
    expect(new IgnoreMatcher(['data']).buildkitSkipsDir('data/sub')).toBe(true);
    expect(new IgnoreMatcher(['data', '!src/keep']).buildkitSkipsDir('data')).toBe(true);
    expect(new IgnoreMatcher(['data', '!data/keep']).buildkitSkipsDir('data')).toBe(false);
    expect(new IgnoreMatcher(['data', '!src/*.go']).buildkitSkipsDir('data')).toBe(false); // wildcard exception
    expect(new IgnoreMatcher(['data', '!src/**']).buildkitSkipsDir('data')).toBe(true); // trailing glob stripped
    expect(new IgnoreMatcher(['data']).buildkitSkipsDir('src')).toBe(false);
    // semantically nothing under data can come back, but BuildKit still opens it
    const w = new IgnoreMatcher(['data', '!src/*.go']);
    expect(w.excludesWholeDir('data')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-checks against a literal port of upstream's loops.

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const POOL = [
  'a', 'b', 'a/b', 'a/*', '*/b', '**/b', 'a/**', '**', '*', 'b*', '?', 'a?', '[ab]', '[^a]', 'a/**/c',
  '**/c', 'c', 'a*', '**a', 'a/b/c', 'x/y', '*/*/c', 'b/**/a', '[a-c]/b', 'a[^x]b',
];
const SEGS = ['a', 'b', 'c', 'ab', 'x', 'y', 'ba'];

/** patternmatcher.go MatchesOrParentMatches, literally (state-skipping loop, parents via Dir). */
function referenceMOPM(patterns: Array<{ p: string; neg: boolean }>, file: string): boolean {
  const single = new Map<string, IgnoreMatcher>();
  const match = (p: string, s: string): boolean => {
    let m = single.get(p);
    if (!m) single.set(p, (m = new IgnoreMatcher([p])));
    return m.matchesExact(s);
  };
  let matched = false;
  const slash = file.lastIndexOf('/');
  const parentPath = slash < 0 ? '.' : goClean(file.slice(0, slash + 1));
  const parentDirs = parentPath.split('/');
  for (const { p, neg } of patterns) {
    if (neg !== matched) continue;
    let m = match(p, file);
    if (!m && parentPath !== '.') {
      for (let i = 0; i < parentDirs.length && !m; i++) m = match(p, parentDirs.slice(0, i + 1).join('/'));
    }
    if (m) matched = !neg;
  }
  return matched;
}

describe('cross-checks', () => {
  it('fast matcher agrees with the literal upstream loop; excludesWholeDir is sound', () => {
    const rnd = lcg(42);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const paths: string[] = [];
    for (let i = 0; i < 300; i++) {
      const depth = 1 + Math.floor(rnd() * 4);
      paths.push(Array.from({ length: depth }, () => pick(SEGS)).join('/'));
    }
    for (let round = 0; round < 150; round++) {
      const n = 1 + Math.floor(rnd() * 5);
      const pats = Array.from({ length: n }, () => ({ p: pick(POOL), neg: rnd() < 0.4 }));
      const m = new IgnoreMatcher(pats.map(({ p, neg }) => (neg ? '!' : '') + p));
      for (const path of paths) {
        expect(m.excludes(path), `${JSON.stringify(pats)} ${path}`).toBe(referenceMOPM(pats, path));
        if (m.excludesWholeDir(path)) {
          for (const below of paths) {
            if (below.startsWith(path + '/')) expect(m.excludes(below), `${JSON.stringify(pats)} ${path} ${below}`).toBe(true);
          }
        }
      }
    }
  });

  it('below, childExcludes and reachesAllBelow say what excludes, excludesWholeDir and reachesInto say of every path below', () => {
    const rnd = lcg(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const paths = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const depth = 1 + Math.floor(rnd() * 4);
      paths.add(Array.from({ length: depth }, () => pick(SEGS)).join('/'));
    }
    const all = [...paths];
    const dirs = ['', ...new Set(all.map((p) => p.slice(0, Math.max(0, p.lastIndexOf('/')))).filter((d) => d !== ''))];
    let included = 0;
    let mixed = 0;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rnd() * 5);
      const pats = Array.from({ length: n }, () => ({ p: pick(POOL), neg: rnd() < 0.4 }));
      const m = new IgnoreMatcher(pats.map(({ p, neg }) => (neg ? '!' : '') + p));
      const scope = new IgnoreMatcher(pats.filter((x) => !x.neg).map((x) => x.p));
      for (const dir of dirs) {
        const label = `${JSON.stringify(pats)} ${dir}`;
        const below = all.filter((p) => p.startsWith(dir === '' ? '' : `${dir}/`));
        const verdict = m.below(dir);
        if (dir !== '') expect(verdict === 'excluded', label).toBe(m.excludesWholeDir(dir));
        if (verdict === 'included') {
          included++;
          for (const p of below) expect(m.excludes(p), `${label} ${p}`).toBe(false);
        } else if (verdict === 'mixed') mixed++;
        // The paths directly in dir: childExcludes is excludes.
        const child = m.childExcludes(dir);
        for (const p of below) if (!p.slice(dir === '' ? 0 : dir.length + 1).includes('/')) expect(child(p), `${label} ${p}`).toBe(m.excludes(p));
        if (dir !== '' && scope.reachesAllBelow(dir)) for (const p of [dir, ...below]) expect(scope.reachesInto(p), `${label} ${p}`).toBe(true);
      }
    }
    // Both answers occur (the test would prove nothing if every directory were 'mixed').
    expect(included).toBeGreaterThan(100);
    expect(mixed).toBeGreaterThan(100);
  });

  it('below: near misses', () => {
    // An exception that could re-include something below keeps an excluded directory 'mixed';
    // a later pattern that could exclude something below keeps an included one 'mixed'.
    expect(new IgnoreMatcher(['node_modules', '!node_modules/keep']).below('node_modules')).toBe('mixed');
    expect(new IgnoreMatcher(['node_modules', '!src/keep']).below('node_modules')).toBe('excluded');
    expect(new IgnoreMatcher(['**/*.pyc']).below('src')).toBe('mixed');
    expect(new IgnoreMatcher(['*.pyc']).below('src')).toBe('included');
    expect(new IgnoreMatcher(['*.pyc']).below('')).toBe('mixed');
    expect(new IgnoreMatcher(['!keep']).below('')).toBe('included');
    expect(new IgnoreMatcher(['src/gen', '!src/gen/keep.txt']).below('src')).toBe('mixed');
    expect(new IgnoreMatcher(['src', '!src']).below('src')).toBe('included');
    expect(new IgnoreMatcher(['src', '!src', 'src/*.log']).below('src')).toBe('mixed');
  });

  it('is fast enough for 100k paths', () => {
    const m = new IgnoreMatcher([
      'node_modules', '**/*.pyc', '**/__pycache__', '.git', '*.md', '!README.md', 'dist/**',
      'coverage', '**/.DS_Store', 'tmp/*', '!tmp/keep', 'build', '**/*.log', '.env*', '!.env.example',
    ]);
    const paths: string[] = [];
    for (let i = 0; i < 100_000; i++) paths.push(`src/pkg${i % 97}/sub${i % 13}/deep/file${i}.${i % 3 ? 'ts' : 'pyc'}`);
    const t0 = performance.now();
    let n = 0;
    for (const p of paths) if (m.excludes(p)) n++;
    const ms = performance.now() - t0;
    expect(n).toBe(paths.filter((_, i) => i % 3 === 0).length);
    expect(ms).toBeLessThan(3000);
  });
});

describe('isUncleanPath', () => {
  // The regular expression it replaced: `goClean` changes exactly these paths.
  const UNCLEAN = /^$|(?:^|\/)\.{1,2}(?:\/|$)|\/\/|.\/$/;
  it('says what the regular expression says, on every short path of a, b, . and /', () => {
    for (const p of ['', '/', '//', 'a/', '/a', 'a//b', '.', '..', '...', 'a/.', 'a/..', './a', '../a', 'a/./b', '.a', 'a.', 'a/.b/', '/.', '/..', 'a/...']) expect(isUncleanPath(p), p).toBe(UNCLEAN.test(p));
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', '.', '/'), { maxLength: 9 }).map((a) => a.join('')), (p) => isUncleanPath(p) === UNCLEAN.test(p)), { numRuns: 20_000 });
  });
  it('agrees with goClean: a clean path is left as it is', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', '.', '/'), { maxLength: 9 }).map((a) => a.join('')), (p) => isUncleanPath(p) || goClean(p) === p));
  });
});
