import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

// One bundled ESM file for the CLI: start-up cost is dominated by module resolution, so the
// runtime dependencies are bundled in (see ../shared/notes/dependencies.md, "Start-up cost").
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
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
});
