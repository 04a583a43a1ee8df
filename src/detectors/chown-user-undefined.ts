import { buildsOfImage } from '../analysis/built-images.js';
import { dockerfileModel } from '../analysis/models.js';
import type { Project } from '../project/project.js';
import type { CopyInstruction, DockerfileModel, Stage } from '../dockerfile/model.js';
import { distroOf, imageHasGroup, imageHasUser, isKnownImage, type Distro } from '../dockerfile/image-users.js';
import type { Detector } from '../rules/types.js';
import { LineIndex, eolOf } from '../text.js';
import type { Finding, Severity } from '../types.js';
import type { CreateUserData } from '../../transforms/create-user.js';

export interface ChownOptions {
  /**
   * What to say about a name dockmend cannot verify because the base image is unknown (neither
   * in the table, nor a stage, nor built by the repository): nothing ('off', the default), or a
   * finding of this severity that lists it as unverified.
   */
  unknownImages?: 'off' | 'info' | 'warning';
}

/**
 * `COPY --chown=<user>:<group>` with a name that neither an earlier RUN of the stage (or of
 * the stages it is built FROM) creates nor the base image has. The build fails with
 * `unable to find user <u>: no matching entries in passwd file` (or `unable to find group <g>:
 * no matching entries in group file`). Numeric ids and variables are fine.
 *
 * Only an error when dockmend knows the base's users: a stage of the same Dockerfile, an image
 * the repository builds (followed to its Dockerfile), or an image of the table. A name created
 * later in the same stage is an error whatever the base (the COPY runs first).
 */
export const chownUserUndefined: Detector<ChownOptions, CreateUserData> = {
  meta: {
    id: 'chown-user-undefined',
    summary: 'A `--chown` user or group is created by no earlier instruction and unknown to the base image.',
    severity: 'error',
    fix: 'unsafe',
    docs: 'docs/rules/chown-user-undefined.md',
    defaultOptions: { unknownImages: 'off' },
  },
  detect(project, options) {
    const unknownSeverity = options.unknownImages === 'info' || options.unknownImages === 'warning' ? options.unknownImages : null;
    const findings: Finding<CreateUserData>[] = [];
    for (const dockerfile of project.dockerfiles) {
      const model = dockerfileModel(project, dockerfile);
      const text = project.sources.read(dockerfile).text;
      if (!model || text === null) continue;
      for (const stage of model.stages) {
        const uses = stageUses(project, model, stage, dockerfile).filter((u) => u.verified || unknownSeverity !== null);
        if (uses.length === 0) continue;
        // One creation per stage, before its first failing COPY, for every name the stage lacks,
        // so no name is created twice. When a name is created later in the stage, that RUN is
        // misplaced: moving it is the repair, and creating names here too would make it fail, so
        // the stage gets no fix.
        const first = uses[0].copy;
        const misplaced = uses.some((u) => u.user?.later != null || u.group?.later != null);
        const groups: string[] = [];
        const created: Array<{ name: string; group: string | null }> = [];
        for (const u of misplaced ? [] : uses.filter((x) => x.verified)) {
          if (u.group && !groups.includes(u.group.name)) groups.push(u.group.name);
          if (u.user && !created.some((c) => c.name === u.user!.name)) created.push({ name: u.user.name, group: u.groupName });
        }
        const index = new LineIndex(text);
        const asUser = userAt(model.users, model, stage, first.line);
        const data: CreateUserData = {
          dockerfile,
          at: index.lineStart(first.line),
          line: first.line,
          eol: eolOf(text),
          distro: uses[0].distro,
          groups,
          users: created,
          asUser: asUser !== null && !/^(?:root|0)(?::(?:root|0))?$/.test(asUser) ? asUser : null,
        };
        for (const u of uses) findings.push(finding(dockerfile, stage, u, data, u.verified ? 'error' : unknownSeverity!));
      }
    }
    return findings;
  },
};

interface MissingName {
  name: string;
  /** Line of a later RUN of the same stage that creates it, or null. */
  later: number | null;
}

interface Use {
  copy: CopyInstruction;
  chown: NonNullable<CopyInstruction['chown']>;
  image: string;
  distro: Distro;
  user: MissingName | null;
  group: MissingName | null;
  /** The group written in `--chown`, for the user's creation. */
  groupName: string | null;
  /** The base's users are known (or a later RUN creates the name): the build fails. */
  verified: boolean;
  /** The base, as described in messages. */
  base: BaseImage;
  /** An earlier instruction of the stage (or of the stages it is built FROM) that may create users dockmend cannot name. */
  opaque: { line: number; why: string } | null;
}

/** What dockmend knows of the image a stage starts from. */
interface BaseImage {
  /** The image a stage starts from (after `FROM <stage>` is followed). */
  image: string;
  /** The image at the bottom of the in-repository builds, whose users the table may know. */
  bottom: string;
  /** Whether the bottom image's users are known (the table). */
  known: boolean;
  /** Names the repository's own builds of `image` (and their bases) create. */
  users: Set<string>;
  groups: Set<string>;
  /** "frappe/base:16 (built by compose.yaml, service base, from base/Dockerfile)". */
  described: string;
  /** An instruction of the repository's builds that may create users dockmend cannot name ("base/Dockerfile:2 runs the script /setup.sh"). */
  opaque: string | null;
}

const MAX_IMAGE_DEPTH = 8;

/**
 * An image and what the repository says of its users: an image it builds is followed to the
 * Dockerfile (and target stage) that builds it, whose RUNs create names, down to an external base.
 */
function resolveBase(project: Project, image: string, depth = 0, from?: string): BaseImage {
  const builds = depth < MAX_IMAGE_DEPTH ? buildsOfImage(project, image, from) : [];
  const users = new Set<string>();
  const groups = new Set<string>();
  let known = builds.length > 0;
  let bottom = image;
  let opaque: string | null = null;
  const origins: string[] = [];
  for (const b of builds) {
    const model = dockerfileModel(project, b.dockerfile, b.args);
    const index = b.target !== undefined ? model?.stages.findIndex((st) => st.name === b.target!.toLowerCase()) ?? -1 : (model?.stages.length ?? 0) - 1;
    const stage = model && index >= 0 ? model.stages[index] : undefined;
    if (!model || !stage) {
      known = false;
      continue;
    }
    const chain = new Set(stageChain(model, stage).map((st) => st.index));
    for (const c of model.userCreations) {
      if (!chain.has(c.stageIndex)) continue;
      c.users.forEach((u) => users.add(u));
      c.groups.forEach((g) => groups.add(g));
    }
    // A setup script, a copied passwd file or rootfs: the image may have users nobody names.
    const o = model.opaqueUserSources.find((x) => chain.has(x.stageIndex));
    if (o) {
      known = false;
      opaque ??= `${b.dockerfile}:${o.line} ${o.why}`;
    }
    const external = baseImage(model, stage);
    if (external.includes('$')) {
      known = false;
      continue;
    }
    const inner = resolveBase(project, external, depth + 1, b.dockerfile);
    inner.users.forEach((u) => users.add(u));
    inner.groups.forEach((g) => groups.add(g));
    known &&= inner.known;
    opaque ??= inner.opaque;
    bottom = inner.bottom;
    origins.push(`${b.origin}, from ${b.dockerfile}`);
  }
  if (builds.length === 0) known = isKnownImage(image);
  const described = origins.length > 0 ? `${image} (built by ${origins.join('; ')})` : image;
  return { image, bottom, known, users, groups, described, opaque };
}

/** The `--chown` uses of a stage that name a user or group nobody creates in time. */
function stageUses(project: Project, model: DockerfileModel, stage: Stage, dockerfile: string): Use[] {
  const image = baseImage(model, stage);
  // An image that stays a variable (`FROM $BASE`) may have any user.
  if (image.includes('$')) return [];
  let base: BaseImage | undefined;
  const distro = distroOf(image, model.packageManagers.get(stage.index));
  const out: Use[] = [];
  for (const copy of model.copies) {
    const chown = copy.chown;
    if (copy.stageIndex !== stage.index || !chown || chown.unresolved.length > 0 || chown.value.includes('$')) continue;
    const colon = chown.value.indexOf(':');
    const user = colon < 0 ? chown.value : chown.value.slice(0, colon);
    const group = colon < 0 ? '' : chown.value.slice(colon + 1);
    const known = namesBefore(model, stage, copy.line);
    const missing = (name: string, kind: 'users' | 'groups'): MissingName | null => {
      if (name === '' || /^\d+$/.test(name) || known[kind].has(name)) return null;
      base ??= resolveBase(project, image, 0, dockerfile);
      if (base[kind].has(name)) return null;
      const bottomDistro = base.bottom === image ? distro : distroOf(base.bottom, model.packageManagers.get(stage.index));
      if (kind === 'users' ? imageHasUser(base.bottom, name, bottomDistro) : imageHasGroup(base.bottom, name, bottomDistro)) return null;
      const later = model.userCreations.find((c) => c.stageIndex === stage.index && c.line >= copy.line && c[kind].includes(name));
      return { name, later: later?.line ?? null };
    };
    const u = missing(user, 'users');
    const g = missing(group, 'groups');
    if (!u && !g) continue;
    const opaque = opaqueBefore(model, stage, copy.line);
    // Created only later in the stage: the COPY runs first, whatever the base (an image or a
    // setup script that had made the name would make that later RUN fail instead).
    const verified = (base!.known && opaque === null) || u?.later != null || g?.later != null;
    // An image the repository builds creates names in the dialect of the image at its bottom.
    const family = distro !== 'unknown' || base!.bottom === image ? distro : distroOf(base!.bottom);
    out.push({ copy, chown, image, distro: family, user: u, group: g, groupName: group === '' ? null : group, verified, base: base!, opaque });
  }
  return out;
}

function finding(dockerfile: string, stage: Stage, u: Use, fix: CreateUserData, severity: Severity): Finding<CreateUserData> {
  const names = [u.user && `user '${u.user.name}'`, u.group && `group '${u.group.name}'`].filter(Boolean).join(' and ');
  const both = u.user !== null && u.group !== null;
  const stageName = stage.name !== undefined ? `stage '${stage.name}'` : `stage ${stage.index}`;
  const error = u.user
    ? `unable to find user ${u.user.name}: no matching entries in passwd file`
    : `unable to find group ${u.group!.name}: no matching entries in group file`;
  const later = [u.user, u.group].find((m) => m && m.later !== null);
  const why = later
    ? `${both ? 'are' : 'is'} created only later in ${stageName}, on line ${later.later} (move that RUN above this COPY)`
    : `${both ? 'are' : 'is'} not created by any earlier instruction of ${stageName} (line ${stage.line})${stage.baseStageIndex !== undefined ? ' or of the stages it is built FROM' : ''}, ` +
      (u.verified
        ? `and ${u.base.described}${u.base.bottom !== u.image ? `, based on ${u.base.bottom},` : ''} is not known to have ${both ? 'them' : 'it'}`
        : u.opaque
          ? `and line ${u.opaque.line} ${u.opaque.why}, which may create users dockmend cannot name`
          : u.base.opaque
            ? `and ${u.base.described} may have users dockmend cannot name (${u.base.opaque})`
            : `and dockmend does not know the users of ${u.base.described}${u.base.bottom !== u.image ? `, based on ${u.base.bottom}` : ''}`);
  const outcome = u.verified ? `the build fails with "${error}"` : `unverified: if the image lacks ${both ? 'them' : 'it'}, the build fails with "${error}"`;
  return {
    rule: 'chown-user-undefined',
    severity,
    location: { file: dockerfile, start: u.chown.start, end: u.chown.end },
    message: `${names[0].toUpperCase()}${names.slice(1)} (--chown=${u.chown.raw}) ${why}; ${outcome}.`,
    // Creating a name the unknown image may already have would break the build: no fix then.
    ...(u.verified ? { data: fix } : {}),
  };
}

/** The external image a stage starts from, following `FROM <earlier stage>`. */
function baseImage(model: DockerfileModel, stage: Stage): string {
  let s: Stage | undefined = stage;
  for (let guard = 0; s && s.baseStageIndex !== undefined && guard < 64; guard++) s = model.stages[s.baseStageIndex];
  return s?.image ?? stage.image;
}

/** The stage and the stages it is built from, nearest first. */
function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && chain.length < 64 && !chain.includes(s); s = s.baseStageIndex !== undefined ? model.stages[s.baseStageIndex] : undefined) chain.push(s);
  return chain;
}

/** The first instruction before `line` of the stage (or of the stages it is built from) that may create users dockmend cannot name. */
function opaqueBefore(model: DockerfileModel, stage: Stage, line: number): { line: number; why: string } | null {
  const chain = new Set(stageChain(model, stage).map((s) => s.index));
  const o = model.opaqueUserSources.find((x) => chain.has(x.stageIndex) && (x.stageIndex !== stage.index || x.line < line));
  return o ? { line: o.line, why: o.why } : null;
}

/** Users and groups created before `line` in the stage or in the stages it is built from. */
function namesBefore(model: DockerfileModel, stage: Stage, line: number): { users: Set<string>; groups: Set<string> } {
  const chain = new Set(stageChain(model, stage).map((s) => s.index));
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const c of model.userCreations) {
    if (!chain.has(c.stageIndex) || (c.stageIndex === stage.index && c.line >= line)) continue;
    c.users.forEach((u) => users.add(u));
    c.groups.forEach((g) => groups.add(g));
  }
  return { users, groups };
}

/** The USER in force just before `line` of `stage` (inherited from the stages it is built from), or null for the image default. */
function userAt(users: DockerfileModel['users'], model: DockerfileModel, stage: Stage, line: number): string | null {
  for (const s of stageChain(model, stage)) {
    const next = model.stages[s.index + 1];
    const end = s === stage ? line : next ? next.line : Infinity;
    const inStage = users.filter((u) => u.line > s.line && u.line < end);
    if (inStage.length > 0) return inStage[inStage.length - 1].value;
  }
  return null;
}
