import { dockerfileModel } from '../analysis/models.js';
import type { CopyInstruction, DockerfileModel, Stage } from '../dockerfile/model.js';
import { distroOf, imageHasGroup, imageHasUser, type Distro } from '../dockerfile/image-users.js';
import type { Detector } from '../rules/types.js';
import { LineIndex, eolOf } from '../text.js';
import type { Finding } from '../types.js';
import type { CreateUserData } from '../../transforms/create-user.js';

/**
 * `COPY --chown=<user>:<group>` with a name that neither an earlier RUN of the stage (or of
 * the stages it is built FROM) creates nor the base image has. The build fails with
 * `unable to find user <u>: no matching entries in passwd file` (or `unable to find group <g>:
 * no matching entries in group file`). Numeric ids and variables are fine.
 */
export const chownUserUndefined: Detector<Record<string, never>, CreateUserData> = {
  meta: {
    id: 'chown-user-undefined',
    summary: 'A `--chown` user or group is created by no earlier instruction and unknown to the base image.',
    severity: 'error',
    fix: 'unsafe',
    docs: 'docs/rules/chown-user-undefined.md',
    defaultOptions: {},
  },
  detect(project) {
    const findings: Finding<CreateUserData>[] = [];
    for (const dockerfile of project.dockerfiles) {
      const model = dockerfileModel(project, dockerfile);
      const text = project.sources.read(dockerfile).text;
      if (!model || text === null) continue;
      for (const stage of model.stages) {
        const uses = stageUses(model, stage);
        if (uses.length === 0) continue;
        // One creation per stage, before its first failing COPY, for every name the stage lacks,
        // so no name is created twice. When a name is created later in the stage, that RUN is
        // misplaced: moving it is the repair, and creating names here too would make it fail, so
        // the stage gets no fix.
        const first = uses[0].copy;
        const misplaced = uses.some((u) => u.user?.later != null || u.group?.later != null);
        const groups: string[] = [];
        const created: Array<{ name: string; group: string | null }> = [];
        for (const u of misplaced ? [] : uses) {
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
        for (const u of uses) findings.push(finding(dockerfile, stage, u, data));
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
}

/** The `--chown` uses of a stage that name a user or group nobody creates in time. */
function stageUses(model: DockerfileModel, stage: Stage): Use[] {
  const image = baseImage(model, stage);
  // An image that stays a variable (`FROM $BASE`) may have any user.
  if (image.includes('$')) return [];
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
      if (kind === 'users' ? imageHasUser(image, name, distro) : imageHasGroup(image, name, distro)) return null;
      const later = model.userCreations.find((c) => c.stageIndex === stage.index && c.line >= copy.line && c[kind].includes(name));
      return { name, later: later?.line ?? null };
    };
    const u = missing(user, 'users');
    const g = missing(group, 'groups');
    if (u || g) out.push({ copy, chown, image, distro, user: u, group: g, groupName: group === '' ? null : group });
  }
  return out;
}

function finding(dockerfile: string, stage: Stage, u: Use, fix: CreateUserData): Finding<CreateUserData> {
  const names = [u.user && `user '${u.user.name}'`, u.group && `group '${u.group.name}'`].filter(Boolean).join(' and ');
  const both = u.user !== null && u.group !== null;
  const stageName = stage.name !== undefined ? `stage '${stage.name}'` : `stage ${stage.index}`;
  const error = u.user
    ? `unable to find user ${u.user.name}: no matching entries in passwd file`
    : `unable to find group ${u.group!.name}: no matching entries in group file`;
  const later = [u.user, u.group].find((m) => m && m.later !== null);
  const why = later
    ? `${both ? 'are' : 'is'} created only later in ${stageName}, on line ${later.later} (move that RUN above this COPY)`
    : `${both ? 'are' : 'is'} not created by any earlier instruction of ${stageName} (line ${stage.line})${stage.baseStageIndex !== undefined ? ' or of the stages it is built FROM' : ''}, and ${u.image} is not known to have ${both ? 'them' : 'it'}`;
  return {
    rule: 'chown-user-undefined',
    severity: 'error',
    location: { file: dockerfile, start: u.chown.start, end: u.chown.end },
    message: `${names[0].toUpperCase()}${names.slice(1)} (--chown=${u.chown.raw}) ${why}; the build fails with "${error}".`,
    data: fix,
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
