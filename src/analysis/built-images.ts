// Images the repository builds itself, by tag: a compose service with `build:` and `image:`
// gives the built image that tag (compose-spec build.md: "When both build and image are set,
// Compose builds the image and tags it with the image name"), so another Dockerfile can build
// FROM it. Each build says which Dockerfile, which build args and which target make the image.
// Other sources of tagged builds (Bake targets' `tags`, a later issue) add ImageBuild entries here.
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

function fromContext(c: BuildContext): ImageBuild | null {
  if (!c.image || !c.dockerfile || !c.dockerfileExists || c.origin.kind !== 'compose') return null;
  return {
    image: c.image,
    dockerfile: c.dockerfile,
    ...(c.target !== undefined ? { target: c.target } : {}),
    args: c.args,
    origin: `${c.origin.file}, service ${c.origin.service}`,
  };
}

/** The builds of the repository that tag `image`, or [] when it builds no such image. */
export function buildsOfImage(project: Project, image: string): ImageBuild[] {
  let index = memo.get(project);
  if (!index) {
    index = new Map();
    for (const c of project.contexts) {
      const b = fromContext(c);
      if (!b) continue;
      const key = normalizeImageRef(b.image);
      index.set(key, [...(index.get(key) ?? []), b]);
    }
    memo.set(project, index);
  }
  return index.get(normalizeImageRef(image)) ?? [];
}
