// Deterministic synthetic monorepo for `npm run bench`. The same (files, seed) always gives
// byte-identical trees: every choice comes from one fixed-seed PRNG, consumed in a fixed order.
//
// At the default 100,000 files (everything else scales with files / 100,000):
//   .git/                 5,000 files (loose objects under 256 fan-out directories, refs, HEAD)
//   node_modules/        20,000 files (800 packages, some scoped)
//   apps/gN/svcNN/       49 build contexts (plus the root one: 50), 4 Dockerfiles each,
//                        ~10 COPY/ADD per Dockerfile (wildcards, --from, JSON form, a few
//                        sources that do not exist), config, static assets, a Python tree
//   libs/libNN/          Python packages outside any service context
//   docker/              the root context's 4 Dockerfiles (built with `context: .`)
//   deploy/stackNN/      40 compose files, 5 services each (one per Dockerfile), with
//                        "${PORT_N:-80NN}:80" ports, `environment:` lists and maps, merge keys,
//                        some `version:` keys, some `.env` files
//   5,000 Python package directories, each with a `__pycache__` holding 2 .pyc files
//   .dockerignore in 40% of the service contexts, half of them with root-only patterns
//   (`__pycache__`, `*.pyc`) that Docker applies at the context root only
// The rest of the file budget is .py modules, so `find ROOT -type f | wc -l` equals --files.
// Directories: 12,310 at 100k, more than the ~8,000 first asked for: 5,000 `__pycache__`
// directories need 5,000 distinct parents, and node_modules packages have a lib/ each.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bump when the layout or any content changes: it is part of the cache key. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_FILES = 100_000;
export const DEFAULT_SEED = 20240611;

export function defaultCacheDir() {
  return join(tmpdir(), 'dockmend-bench');
}

/** mulberry32: small, fast, good enough for layout choices, identical on every platform. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)];
      return s;
    },
  };
}

/** How many of each thing a repo of `files` files holds. */
export function sizing(files) {
  if (!Number.isInteger(files) || files < 2000) throw new Error(`--files must be an integer >= 2000 (got ${files})`);
  const s = files / DEFAULT_FILES;
  const contexts = Math.max(2, Math.round(50 * s));
  const sizes = {
    files,
    gitFiles: Math.round(5000 * s),
    nodeModulesFiles: Math.round(20000 * s),
    pycacheDirs: Math.round(5000 * s),
    pycPerCache: 2,
    contexts, // including the root context
    dockerfilesPerContext: 4,
    dockerfiles: contexts * 4,
    composeFiles: Math.max(1, Math.round(40 * s)),
  };
  return sizes;
}

const NAMES = ['core', 'api', 'auth', 'billing', 'search', 'events', 'models', 'utils', 'db', 'jobs', 'cache', 'notify', 'reports', 'admin', 'web', 'ingest'];
const MODULES = ['views', 'models', 'schemas', 'service', 'client', 'handlers', 'tasks', 'settings', 'errors', 'helpers', 'routes', 'validators', 'serializers', 'config', 'types', 'constants'];
const PYC_MAGIC = Buffer.from([0xcb, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]);

/**
 * Make sure the tree for (files, seed) exists under cacheDir; generate it once. Returns
 * { root, dir, meta } where root is the repository and dir holds it with its meta.json and the
 * derived trees (peers, cold start).
 */
export function ensureTree({ files = DEFAULT_FILES, seed = DEFAULT_SEED, cacheDir = defaultCacheDir(), regenerate = false, log = () => {} } = {}) {
  const key = `files-${files}-seed-${seed}-v${GENERATOR_VERSION}`;
  const dir = join(cacheDir, key);
  const metaPath = join(dir, 'meta.json');
  if (!regenerate && existsSync(metaPath)) {
    return { root: join(dir, 'repo'), dir, meta: JSON.parse(readFileSync(metaPath, 'utf8')), cached: true };
  }
  rmSync(dir, { recursive: true, force: true });
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const started = process.hrtime.bigint();
  log(`generating ${files.toLocaleString('en-US')} files (seed ${seed}) in ${dir} ...`);
  const meta = generate(join(staging, 'repo'), files, seed);
  writeDerivedTrees(staging, join(staging, 'repo'), meta);
  meta.generatedInMs = Number(process.hrtime.bigint() - started) / 1e6;
  meta.key = key;
  writeFileSync(join(staging, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  renameSync(staging, dir);
  log(`generated in ${(meta.generatedInMs / 1000).toFixed(1)} s`);
  return { root: join(dir, 'repo'), dir, meta, cached: false };
}

/** Write the repository into `root` (which must not exist) and describe it. */
export function generate(root, files, seed) {
  const sizes = sizing(files);
  const rnd = prng(seed);
  const dirs = new Set();
  let fileCount = 0;
  const mkdir = (rel) => {
    if (dirs.has(rel)) return;
    mkdirSync(join(root, rel), { recursive: true });
    for (let d = rel; d !== '.' && d !== '' && !dirs.has(d); d = dirname(d)) dirs.add(d);
  };
  const write = (rel, content) => {
    mkdir(dirname(rel));
    writeFileSync(join(root, rel), content);
    fileCount++;
  };
  mkdirSync(root, { recursive: true });
  const meta = { sizes, seed, dockerfiles: [], composeFiles: [], contexts: [], dockerignores: { rootOnly: [], anchored: [] } };

  // --- .git: HEAD, config, refs, packed-refs, then loose objects under objects/xx/.
  const gitFixed = ['HEAD', 'config', 'description', 'packed-refs', 'refs/heads/main', 'index'];
  for (const f of gitFixed) write(`.git/${f}`, f === 'HEAD' ? 'ref: refs/heads/main\n' : `${f} ${rnd.hex(40)}\n`);
  for (let i = gitFixed.length; i < sizes.gitFiles; i++) {
    const h = rnd.hex(40);
    write(`.git/objects/${h.slice(0, 2)}/${h.slice(2)}`, Buffer.from(`x\u0001${h}`));
  }

  // --- node_modules: 25 files a package (package.json, README, LICENSE, index.js, lib/*.js).
  const perPkg = 25;
  const pkgCount = Math.ceil(sizes.nodeModulesFiles / perPkg);
  let nmLeft = sizes.nodeModulesFiles;
  for (let p = 0; p < pkgCount && nmLeft > 0; p++) {
    const name = p % 8 === 0 ? `@scope${p % 5}/pkg-${p}` : `pkg-${p}-${rnd.pick(NAMES)}`;
    const base = `node_modules/${name}`;
    const head = [
      ['package.json', `{"name":"${name}","version":"1.${p % 10}.${rnd.int(20)}","main":"index.js"}\n`],
      ['README.md', `# ${name}\n`],
      ['LICENSE', 'MIT\n'],
      ['index.js', `module.exports = require('./lib/m0.js');\n`],
    ];
    for (const [f, c] of head) {
      if (nmLeft === 0) break;
      write(`${base}/${f}`, c);
      nmLeft--;
    }
    for (let m = 0; m < perPkg - head.length && nmLeft > 0; m++, nmLeft--) write(`${base}/lib/m${m}.js`, `exports.v${m} = ${rnd.int(1000)};\n`);
  }

  // --- Build contexts. Context 0 is the root; the others are apps/gN/svcNN.
  const contexts = [{ dir: '', name: 'root' }];
  for (let c = 1; c < sizes.contexts; c++) contexts.push({ dir: `apps/g${Math.floor(c / 10)}/svc${String(c).padStart(2, '0')}`, name: `svc${String(c).padStart(2, '0')}` });
  meta.contexts = contexts.map((c) => c.dir || '.');

  // Python package directories: 80% inside service contexts, the rest in libs/.
  const pkgDirs = [];
  const services = contexts.slice(1);
  const inContexts = Math.round(sizes.pycacheDirs * 0.8);
  const libsCount = Math.max(1, Math.round(sizes.pycacheDirs / 100));
  const tops = [];
  for (let i = 0; i < services.length; i++) tops.push({ base: `${services[i].dir}/src/${services[i].name}`, quota: 0, ctx: services[i] });
  for (let i = 0; i < libsCount; i++) tops.push({ base: `libs/lib${String(i).padStart(2, '0')}/${rnd.pick(NAMES)}${i}`, quota: 0, ctx: null });
  for (let i = 0; i < inContexts; i++) tops[i % services.length].quota++;
  for (let i = 0; i < sizes.pycacheDirs - inContexts; i++) tops[services.length + (i % libsCount)].quota++;
  for (const top of tops) {
    const mine = [];
    for (let i = 0; i < top.quota; i++) {
      if (i === 0) {
        mine.push({ path: top.base, depth: 0 });
        continue;
      }
      const candidates = mine.filter((d) => d.depth < 4);
      const parent = candidates[rnd.int(candidates.length)];
      mine.push({ path: `${parent.path}/${rnd.pick(MODULES)}_${i}`, depth: parent.depth + 1 });
    }
    top.pkgs = mine.map((d) => d.path);
    pkgDirs.push(...top.pkgs);
  }

  // Context furniture and Dockerfiles.
  const dockerfileNames = ['Dockerfile', 'Dockerfile.dev', 'Dockerfile.test', 'docker/prod.Dockerfile'];
  const allDockerfiles = [];
  for (const ctx of services) {
    const d = ctx.dir;
    write(`${d}/requirements.txt`, 'fastapi==0.110.0\nuvicorn==0.29.0\npydantic==2.6.4\n');
    write(`${d}/requirements-dev.txt`, '-r requirements.txt\npytest==8.1.1\n');
    write(`${d}/pyproject.toml`, `[project]\nname = "${ctx.name}"\nversion = "0.1.0"\n`);
    write(`${d}/setup.cfg`, `[metadata]\nname = ${ctx.name}\n`);
    write(`${d}/package.json`, `{"name":"${ctx.name}-web","private":true}\n`);
    write(`${d}/entrypoint.sh`, '#!/bin/sh\nexec "$@"\n');
    write(`${d}/config/app.yml`, `name: ${ctx.name}\nport: 80\n`);
    write(`${d}/config/logging.yml`, 'version: 1\nroot:\n  level: INFO\n');
    write(`${d}/config/b-extra.yml`, 'extra: true\n');
    write(`${d}/static/css/site.css`, 'body { margin: 0 }\n');
    write(`${d}/static/js/app.js`, 'console.log("app");\n');
    write(`${d}/README.md`, `# ${ctx.name}\n`);
    if (rnd.chance(0.3)) write(`${d}/.env`, `PORT=80\nLOG_LEVEL=debug\n`);
    for (const name of dockerfileNames) {
      const path = `${d}/${name}`;
      write(path, serviceDockerfile(rnd, ctx, name));
      allDockerfiles.push({ path, context: d, dockerfile: name });
    }
  }
  for (let k = 0; k < sizes.dockerfilesPerContext; k++) {
    const name = `docker/root-${k}.Dockerfile`;
    write(name, rootDockerfile(rnd, k, services));
    allDockerfiles.push({ path: name, context: '', dockerfile: name });
  }
  meta.dockerfiles = allDockerfiles.map((d) => d.path);

  // .dockerignore in 40% of the service contexts; half of those use root-only patterns.
  const withIgnore = services.filter((_, i) => i % 5 === 1 || i % 5 === 3);
  withIgnore.forEach((ctx, i) => {
    const rootOnly = i % 2 === 0;
    const path = `${ctx.dir}/.dockerignore`;
    write(
      path,
      rootOnly
        ? '# caches\n__pycache__\n*.pyc\nnode_modules\n.git\n.env\n'
        : '# caches\n**/__pycache__\n**/*.py[cod]\n**/node_modules\n.git\n!.env.example\n',
    );
    (rootOnly ? meta.dockerignores.rootOnly : meta.dockerignores.anchored).push(path);
  });
  // One per-Dockerfile ignore file (BuildKit reads `<Dockerfile>.dockerignore` first).
  write(`${services[0].dir}/Dockerfile.dev.dockerignore`, '**/__pycache__\n**/*.pyc\n');

  // --- Compose files: deploy/stackNN, 5 services each, in Dockerfile order (the root context's
  // Dockerfiles last). With fewer compose files, the remaining Dockerfiles stay unnamed.
  const perCompose = Math.ceil(allDockerfiles.length / sizes.composeFiles);
  for (let k = 0; k < sizes.composeFiles; k++) {
    const dir = `deploy/stack${String(k).padStart(2, '0')}`;
    const name = k % 4 === 3 ? 'compose.yaml' : 'docker-compose.yml';
    const mine = allDockerfiles.slice(k * perCompose, (k + 1) * perCompose);
    const path = `${dir}/${name}`;
    write(path, composeFile(rnd, k, k * perCompose, mine));
    meta.composeFiles.push(path);
    if (k % 3 === 0) write(`${dir}/.env`, `PORT_${k * perCompose}=${9000 + k}\nLOG_LEVEL=info\n`);
  }

  // A few editor leftovers and docs.
  write('README.md', '# synthetic monorepo for dockmend bench\n');
  write('docs/architecture.md', '# Architecture\n');
  write('.vscode/settings.json', '{}\n');
  write('apps/.DS_Store', Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));

  // --- Python packages: __init__.py + __pycache__ (2 .pyc) each, then fill the rest of the
  // budget with modules, so the total is exactly `files`.
  const fixedPerPkg = 1 + sizes.pycPerCache;
  let left = files - fileCount - pkgDirs.length * fixedPerPkg;
  if (left < 0) throw new Error(`--files ${files} is too small for the fixed layout (${fileCount + pkgDirs.length * fixedPerPkg} files)`);
  const extra = new Array(pkgDirs.length).fill(0);
  const base = Math.floor(left / pkgDirs.length);
  for (let i = 0; i < pkgDirs.length; i++) extra[i] = base;
  left -= base * pkgDirs.length;
  for (let i = 0; left > 0; i = (i + 1) % pkgDirs.length, left--) extra[i]++;
  // Shuffle the counts a little (pairwise transfers keep the total).
  for (let i = 0; i < pkgDirs.length; i++) {
    const j = rnd.int(pkgDirs.length);
    const t = Math.min(extra[i], rnd.int(8));
    extra[i] -= t;
    extra[j] += t;
  }
  for (let i = 0; i < pkgDirs.length; i++) {
    const d = pkgDirs[i];
    write(`${d}/__init__.py`, `"""${d.split('/').pop()}"""\n`);
    write(`${d}/__pycache__/__init__.cpython-312.pyc`, PYC_MAGIC);
    write(`${d}/__pycache__/${MODULES[i % MODULES.length]}.cpython-312.pyc`, PYC_MAGIC);
    for (let m = 0; m < extra[i]; m++) {
      write(`${d}/${MODULES[m % MODULES.length]}${m >= MODULES.length ? `_${m}` : ''}.py`, `import os\n\nVALUE_${m} = ${rnd.int(100000)}\n`);
    }
  }

  meta.fileCount = fileCount;
  meta.dirCount = dirs.size;
  if (fileCount !== files) throw new Error(`generator bug: wrote ${fileCount} files, expected ${files}`);
  return meta;
}

function serviceDockerfile(rnd, ctx, name) {
  const top = ctx.name;
  const pool = [
    'COPY requirements*.txt ./',
    'COPY pyproject.toml setup.cfg ./',
    `COPY src/${top}/ /app/${top}/`,
    'COPY config/*.yml /etc/app/',
    'COPY config/[ab]*.yml /etc/app/extra/',
    'ADD static/ /app/static/',
    'COPY ["entrypoint.sh", "/usr/local/bin/entrypoint.sh"]',
    `COPY --chown=app:app src/${top}/*.py /app/${top}/`,
    'COPY static/?s/ /app/static/',
    'COPY package.json ./web/',
    'COPY --link README.md /app/',
    'COPY . /src',
    'ADD https://example.com/releases/tool-1.2.3.tar.gz /opt/',
  ];
  const lines = ['# syntax=docker/dockerfile:1', 'ARG PY_VERSION=3.12', 'FROM python:${PY_VERSION}-slim AS builder', 'WORKDIR /app'];
  const copies = [];
  const want = 8 + rnd.int(4); // 8–11 in the build stage, + 1–2 in the final stage
  const order = pool.map((l, i) => [rnd.next(), i]).sort((a, b) => a[0] - b[0]);
  for (const [, i] of order.slice(0, want)) copies.push(pool[i]);
  if (rnd.chance(0.15)) copies.push('COPY requirements.lock ./'); // does not exist
  for (let i = 0; i < copies.length; i++) {
    lines.push(copies[i]);
    if (i === 1) lines.push('RUN pip install --no-cache-dir -r requirements.txt');
  }
  lines.push('', 'FROM python:${PY_VERSION}-slim', 'WORKDIR /app', 'COPY --from=builder /app /app');
  if (name !== 'Dockerfile.test') lines.push('COPY --from=builder /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages');
  lines.push('EXPOSE 80', `CMD ["python", "-m", "${top}"]`, '');
  return lines.join('\n');
}

function rootDockerfile(rnd, k, services) {
  const a = services[rnd.int(services.length)];
  const b = services[rnd.int(services.length)];
  return [
    '# syntax=docker/dockerfile:1',
    `FROM node:20-slim AS web${k}`,
    'WORKDIR /repo',
    'COPY package*.json ./',
    'COPY node_modules/ ./node_modules/',
    'FROM python:3.12-slim',
    'WORKDIR /repo',
    `COPY ${a.dir}/requirements.txt ./requirements.txt`,
    `COPY ${b.dir}/requirements*.txt ./extra/`,
    'COPY libs/ ./libs/',
    `COPY ${a.dir}/src/ ./src/`,
    `COPY apps/g0/*/config/*.yml ./config/`,
    'COPY docs/*.md ./docs/',
    `COPY --from=web${k} /repo/node_modules ./node_modules`,
    'ADD README.md ./',
    'COPY . .',
    'CMD ["python", "-m", "app"]',
    '',
  ].join('\n');
}

function composeFile(rnd, k, first, dockerfiles) {
  const out = [];
  if (k % 2 === 0) out.push(`version: "${k % 4 === 0 ? '3.8' : '3.9'}"`, '');
  const anchors = k % 5 === 0;
  if (anchors) out.push('x-common-env: &common-env', '  LOG_LEVEL: ${LOG_LEVEL:-info}', '  TZ: UTC', '');
  out.push('services:');
  dockerfiles.forEach((df, i) => {
    const n = first + i;
    const svc = `${df.context ? df.context.split('/').pop() : 'root'}-${i}`;
    const ctx = df.context === '' ? '../..' : `../../${df.context}`;
    out.push(`  ${svc}:`);
    if (df.dockerfile === 'Dockerfile' && rnd.chance(0.5)) {
      out.push(`    build: ${ctx}`);
    } else {
      out.push('    build:', `      context: ${ctx}`, `      dockerfile: ${df.dockerfile}`);
      if (rnd.chance(0.5)) out.push('      args:', '        PY_VERSION: "3.12"', `        BUILD_ID: \${BUILD_ID:-dev-${n}}`);
    }
    out.push(`    image: registry.example.com/${svc}:\${TAG:-latest}`);
    out.push('    ports:', `      - "\${PORT_${n}:-80${String(n % 100).padStart(2, '0')}}:80"`);
    if (rnd.chance(0.3)) out.push(`      - "\${METRICS_PORT_${n}:-9${String(n % 1000).padStart(3, '0')}}:9100"`);
    if (anchors && i % 2 === 0) {
      out.push('    environment:', '      <<: *common-env', `      DATABASE_URL: postgres://app:\${DB_PASSWORD:?set DB_PASSWORD}@db-${k}:5432/app`);
    } else if (i % 2 === 0) {
      out.push('    environment:', `      - SERVICE_NAME=${svc}`, '      - LOG_LEVEL=${LOG_LEVEL:-info}', `      - REDIS_URL=redis://cache-${k}:6379/\${REDIS_DB:-0}`);
    } else {
      out.push('    environment:', `      SERVICE_NAME: ${svc}`, '      WORKERS: ${WORKERS:-4}', '      DEBUG: "false"');
    }
    if (rnd.chance(0.4)) out.push('    env_file:', '      - .env');
    out.push('    restart: unless-stopped', '');
  });
  return out.join('\n');
}

/** The peers' trees (just the compose files; just the Dockerfiles) and the cold-start repo. */
function writeDerivedTrees(dir, root, meta) {
  const copyList = (name, list) => {
    for (const rel of list) {
      const dest = join(dir, name, rel);
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, readFileSync(join(root, rel)));
    }
  };
  copyList('compose-only', meta.composeFiles);
  copyList('dockerfiles-only', meta.dockerfiles);
  mkdirSync(join(dir, 'cold'), { recursive: true });
  writeFileSync(join(dir, 'cold', 'Dockerfile'), 'FROM alpine:3.20\nCOPY app.sh /usr/local/bin/app.sh\nCMD ["app.sh"]\n');
  writeFileSync(join(dir, 'cold', 'app.sh'), '#!/bin/sh\necho hi\n');
}

// `node bench/generate.mjs [--files N] [--seed N]`: generate (or find) the tree, print its path.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const get = (flag, dflt) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const { root, meta, cached } = ensureTree({ files: get('--files', DEFAULT_FILES), seed: get('--seed', DEFAULT_SEED), regenerate: args.includes('--regenerate'), log: (m) => console.error(m) });
  console.error(`${cached ? 'cached' : 'new'}: ${meta.fileCount} files, ${meta.dirCount} directories`);
  console.log(root);
}
