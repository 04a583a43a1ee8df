// Copies a fixture repository to a scratch directory and adds the clutter that a real
// checkout accumulates (bytecode caches, installed dependencies), which is never committed.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Copy `fixtures/<name>` into a new temporary directory (or `dest`) and return its path. */
export function copyFixture(name, dest = mkdtempSync(join(tmpdir(), `dockmend-${name.replace(/\W/g, '-')}-`))) {
  cpSync(join(FIXTURES, name), dest, { recursive: true });
  addClutter(dest);
  return dest;
}

/**
 * For every directory holding .py files: `__pycache__/<module>.cpython-311.pyc`, as CPython
 * writes them; for every package.json: a `node_modules` with one dependency. Deterministic.
 */
export function addClutter(root) {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop();
    const entries = readdirSync(dir, { withFileTypes: true });
    const modules = entries.filter((e) => e.isFile() && e.name.endsWith('.py')).map((e) => e.name.slice(0, -3));
    if (modules.length > 0) {
      mkdirSync(join(dir, '__pycache__'), { recursive: true });
      // A CPython 3.11 header and a body of a typical size for a small module.
      for (const m of modules) writeFileSync(join(dir, '__pycache__', `${m}.cpython-311.pyc`), Buffer.concat([Buffer.from([0xa7, 0x0d, 0x0d, 0x0a]), Buffer.alloc(2044 + 512 * m.length)]));
    }
    if (entries.some((e) => e.isFile() && e.name === 'package.json') && !entries.some((e) => e.name === 'node_modules')) {
      mkdirSync(join(dir, 'node_modules', 'next'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', 'next', 'package.json'), '{"name":"next","version":"15.0.0"}\n');
      writeFileSync(join(dir, 'node_modules', 'next', 'index.js'), `// next\n${'/* bundled */\n'.repeat(4000)}`);
    }
    for (const e of entries) if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '__pycache__') stack.push(join(dir, e.name));
  }
}
