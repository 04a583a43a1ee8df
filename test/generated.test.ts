// Build outputs (src/analysis/generated.ts): which line of which file says a missing source is made.
import { describe, expect, it } from 'vitest';
import { generatedSource, writtenPaths } from '../src/analysis/generated.js';
import { buildProject } from '../src/project/project.js';
import { openSession } from '../src/fix/engine.js';
import { tree } from './helpers.js';

describe('writtenPaths: what a script line creates', () => {
  it.each([
    ['mkdir -p .pki', ['.pki']],
    ['  @mkdir -p build/out dist', ['build/out', 'dist']],
    ['echo x > dist/version.txt', ['dist/version.txt']],
    ['echo x >>dist/log', ['dist/log']],
    ['cp tls/ca.pem .pki/ca.pem', ['.pki/ca.pem']],
    ['cp -r ./static/ "${PWD}/public/"', ['public']],
    ['go build -o bin/server ./cmd/server && strip bin/server', ['bin/server']],
    ['openssl req -x509 -keyout certs/key.pem -out certs/cert.pem', ['certs/key.pem', 'certs/cert.pem']],
    ['      - run: npm run build --output=dist', ['dist']],
    ['touch .env', ['.env']],
  ])('%s', (line, expected) => {
    expect(writtenPaths(line)).toEqual(expected);
  });

  it.each([
    ['# mkdir -p .pki'],
    ['mkdir -p "$OUT_DIR"'],
    ['cp build/* $TARGET'],
    ['echo done > /dev/null 2>&1'],
    ['echo oops >&2'],
    ['mkdir -p /var/lib/app'],
    ['cp a ../outside'],
    ['cat .pki/ca.pem'],
    ['cp onlyone'],
  ])('%s writes nothing', (line) => {
    expect(writtenPaths(line)).toEqual([]);
  });
});

describe('generatedSource', () => {
  const project = (files: Record<string, string>) => {
    const s = openSession(tree(files));
    return buildProject(s.tree, s.sources);
  };

  it('names the .gitignore line and the folder it excludes', () => {
    const p = project({ '.gitignore': 'node_modules\n\n**/dist\n', 'web/Dockerfile': 'FROM nginx\n' });
    const g = generatedSource(p, 'web', 'dist/index.html');
    expect(g?.ignored?.file).toBe('.gitignore');
    expect(g?.ignored?.pattern.line).toBe(3);
    expect(g?.ignored?.matched).toBe('web/dist');
    expect(g?.writer).toBeUndefined();
  });

  it('names the script line that writes it', () => {
    const p = project({ 'tls/run-tls.sh': 'set -e\nmkdir -p .pki\n', Dockerfile: 'FROM x\n' });
    const g = generatedSource(p, '', '.pki/ca.pem');
    expect(g?.writer).toMatchObject({ file: 'tls/run-tls.sh', line: 2, path: '.pki' });
    expect(g?.ignored).toBeUndefined();
  });

  it('nothing says so: null (a re-included file, an anchored pattern of another folder)', () => {
    const p = project({ '.gitignore': '*.log\n!app.log\n/dist\n', 'svc/Dockerfile': 'FROM x\n', 'build.sh': 'mkdir -p "$OUT"\n' });
    expect(generatedSource(p, 'svc', 'app.log')).toBeNull();
    expect(generatedSource(p, 'svc', 'dist/x')).toBeNull();
    expect(generatedSource(p, 'svc', 'config.yml')).toBeNull();
  });
});
