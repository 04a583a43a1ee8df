import { emptyComposeFiles } from '../compose/empty-files.js';
import { isEnvFileName } from '../project/discover.js';
import { basenameOf } from '../project/paths.js';
import { escapeControl, LineIndex } from '../text.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/** A line that holds an instruction: not blank, not a comment or parser directive. */
const INSTRUCTION_LINE = /^[ \t]*[^#\s]/m;

/**
 * A file dockmend should read but cannot: reported so the rest of the scan goes on. Also what
 * BuildKit's own parser refuses before any build step: a Dockerfile without instructions
 * ("the Dockerfile cannot be empty", "file with no instructions"), and links named like a
 * Dockerfile or compose file that point out of the root, nowhere, or into a loop (never followed);
 * and compose files Compose refuses before reading any key (empty, or not a mapping).
 */
export const parseError: Detector<Record<string, never>> = {
  meta: {
    id: 'parse-error',
    summary: 'A Dockerfile, compose, ignore or env file cannot be read or parsed.',
    severity: 'error',
    fix: 'none',
    docs: 'docs/rules/parse-error.md',
    defaultOptions: {},
  },
  detect(project) {
    // A file encrypted with git-crypt is text once the repository is unlocked (`git-crypt
    // unlock`, a step outside it): dockmend cannot judge it, so info, naming the step. Any
    // other unreadable file (binary, UTF-16, invalid YAML) fails the build as it stands.
    const findings: Finding[] = project.unreadable.map((u) => ({
      rule: 'parse-error',
      severity: u.binary === 'git-crypt' ? ('info' as const) : ('error' as const),
      location: { file: u.path, start: u.span?.start ?? 0, end: u.span?.end ?? 0 },
      message: u.binary === 'git-crypt' ? `${u.problem}: dockmend cannot read it; run \`git-crypt unlock\` and scan again to check it` : u.problem,
    }));
    // A Bake file that is not text, not valid HCL or JSON: `docker buildx bake` fails on it.
    const bakeSeen = new Set<string>();
    for (const model of project.bake ?? []) {
      for (const p of model.problems) {
        if (p.kind !== 'unreadable' || !p.invalid || bakeSeen.has(p.file)) continue;
        bakeSeen.add(p.file);
        const first = p.message.split('\n')[0]!;
        // HCL's diagnostics start with where: `docker-bake.hcl:3,14-15: …` or `…:5,9-6,1: …`
        // (line,column[-[line,]column], 1-based).
        const at = /^[^\n]*?:(\d+),(\d+)(?:-(?:(\d+),)?(\d+))?: /.exec(first);
        const text = at ? project.sources.read(p.file).text : null;
        let location = { file: p.file, start: 0, end: 0 };
        if (at && text !== null) {
          const index = new LineIndex(text);
          const offset = (line: number, column: number) => {
            const l = Math.max(1, Math.min(line, index.lineCount));
            return Math.min(index.lineStart(l) + column - 1, index.lineEnd(l));
          };
          const start = offset(Number(at[1]), Number(at[2]));
          const end = at[4] ? offset(Number(at[3] ?? at[1]), Number(at[4])) : start;
          location = { file: p.file, start, end: Math.max(start, end) };
        }
        findings.push({ rule: 'parse-error', severity: 'error', location, message: `invalid Bake file: ${at ? first.slice(at[0].length) : first}` });
      }
    }
    const unreadable = new Set(project.unreadable.map((u) => u.path));
    for (const path of project.dockerfiles) {
      if (unreadable.has(path)) continue;
      const text = project.sources.read(path).text;
      // BuildKit drops a UTF-8 BOM before parsing (parser.go); a zero-byte file fails earlier.
      if (text === null || INSTRUCTION_LINE.test(text.replace(/^\uFEFF/, ''))) continue;
      findings.push({
        rule: 'parse-error',
        severity: 'error',
        location: { file: path, start: 0, end: 0 },
        message: text === '' ? 'the Dockerfile is empty: docker build stops with "the Dockerfile cannot be empty"' : 'the Dockerfile has no instructions: docker build stops with "file with no instructions"',
      });
    }
    // Compose refuses a file whose top level is not a mapping (compose-go: "Top-level object
    // must be a mapping"), and a project with no content ("empty compose file"). An empty file
    // merged with others is skipped; one with only comments that nothing runs alone is a
    // template (compose-empty-file). No other rule reads such a file.
    const empty = new Map(emptyComposeFiles(project).map((e) => [e.file, e]));
    for (const file of project.composeFiles) {
      if (file.errors.length > 0 || file.root !== null || !file.doc) continue;
      const e = empty.get(file);
      if (e) {
        if (e.use === 'merged' || (e.use === 'alone' && e.commentsOnly)) continue;
        const how = e.use === 'include' ? ' (loaded on its own by an include)' : e.use === 'command line' ? ' (the only file of a command line)' : '';
        findings.push({
          rule: 'parse-error',
          severity: 'error',
          location: { file: file.path, start: 0, end: 0 },
          message: `empty compose file${how}: Compose stops with "empty compose file"`,
        });
        continue;
      }
      const contents = file.doc.contents as { range?: [number, number, number] } | null;
      findings.push({
        rule: 'parse-error',
        severity: 'error',
        location: { file: file.path, start: contents?.range?.[0] ?? 0, end: contents?.range?.[1] ?? 0 },
        message: 'the top level is not a mapping: Compose stops with "Top-level object must be a mapping"',
      });
    }
    for (const link of project.tree.links ?? []) {
      // An env file linked to nothing or out of the root is not broken for Compose (a missing
      // default .env is skipped; one out of the root is read): compose-dotenv-absent says it.
      if (link.problem !== 'loop' && isEnvFileName(basenameOf(link.path))) continue;
      const what = link.problem === 'outside the root' ? 'points outside the root' : link.problem === 'loop' ? 'is a loop of symbolic links' : 'points to nothing';
      findings.push({
        rule: 'parse-error',
        severity: 'error',
        location: { file: link.path, start: 0, end: 0 },
        message: `symbolic link ${what} (-> ${escapeControl(link.target)}); not read`,
      });
    }
    return findings;
  },
};
