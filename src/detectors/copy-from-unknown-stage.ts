import { dockerfileModel } from '../analysis/models.js';
import { editDistance } from '../compose/names.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';
import type { CopyFromData } from '../../transforms/copy-from.js';

/** A Docker image reference (distribution/reference grammar, lower-case path components). */
const IMAGE_REF = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** Docker Hub library images often copied from by bare name (`COPY --from=node …`): never a stage typo. */
const OFFICIAL_IMAGES = new Set([
  'alpine', 'busybox', 'debian', 'ubuntu', 'node', 'python', 'golang', 'rust', 'ruby', 'php', 'nginx', 'httpd', 'caddy',
  'traefik', 'postgres', 'redis', 'mysql', 'mariadb', 'mongo', 'docker', 'composer', 'gradle', 'maven', 'openjdk',
  'eclipse-temurin', 'perl', 'bash', 'tomcat', 'haproxy', 'consul', 'vault', 'registry', 'hello-world',
]);

/**
 * `COPY --from=<x>` where x is not an earlier stage (by name or index), not a compose
 * `additional_contexts` name, and not plausibly an image. BuildKit would try to pull `x` and
 * fail (`pull access denied … repository does not exist`), or reject a later stage as a cycle.
 */
export const copyFromUnknownStage: Detector<Record<string, never>, CopyFromData> = {
  meta: {
    id: 'copy-from-unknown-stage',
    summary: '`COPY --from` names no earlier stage, additional context, or image.',
    severity: 'error',
    fix: 'safe',
    docs: 'docs/rules/copy-from-unknown-stage.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
  },
  detect(project) {
    const findings: Finding<CopyFromData>[] = [];
    const extraByDockerfile = new Map<string, Set<string>>();
    for (const c of project.contexts) {
      if (!c.dockerfile) continue;
      const set = extraByDockerfile.get(c.dockerfile) ?? new Set();
      c.additionalContexts.forEach((n) => set.add(n));
      extraByDockerfile.set(c.dockerfile, set);
    }
    for (const dockerfile of project.dockerfiles) {
      const model = dockerfileModel(project, dockerfile);
      if (!model) continue;
      for (const copy of model.copies) {
        const from = copy.from;
        if (!from || from.unresolved.length > 0 || from.value.includes('$')) continue;
        const name = from.value.toLowerCase();
        const earlier = model.stages.filter((s) => s.index < copy.stageIndex);
        if (/^\d+$/.test(name)) {
          if (Number(name) < copy.stageIndex) continue;
          const before = copy.stageIndex === 0 ? 'no stage comes before this one' : copy.stageIndex === 1 ? 'only stage 0 comes before this one' : `only stages 0 to ${copy.stageIndex - 1} come before this one`;
          findings.push(finding(dockerfile, from, `--from=${from.value} refers to stage ${name}, but ${before} (a COPY can only read from an earlier stage).`, []));
          continue;
        }
        if (earlier.some((s) => s.name === name)) continue;
        if (extraByDockerfile.get(dockerfile)?.has(from.value)) continue;
        const later = model.stages.find((s) => s.index >= copy.stageIndex && s.name === name);
        const near = nearestNames(name, earlier.map((s) => s.name).filter((n): n is string => n !== undefined));
        if (later) {
          const what = later.index === copy.stageIndex ? 'the stage it is in' : `a later stage (line ${later.line})`;
          const hint = near.length > 0 ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : '';
          findings.push(finding(dockerfile, from, `--from=${from.value} names ${what}; a COPY can only read from an earlier stage${hint}.`, near));
          continue;
        }
        // Something with a registry, a tag or a digest is an image; a bare name is one too
        // unless it is a near miss of an earlier stage's name.
        const explicitImage = /[:/@]/.test(from.value) || OFFICIAL_IMAGES.has(name);
        if (IMAGE_REF.test(from.value) && (explicitImage || near.length === 0)) continue;
        const stages = earlier.filter((s) => s.name).map((s) => `'${s.name}'`);
        const known = stages.length > 0 ? `earlier stages: ${stages.join(', ')}` : 'no earlier stage has a name';
        const hint = near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(' or ')}? ` : '';
        const image = IMAGE_REF.test(from.value) ? `BuildKit would try to pull an image '${from.value}' and fail with "pull access denied … repository does not exist"` : 'it is not a valid image reference either';
        findings.push(finding(dockerfile, from, `--from=${from.value} names no earlier stage or additional build context (${known}); ${hint}${image}.`, near));
      }
    }
    return findings;
  },
};

/**
 * Earlier stage names closest to `name` by edit distance (1 for short names, 2 otherwise). A
 * swap of two neighbouring letters is one edit (optimal string alignment, as "did you mean" for
 * compose keys): `dpes` is one edit from `deps`, where Levenshtein counts two and, for a short
 * name, found no stage, so the COPY was taken for an image pull that fails.
 */
function nearestNames(name: string, names: string[]): string[] {
  const max = name.length <= 4 ? 1 : 2;
  let best = max + 1;
  let out: string[] = [];
  for (const n of new Set(names)) {
    const d = editDistance(n, name);
    if (d < best) [best, out] = [d, [n]];
    else if (d === best) out.push(n);
  }
  return best <= max ? out : [];
}

function finding(dockerfile: string, from: { value: string; start: number; end: number }, message: string, candidates: string[]): Finding<CopyFromData> {
  return {
    rule: 'copy-from-unknown-stage',
    severity: 'error',
    location: { file: dockerfile, start: from.start, end: from.end },
    message,
    data: { dockerfile, from: from.value, start: from.start, end: from.end, candidates },
  };
}
