// Inserts a RUN that creates the users and groups the `--chown` flags of one stage need, in the
// stage's own dialect: BusyBox `addgroup -S`/`adduser -S` on Alpine, shadow-utils
// `groupadd --system`/`useradd --system` on Debian, Ubuntu and the RHEL family. One insertion
// per stage (before the first COPY that needs a name) creates every missing name of the stage,
// so no name is ever created twice.
import type { Distro } from '../src/dockerfile/image-users.js';
import type { Finding, Fix } from '../src/types.js';

export interface CreateUserData {
  dockerfile: string;
  /** Start of the line of the stage's first COPY that needs a missing name. */
  at: number;
  /** 1-based line at `at`, for the title. */
  line: number;
  eol: string;
  distro: Distro;
  /** Groups to create, in order. */
  groups: string[];
  /** Users to create, each with its primary group when the `--chown` names one. */
  users: Array<{ name: string; group: string | null }>;
  /**
   * The USER in force at `at` when it is not root (as written): the RUN must switch to root
   * and back, or it cannot write /etc/passwd.
   */
  asUser: string | null;
}

export function createUserFix(finding: Finding<CreateUserData>): Fix[] {
  const d = finding.data;
  if (!d || d.distro === 'unknown' || (d.users.length === 0 && d.groups.length === 0)) return [];
  const steps: string[] = [];
  if (d.distro === 'alpine') {
    for (const g of d.groups) steps.push(`addgroup -S ${g}`);
    for (const u of d.users) steps.push(u.group ? `adduser -S -G ${u.group} ${u.name}` : `adduser -S ${u.name}`);
  } else {
    for (const g of d.groups) steps.push(`groupadd --system ${g}`);
    for (const u of d.users) steps.push(u.group ? `useradd --system --gid ${u.group} ${u.name}` : `useradd --system --user-group ${u.name}`);
  }
  const lines = [`RUN ${steps.join(' && ')}`];
  if (d.asUser !== null) lines.unshift('USER root'), lines.push(`USER ${d.asUser}`);
  const what = [...d.groups.map((g) => `group ${g}`), ...d.users.map((u) => `user ${u.name}`)].join(', ').replace(/, ([^,]*)$/, ' and $1');
  return [
    {
      title: `Create ${what} before line ${d.line} (${d.distro === 'alpine' ? 'addgroup/adduser' : 'groupadd/useradd'})`,
      applicability: 'unsafe',
      changes: [{ kind: 'edit', file: d.dockerfile, start: d.at, end: d.at, text: lines.map((l) => l + d.eol).join('') }],
    },
  ];
}
