import { fileLines, ignoreFilesInUse } from '../analysis/ignore-usage.js';
import { basenameOf, dirnameOf, displayPath } from '../project/paths.js';
import type { BuildContext } from '../project/project.js';
import type { Detector } from '../rules/types.js';
import { eolOf } from '../text.js';
import type { Finding } from '../types.js';
import type { IgnoreMergeData } from '../../transforms/ignore-merge.js';

/**
 * An ignore file no build reads: BuildKit reads only `<Dockerfile>.dockerignore` next to the
 * Dockerfile, else `<context>/.dockerignore` (moby/buildkit frontend/dockerui). A
 * `dockerfiles/.dockerignore` beside Dockerfiles built from the repository root is ignored.
 */
export const dockerignoreUnused: Detector<Record<string, never>, IgnoreMergeData> = {
  meta: {
    id: 'dockerignore-unused',
    summary: 'A .dockerignore that no build reads.',
    severity: 'warning',
    fix: 'unsafe',
    docs: 'docs/rules/dockerignore-unused.md',
    defaultOptions: {},
  },
  detect(project) {
    const used = ignoreFilesInUse(project);
    const findings: Finding<IgnoreMergeData>[] = [];
    for (const ignoreFile of project.ignoreFiles) {
      if (used.has(ignoreFile)) continue;
      const text = project.sources.read(ignoreFile).text;
      if (text === null) continue;
      const name = basenameOf(ignoreFile);
      const dir = dirnameOf(ignoreFile);
      const own = name === '.dockerignore' ? null : ignoreFile.slice(0, -'.dockerignore'.length);
      const neighbours = own !== null ? project.dockerfiles.filter((d) => d === own) : project.dockerfiles.filter((d) => dirnameOf(d) === dir);
      const contexts: BuildContext[] = [];
      for (const c of project.contexts) {
        if (c.dockerfile && neighbours.includes(c.dockerfile) && c.dirExists && !contexts.some((x) => x.dir === c.dir)) contexts.push(c);
      }
      const lines = fileLines(text).filter((l) => l.trim() !== '' && !l.startsWith('#'));
      const data: IgnoreMergeData = { from: ignoreFile, text, lines, targets: [], renameTo: null };
      for (const c of contexts) {
        if (c.ignoreFile) {
          const t = project.sources.read(c.ignoreFile).text;
          if (t === null) continue;
          const present = fileLines(t).map((x) => x.trim());
          // `X` adds nothing where `X` or its any-depth form `**/X` is already there.
          const missing = lines.filter((l) => !present.includes(l.trim()) && !present.includes(`**/${l.trim()}`));
          if (missing.length > 0) data.targets.push({ ignoreFile: c.ignoreFile, append: { at: t.length, eol: eolOf(t), endsWithNewline: t.length === 0 || t.endsWith('\n') }, groups: [{ comment: `Merged by dockmend from ${ignoreFile}, which no build reads`, patterns: missing }] });
        } else {
          const target = c.dir === '' ? '.dockerignore' : `${c.dir}/.dockerignore`;
          if (!data.targets.some((t) => t.ignoreFile === target)) data.targets.push({ ignoreFile: target, append: null, groups: [{ comment: `Merged by dockmend from ${ignoreFile}, which no build reads`, patterns: lines }] });
        }
      }
      if (own === null && neighbours.length === 1 && !project.tree.isFile(`${neighbours[0]}.dockerignore`)) data.renameTo = `${neighbours[0]}.dockerignore`;
      const why =
        own !== null
          ? `its Dockerfile ${own} does not exist`
          : `no build context is rooted at '${displayPath(dir)}'${neighbours.length ? ` (${neighbours.map(basenameOf).join(', ')} ${neighbours.length === 1 ? 'is' : 'are'} built from ${contexts.map((c) => `'${displayPath(c.dir)}'`).join(', ') || 'elsewhere'})` : ''}`;
      findings.push({
        rule: 'dockerignore-unused',
        severity: 'warning',
        location: { file: ignoreFile, start: 0, end: 0 },
        message: `${ignoreFile} is read by no build: ${why}. BuildKit reads only <Dockerfile>.dockerignore or <context>/.dockerignore.`,
        data,
      });
    }
    return findings;
  },
};
