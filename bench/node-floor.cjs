// The least any Node scanner built on the design card's parsers must do on a tree, measured by
// `npm run bench` as "node floor": start Node, walk the tree once (listing the same directories
// dockmend lists: dependency, VCS and bytecode-cache directories are not descended), read every
// compose file and Dockerfile, and parse them with yaml and dockerfile-ast. No rules, no output.
// Information only: it shows how much of dockmend's time any implementation on this stack pays.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { parseDocument } = require('yaml');
const { DockerfileParser } = require('dockerfile-ast');

// As src/project/walk.ts OPAQUE_DIRS and src/project/discover.ts.
const OPAQUE = new Set(['.git', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox']);
const isCompose = (n) => /^(docker-)?compose(\.[^/]+)?\.ya?ml$/.test(n);
const isDockerfile = (n) => !n.endsWith('.dockerignore') && (n === 'Dockerfile' || n === 'Containerfile' || n.startsWith('Dockerfile.') || n.startsWith('Containerfile.') || n.endsWith('.Dockerfile') || n.endsWith('.dockerfile'));

const compose = [];
const dockerfiles = [];
const stack = [process.argv[2]];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!OPAQUE.has(e.name)) stack.push(`${dir}/${e.name}`);
    } else if (e.isFile()) {
      if (isCompose(e.name)) compose.push(`${dir}/${e.name}`);
      else if (isDockerfile(e.name)) dockerfiles.push(`${dir}/${e.name}`);
    }
  }
}
for (const f of compose) parseDocument(readFileSync(f, 'utf8'), { merge: true, prettyErrors: false, uniqueKeys: false });
for (const f of dockerfiles) DockerfileParser.parse(readFileSync(f, 'utf8')).getInstructions();
process.stdout.write(`${compose.length} ${dockerfiles.length}\n`);
