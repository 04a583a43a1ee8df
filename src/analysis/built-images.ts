// Images the repository builds itself, by tag: a compose service with `build:` and `image:`
// gives the built image that tag (compose-spec build.md: "When both build and image are set,
// Compose builds the image and tags it with the image name"), so another Dockerfile can build
// FROM it; so does a Bake target with `tags` (each tag names the image it builds). Each build
// says which Dockerfile, which build args and which target make the image.
import type { BuildContext, Project } from '../project/project.js';

export interface ImageBuild {
  /** The tag as written (interpolated). */
  image: string;
  /** Root-relative Dockerfile that builds it. */
  dockerfile: string;
  /** The stage the build stops at; undefined = the last one. */
  target?: string;
  args: Record<string, string>;
  /** Where the tag is given, for messages: "compose.yaml, service base". */
  origin: string;
  /**
   * The tag is made from a Bake variable, which the build's environment may set (bake/hclparser
   * resolveValue: the environment wins over a default): the build makes this repository's
   * image under whatever tag the variable is given, so a FROM of another tag of it is this build.
   */
  anyTag?: true;
}

const memo = new WeakMap<Project, Map<string, ImageBuild[]>>();

/**
 * A reference in one spelling: `docker.io/`, `index.docker.io/` and `library/` dropped, `:latest`
 * added when there is no tag or digest. `frappe/base` and `docker.io/frappe/base:latest` are one image.
 */
export function normalizeImageRef(ref: string): string {
  let r = ref.trim().replace(/^(?:docker\.io|index\.docker\.io)\//, '');
  r = r.replace(/^library\//, '');
  const lastSlash = r.lastIndexOf('/');
  const name = r.slice(lastSlash + 1);
  if (!name.includes(':') && !name.includes('@')) r += ':latest';
  return r;
}

/** One entry per tag the build gives its image: compose `image:`, a Bake target's `tags`. */
function fromContext(c: BuildContext): ImageBuild[] {
  if (!c.dockerfile || !c.dockerfileExists) return [];
  const o = c.origin;
  if (o.kind !== 'compose' && o.kind !== 'bake') return [];
  const origin = o.kind === 'compose' ? `${o.file}, service ${o.service}` : `${o.file}, Bake target ${o.target}`;
  const tags = [...(c.image !== undefined ? [c.image] : []), ...(c.tags ?? [])];
  const anyTag = o.kind === 'bake' && o.bake.tagsVary;
  return tags.map((image) => ({
    image,
    dockerfile: c.dockerfile!,
    ...(c.target !== undefined ? { target: c.target } : {}),
    args: c.args,
    origin,
    ...(anyTag ? { anyTag: true as const } : {}),
  }));
}

/**
 * The builds of the repository that tag `image`, or [] when it builds no such image. With
 * `from` (the Dockerfile whose `FROM` names it): a Bake named context of that name pointing at
 * another target (`contexts = { base = "target:base" }`) replaces the image in every build of
 * the Dockerfile (BuildKit resolves `FROM base` to the named context), so `FROM base` is that
 * target's build — when every Bake build of the Dockerfile maps the name to the same target.
 */
export function buildsOfImage(project: Project, image: string, from?: string): ImageBuild[] {
  if (from !== undefined) {
    const linked = namedContextBuilds(project, from, image);
    if (linked) return linked;
  }
  let index = memo.get(project);
  if (!index) {
    index = new Map();
    for (const c of project.contexts) {
      for (const b of fromContext(c)) {
        const key = normalizeImageRef(b.image);
        index.set(key, [...(index.get(key) ?? []), b]);
        // One entry per build under the repository's key, whatever the number of its tags.
        const any = repositoryKey(key);
        if (b.anyTag && !index.get(any)?.some((x) => x.dockerfile === b.dockerfile && x.target === b.target && x.origin === b.origin)) index.set(any, [...(index.get(any) ?? []), b]);
      }
    }
    memo.set(project, index);
  }
  const key = normalizeImageRef(image);
  return index.get(key) ?? index.get(repositoryKey(key)) ?? [];
}

function namedContextBuilds(project: Project, dockerfile: string, name: string): ImageBuild[] | null {
  const builds = project.contexts.filter((c) => c.dockerfile === dockerfile);
  if (builds.length === 0 || builds.some((c) => c.origin.kind !== 'bake')) return null;
  const targets = new Set(builds.map((c) => (c.origin.kind === 'bake' ? c.origin.bake.contexts[name] : undefined)));
  if (targets.size !== 1) return null;
  const link = [...targets][0];
  if (link === undefined || !link.startsWith('target:')) return null;
  const targetName = link.slice('target:'.length);
  const origin = builds[0]!.origin;
  const linked = project.contexts.filter((c) => c.origin.kind === 'bake' && origin.kind === 'bake' && c.origin.set === origin.set && c.origin.target === targetName);
  const out: ImageBuild[] = [];
  for (const c of linked) {
    if (!c.dockerfile || !c.dockerfileExists) continue;
    out.push({ image: name, dockerfile: c.dockerfile, ...(c.target !== undefined ? { target: c.target } : {}), args: c.args, origin: `${c.origin.kind === 'bake' ? c.origin.file : ''}, Bake target ${targetName} (named context ${name})` });
  }
  return out.length > 0 ? out : null;
}

/** The index key of a repository built under any tag: the normalized reference without its tag. */
function repositoryKey(normalized: string): string {
  const at = normalized.indexOf('@');
  const base = at >= 0 ? normalized.slice(0, at) : normalized;
  const colon = base.lastIndexOf(':');
  return `${colon > base.lastIndexOf('/') ? base.slice(0, colon) : base} (any tag)`;
}
