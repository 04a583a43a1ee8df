import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// Two bundles (see ../shared/notes/dependencies.md, "Start-up cost"):
// - dist/cli.cjs, everything but the terminal UI, as one classic script, so that bin/ can load
//   it through a V8 code cache (bin/load-cli.js) written after the build by scripts/code-cache.mjs;
//   the generated Compose-schema validator (a third of its source) is a classic script of its
//   own, dist/compose-spec.cjs, with its own code cache, loaded only when a compose file is
//   validated, and so is the yaml package (dist/yaml.cjs), loaded when a YAML file is first
//   parsed: a scan without compose files neither reads nor deserialises them; prompts
//   (dist/prompts.cjs) is read only for a confirmation on a terminal, and the Bake model
//   (dist/bake.cjs) only for a repository with a Bake file;
// - dist/ui/ui.js (and its chunks), the Ink UI, an ES module because Ink and yoga-layout use
//   top-level await; cli.cjs loads it with import() only for an interactive session.

const requireHere = createRequire(import.meta.url);

/** What bin/load-cli.js calls each dist/*.cjs file with (the chunks use the first five). */
const WRAPPER_PARAMETERS = 'exports, require, module, __filename, __dirname, __dockmendImport, __dockmendChunk';

const cli: Options = {
  entry: { cli: 'src/cli.ts', 'compose-spec': 'src/compose/compose-spec.generated.ts', yaml: requireHere.resolve('yaml'), prompts: requireHere.resolve('prompts'), bake: 'src/bake/model.ts' },
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  outExtension: () => ({ js: '.cjs' }),
  // tsup cleans `**/*` plus these globs: keep dist/ui/, which the other build writes meanwhile.
  clean: ['!ui/**'],
  splitting: false,
  sourcemap: false,
  noExternal: [/.*/],
  shims: false,
  // Each file is one function expression, which bin/load-cli.js compiles and calls with
  // CommonJS's arguments plus its loaders (wrapping the text at run time made V8 copy the whole
  // bundle into one flat string first: ~5 ms of every start). The wrapper and the build's name
  // share the first line, so line numbers stay true; bin/load-cli.js uses a code cache only when
  // the cache starts with the same line, i.e. was written for this very bundle.
  banner: { js: `(function (${WRAPPER_PARAMETERS}) {// dockmend build ${randomUUID()}` },
  footer: { js: '})' },
  esbuildOptions(options) {
    // ASCII only (non-ASCII characters escaped), so that the loader can read it as latin1.
    options.charset = 'ascii';
    // Without esbuild's default `module` condition, packages that ship both take their
    // CommonJS build: vscode-languageserver-types (dockerfile-ast's) is then one module.exports
    // that a dozen require() calls share, instead of an ES module that esbuild's __toCommonJS
    // copies, export by export, for each of them at every start-up.
    options.conditions = ['node', 'require', 'default'];
  },
  esbuildPlugins: [
    {
      // The yaml package is loaded on first use: cli.cjs holds a stub whose exports are getters
      // that load dist/yaml.cjs (through the loader bin/load-cli.js passes in) when first read.
      // esbuild reads an import's binding at each use (`import_yaml.isMap(x)`), so no import
      // loads it before a YAML text is parsed.
      name: 'yaml-through-the-loader',
      setup(build) {
        build.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'dockmend-lazy-yaml' }));
        build.onLoad({ filter: /.*/, namespace: 'dockmend-lazy-yaml' }, () => ({
          // Once loaded, each getter is replaced by the value itself: the hot helpers (isMap,
          // isScalar, …) then cost what they cost before the split.
          // The exports are on the prototype of module.exports, not on the object itself: each
          // module that imports yaml wraps it with esbuild's __toESM, which copies every own
          // property (as a getter) and keeps the prototype — 14 importers × 55 names copied
          // at every start-up otherwise.
          contents: [
            `const names = ${JSON.stringify(Object.keys(requireHere('yaml')))};`,
            'const shared = {};',
            'let loaded;',
            'const load = () => {',
            '  if (loaded === undefined) {',
            "    loaded = __dockmendChunk('yaml.cjs');",
            '    for (const name of names) Object.defineProperty(shared, name, { enumerable: true, value: loaded[name] });',
            '  }',
            '  return loaded;',
            '};',
            'for (const name of names) Object.defineProperty(shared, name, { enumerable: true, configurable: true, get: () => load()[name] });',
            'module.exports = Object.create(shared);',
          ].join('\n'),
          loader: 'js',
        }));
      },
    },
    {
      // prompts (the confirmation of `fix --write` and `init` on a terminal) is imported
      // dynamically: its chunk, dist/prompts.cjs, is read only then.
      name: 'prompts-through-the-loader',
      setup(build) {
        build.onResolve({ filter: /^prompts$/ }, () => ({ path: 'prompts', namespace: 'dockmend-lazy-prompts' }));
        build.onLoad({ filter: /.*/, namespace: 'dockmend-lazy-prompts' }, () => ({ contents: "module.exports = __dockmendChunk('prompts.cjs');", loader: 'js' }));
      },
    },
    {
      // The validator is loaded on first use, through a loader bin/load-cli.js passes in (as
      // for the UI below): cli.cjs holds only this stub of it.
      name: 'validator-through-the-loader',
      setup(build) {
        build.onResolve({ filter: /^\.\/compose-spec\.generated\.js$/ }, () => ({ path: 'compose-spec', namespace: 'dockmend-chunk' }));
        build.onLoad({ filter: /.*/, namespace: 'dockmend-chunk' }, () => ({
          contents: "export const createValidator = () => __dockmendChunk('compose-spec.cjs').createValidator();",
          loader: 'js',
        }));
      },
    },
    {
      // Docker Bake files (src/bake/: the HCL parser's loader, the expression evaluator, the
      // model) are read only where a repository has one: cli.cjs holds a stub of the one
      // function the project model calls, and dist/bake.cjs is loaded on its first call.
      // src/bake/ imports nothing from the rest of dockmend but types, so nothing is bundled twice.
      name: 'bake-through-the-loader',
      setup(build) {
        build.onResolve({ filter: /^\.\.\/bake\/model\.js$/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: 'bake', namespace: 'dockmend-bake' }));
        build.onLoad({ filter: /.*/, namespace: 'dockmend-bake' }, () => ({
          contents: "export const readBakeSet = (set, read) => __dockmendChunk('bake.cjs').readBakeSet(set, read);",
          loader: 'js',
        }));
      },
    },
    {
      // V8 drops what import() needs from code it restores from a cache ("A dynamic import
      // callback was not specified"), so the bundle has no import() of its own: the one module
      // it loads lazily, the UI, comes through an importer that bin/load-cli.js passes in.
      name: 'ui-through-the-loader',
      setup(build) {
        build.onResolve({ filter: /^\.\/ui\/index\.js$/ }, () => ({ path: 'ui', namespace: 'dockmend-ui' }));
        build.onLoad({ filter: /.*/, namespace: 'dockmend-ui' }, () => ({
          contents: "export const runInteractiveFix = async (args) => (await __dockmendImport('./ui/ui.js')).runInteractiveFix(args);",
          loader: 'js',
        }));
      },
    },
  ],
  async onSuccess() {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('./scripts/code-cache.mjs', import.meta.url))], { stdio: 'inherit' });
    if (r.status !== 0) process.stderr.write('code-cache: the warm-up run failed; dist/cli.cjs.cache not written\n');
  },
};

/** The UI build's options (test/ui/e2e.test.ts bundles its launcher with them). */
export const ui: Options = {
  entry: { ui: 'src/ui/index.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist/ui',
  clean: true,
  splitting: true,
  sourcemap: false,
  noExternal: [/.*/],
  shims: false,
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __dockmendCreateRequire } from 'node:module'; const require = __dockmendCreateRequire(import.meta.url);" },
  esbuildOptions(options) {
    // Ink imports `react-devtools-core` (not a dependency) when DEV=true: resolve it to a stub.
    options.alias = { ...options.alias, 'react-devtools-core': fileURLToPath(new URL('./src/ui/devtools-stub.ts', import.meta.url)) };
  },
};

export default defineConfig([cli, ui]);
