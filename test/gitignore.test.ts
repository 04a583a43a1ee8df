// git's ignore rules (src/ignore/gitignore.ts): the examples of git's own documentation
// (Documentation/gitignore.txt), and a cross-check against `git check-ignore --no-index`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitIgnored, parseGitignore, type GitignoreSource } from '../src/ignore/gitignore.js';
import { tree } from './helpers.js';

function matcher(files: Record<string, string>) {
  const parsed = new Map<string, GitignoreSource>();
  for (const [file, text] of Object.entries(files)) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    parsed.set(dir, { dir, file, patterns: parseGitignore(text) });
  }
  return (path: string, isDir: boolean | 'unknown' = false) => gitIgnored(path, isDir, (d) => parsed.get(d) ?? null);
}

describe('gitignore: the documented examples', () => {
  it('a pattern without a slash matches at any depth; with a slash it is anchored', () => {
    const m = matcher({ '.gitignore': 'frotz\n/bar\n' });
    expect(m('frotz')?.pattern.line).toBe(1);
    expect(m('a/frotz')?.pattern.line).toBe(1);
    expect(m('a/b/frotz/file')?.pattern.line).toBe(1);
    expect(m('bar')?.pattern.line).toBe(2);
    expect(m('a/bar')).toBeNull();
    const anchored = matcher({ '.gitignore': 'doc/frotz/\n' });
    expect(anchored('doc/frotz', true)).not.toBeNull();
    expect(anchored('a/doc/frotz', true)).toBeNull();
  });

  it('a trailing slash matches directories only', () => {
    const m = matcher({ '.gitignore': 'build/\n' });
    expect(m('build', true)).not.toBeNull();
    expect(m('build', false)).toBeNull();
    expect(m('build/out.js')).not.toBeNull();
    expect(m('src/build/out.js')).not.toBeNull();
    // A path that does not exist may be a directory.
    expect(m('build', 'unknown')).not.toBeNull();
  });

  it('"foo/*" matches foo/test.json and the folder foo/bar, not foo/bar/hello.c by itself', () => {
    const m = matcher({ '.gitignore': 'foo/*\n' });
    expect(m('foo/test.json')).not.toBeNull();
    expect(m('foo/bar', true)).not.toBeNull();
    // Excluded through its excluded folder foo/bar.
    expect(m('foo/bar/hello.c')?.matched).toBe('foo/bar');
    expect(m('a/foo/test.json')).toBeNull();
  });

  it('**/ , /** and /**/', () => {
    const m = matcher({ '.gitignore': '**/foo\n**/x/bar\nabc/**\na/**/b\n' });
    expect(m('foo')?.pattern.line).toBe(1);
    expect(m('p/q/foo')?.pattern.line).toBe(1);
    expect(m('x/bar')?.pattern.line).toBe(2);
    expect(m('p/x/bar')?.pattern.line).toBe(2);
    expect(m('abc/d/e')).not.toBeNull();
    expect(m('abc', true)).toBeNull();
    expect(m('a/b')?.pattern.line).toBe(4);
    expect(m('a/x/b')?.pattern.line).toBe(4);
    expect(m('a/x/y/b')?.pattern.line).toBe(4);
    expect(m('ab')).toBeNull();
  });

  it('other consecutive asterisks are a plain *', () => {
    const m = matcher({ '.gitignore': 'a**b\n' });
    expect(m('axxb')).not.toBeNull();
    expect(m('a/b')).toBeNull();
  });

  it('! re-includes, except below an excluded folder', () => {
    const m = matcher({ '.gitignore': '*.log\n!keep.log\n/out/\n!/out/keep.txt\n' });
    expect(m('x.log')).not.toBeNull();
    expect(m('keep.log')).toBeNull();
    expect(m('d/keep.log')).toBeNull();
    expect(m('out/keep.txt')?.matched).toBe('out');
  });

  it('"/*" with "!/foo" and "/foo/*" with "!/foo/bar": only foo/bar stays', () => {
    const m = matcher({ '.gitignore': '/*\n!/foo\n/foo/*\n!/foo/bar\n' });
    expect(m('x')).not.toBeNull();
    expect(m('foo', true)).toBeNull();
    expect(m('foo/y')).not.toBeNull();
    expect(m('foo/bar', true)).toBeNull();
    expect(m('foo/bar/z')).toBeNull();
  });

  it('a deeper .gitignore wins over a higher one, and is relative to its folder', () => {
    const m = matcher({ '.gitignore': '*.gen\n', 'sub/.gitignore': '!keep.gen\n/local\n' });
    expect(m('sub/keep.gen')).toBeNull();
    expect(m('sub/x.gen')?.file).toBe('.gitignore');
    expect(m('sub/local')?.file).toBe('sub/.gitignore');
    expect(m('local')).toBeNull();
    expect(m('sub/a/local')).toBeNull();
  });

  it('comments, escapes, trailing spaces, brackets', () => {
    const m = matcher({ '.gitignore': '# comment\n\\#hash\n\\!bang\ntrail   \nesc\\ \n[!a]x\nf[0-9]\n' });
    expect(m('# comment')).toBeNull();
    expect(m('#hash')).not.toBeNull();
    expect(m('!bang')).not.toBeNull();
    expect(m('trail')).not.toBeNull();
    expect(m('esc ')).not.toBeNull();
    expect(m('bx')).not.toBeNull();
    expect(m('ax')).toBeNull();
    expect(m('f7')).not.toBeNull();
    expect(m('fa')).toBeNull();
  });
});

function gitAvailable(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('gitignore: wildmatch without backtracking', () => {
  it('"*a*a*a*a*a*a*a*a*b" against long names of a is decided in linear time', () => {
    const m = matcher({ '.gitignore': '*a*a*a*a*a*a*a*a*b\nx/**/**/**/**/**/y*a*a*a*a*c\n' });
    const t = performance.now();
    expect(m('a'.repeat(60))).toBeNull();
    expect(m('d/' + 'a'.repeat(60))).toBeNull();
    expect(m('x/' + 'a/'.repeat(30) + 'y' + 'a'.repeat(60))).toBeNull();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(m('a'.repeat(60) + 'b')?.pattern.line).toBe(1);
    expect(m('d/' + 'a'.repeat(8) + 'b')?.pattern.line).toBe(1);
    expect(m('a'.repeat(7) + 'b')).toBeNull();
    expect(m('x/a/a/yaaaac')?.pattern.line).toBe(2);
    expect(m('x/yaaaac')?.pattern.line).toBe(2);
    expect(m('x/a/ya/aaac')).toBeNull();
  });
});

describe.runIf(gitAvailable())('gitignore: agrees with git check-ignore --no-index', () => {
  const ignores = {
    '.gitignore': '*.log\n!important.log\n/dist\nbuild/\n**/cache\ndocs/**/*.tmp\nfoo/*\n!foo/keep\n.pki\n[ab]?.txt\nvendor/**\n!vendor/x\n*q*q*z\nm/**/n*o\nk/***/l\n',
    'app/.gitignore': '!debug.log\n/local/\nout\n',
    'foo/keep/.gitignore': 'secret\n',
  };
  const files = [
    'a.log', 'important.log', 'app/debug.log', 'app/sub/debug.log', 'app/x.log', 'dist/app.js', 'app/dist/app.js',
    'build/x', 'app/build/y', 'build', 'cache/z', 'a/b/cache/z', 'docs/x.tmp', 'docs/a/b/x.tmp', 'x.tmp',
    'foo/a', 'foo/keep/b', 'foo/keep/secret', 'foo/other/c', '.pki/ca.pem', 'tls/.pki/ca.pem', 'ax.txt', 'cxx.txt',
    'a1.txt', 'vendor/x', 'vendor/y/z', 'app/local/q', 'local/q', 'app/out', 'app/deep/out/r', 'src/main.c',
    'qqz', 'qaqbz', 'qz', 'sub/qxqyz', 'qq/z', 'm/n1o', 'm/a/b/nxo', 'm/a/nx', 'mm/no', 'k/l', 'k/a/b/l', 'k/al',
  ];

  it('on every path', () => {
    const all: Record<string, string> = { ...ignores };
    for (const f of files) if (!f.endsWith('/build') && f !== 'build') all[f] = 'x';
    const root = tree(all);
    mkdirSync(join(root, 'build'), { recursive: true });
    for (const f of files) mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, 'build', 'x'), 'x');
    execFileSync('git', ['init', '-q'], { cwd: root });
    const expected = new Set(
      (() => {
        try {
          return execFileSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: root, input: files.join('\n'), encoding: 'utf8' });
        } catch (err) {
          // exit 1: nothing ignored
          return String((err as { stdout?: string }).stdout ?? '');
        }
      })()
        .split('\n')
        .filter(Boolean),
    );
    const m = matcher(ignores);
    const ours = files.filter((f) => m(f, f === 'build') !== null);
    expect(new Set(ours)).toEqual(expected);
  });
});
