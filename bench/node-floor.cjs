// The least any Node scanner built on the design card's parsers must do on a tree to check what
// dockmend checks, measured by `npm run bench` as "node floor" (the targets of issue 18 are
// stated against it): start Node, walk the tree once, read the files dockmend reads and parse
// the compose files and Dockerfiles with yaml and dockerfile-ast. No rules, no model, no output.
//
// No less than dockmend must do:
// - the walk lists the same directories (dependency, VCS and bytecode-cache directories are
//   listed, not descended: src/project/walk.ts OPAQUE_DIRS), with file types;
// - it reads what dockmend reads on any scan: compose files and Dockerfiles by name
//   (src/project/discover.ts), .dockerignore and .env files, the first 4 KB of every other
//   YAML file (compose files by content), and the Makefiles, scripts, package.json files,
//   workflows and READMEs that Compose and `docker build` command lines are found in
//   (src/project/invocations.ts, invocationSourceKind);
// and no more than it must:
// - Dockerfiles are parsed into dockerfile-ast's instruction list with plain instructions, as
//   dockmend does (src/dockerfile/model.ts parseInstructions): the keyword classes of
//   `DockerfileParser.parse` tokenise arguments no Docker-exact checker may use;
// - the files are not sorted, and nothing is kept but what the parsers return.
'use strict';
const { closeSync, openSync, readSync, readdirSync, readFileSync } = require('node:fs');
const { parseDocument } = require('yaml');
const { Instruction } = require('dockerfile-ast');
const { Parser } = require('dockerfile-ast/lib/parser.js');

const OPAQUE = new Set(['.git', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox']);
const TEMPLATE_SUFFIX = /\.(?:template|tmpl|tpl|j2|jinja2?|in)$/i;
const isDockerfile = (n) =>
  !n.endsWith('.dockerignore') &&
  !TEMPLATE_SUFFIX.test(n) &&
  (n === 'Dockerfile' || n === 'Containerfile' || n.startsWith('Dockerfile.') || n.startsWith('Dockerfile-') || n.startsWith('Dockerfile_') || n.startsWith('Containerfile.') || n.endsWith('.Dockerfile') || n.endsWith('.dockerfile'));
const isCompose = (n) => /^(?:docker-)?compose(?:[-_.][^/]+)?\.ya?ml$/.test(n) || /^[^/]+[-_.]compose\.ya?ml$/.test(n);
const isOtherRead = (n) => n === '.dockerignore' || n.endsWith('.dockerignore') || n === '.env' || n.startsWith('.env.');
const DOC_DIRS = /(^|\/)(docs?|documentation)(\/|$)/i;
const isCommandSource = (dir, n) =>
  n === 'Makefile' ||
  n === 'makefile' ||
  n === 'GNUmakefile' ||
  n.endsWith('.mk') ||
  n.endsWith('.sh') ||
  n.endsWith('.bash') ||
  n === 'package.json' ||
  (dir.endsWith('/.github/workflows') && /\.ya?ml$/.test(n)) ||
  (/\.md$/i.test(n) && (/^readme/i.test(n) || DOC_DIRS.test(dir)));

const compose = [];
const dockerfiles = [];
const texts = [];
const yaml = [];
const root = process.argv[2];
const stack = [root];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const name = e.name;
    if (e.isDirectory()) {
      if (!OPAQUE.has(name)) stack.push(`${dir}/${name}`);
    } else if (e.isFile()) {
      if (isCompose(name)) compose.push(`${dir}/${name}`);
      else if (isDockerfile(name)) dockerfiles.push(`${dir}/${name}`);
      else if (isOtherRead(name) || isCommandSource(dir, name)) texts.push(`${dir}/${name}`);
      else if (/\.ya?ml$/.test(name)) yaml.push(`${dir}/${name}`);
    }
  }
}

/** dockerfile-ast's parse with plain instructions (src/dockerfile/model.ts parseInstructions). */
function parseInstructions(text) {
  const parser = new Parser();
  const full = parser.createInstruction;
  parser.createInstruction = function (dockerfile, keyword, start, keywordEnd, end) {
    if (keyword.toUpperCase() === 'ONBUILD') return full.call(this, dockerfile, keyword, start, keywordEnd, end);
    const startPosition = this.document.positionAt(start);
    const lineRange = { start: startPosition, end: this.document.positionAt(end) };
    const keywordRange = { start: startPosition, end: this.document.positionAt(keywordEnd) };
    return new Instruction(this.document, lineRange, dockerfile, this.escapeChar, keyword, keywordRange);
  };
  return parser.parse(text);
}

let bytes = 0;
for (const f of compose) parseDocument(readFileSync(f, 'utf8'), { merge: true, prettyErrors: false, uniqueKeys: false });
for (const f of dockerfiles) parseInstructions(readFileSync(f, 'utf8')).getInstructions();
for (const f of texts) bytes += readFileSync(f, 'utf8').length;
const head = Buffer.alloc(4096);
for (const f of yaml) {
  const fd = openSync(f, 'r');
  bytes += head.toString('utf8', 0, readSync(fd, head, 0, 4096, 0)).length;
  closeSync(fd);
}
process.stdout.write(`${compose.length} ${dockerfiles.length} ${texts.length} ${yaml.length} ${bytes}\n`);
