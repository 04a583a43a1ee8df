// Unit-level checks of the build-context rules that golden cases cannot express: messages
// (what is wrong and where dockmend looked), fix titles and the order of alternatives, the
// resolution helpers, and the image-user table.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSource } from '../src/analysis/context-sources.js';
import { distroOf, imageHasGroup, imageHasUser } from '../src/dockerfile/image-users.js';
import { detect, openSession, plan } from '../src/fix/engine.js';
import { IgnoreMatcher } from '../src/ignore/matcher.js';
import { walkTree } from '../src/project/walk.js';
import type { ResolvedFinding } from '../src/types.js';
import { copyDir, tree } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

function findings(root: string, rule: string): ResolvedFinding[] {
  return detect(openSession(root), { only: [rule] }).findings;
}

function fixtureFindings(rule: string, name: string, only = rule): ResolvedFinding[] {
  return findings(copyDir(join(FIXTURES, rule, name, 'input')), only);
}

describe('copy-source-missing', () => {
  it('says what it looked for and where, and blames the context when every source is elsewhere', () => {
    const [first, second] = fixtureFindings('copy-source-missing', 'compose-subfolder-context-dot');
    expect(first.message).toBe(
      "Source 'requirements.txt' is not in the build context 'docker' (docker/docker-compose.yml, service api): docker/requirements.txt does not exist; every source of docker/Dockerfile is in '.', so the build context is probably wrong.",
    );
    expect(second.message).toContain('docker/app does not exist');
  });

  it('offers the context fix first (safe) and a path rewrite only as an unsafe alternative', () => {
    const [first] = fixtureFindings('copy-source-missing', 'compose-subfolder-context-dot');
    expect(first.fixes.map((f) => [f.title, f.applicability])).toEqual([
      ["Set build context to '..' and dockerfile to 'docker/Dockerfile'", 'safe'],
      ["Change COPY source 'requirements.txt' to 'legacy/requirements.txt'", 'unsafe'],
    ]);
    // The same context edit is the default of every finding of the Dockerfile: one edit fixes all.
    const all = fixtureFindings('copy-source-missing', 'compose-subfolder-context-dot');
    expect(new Set(all.map((f) => JSON.stringify(f.fixes[0].changes))).size).toBe(1);
  });

  it('reports a Dockerfile shared by two services once, against the bad context only', () => {
    const found = fixtureFindings('copy-source-missing', 'two-services-one-bad-context');
    expect(found).toHaveLength(1);
    expect(found[0].context).toBe('services/api');
    expect(found[0].message).toContain("build context 'services/api' (compose.yml, service api-debug)");
    expect(found[0].message).not.toContain('service api)');
  });

  it('never reports a flag, a --from source, a heredoc, a URL or a git ref as a source', () => {
    for (const name of ['incident-copy-lines', 'from-builder-absolute-source', 'heredoc', 'flags-before-sources']) {
      const root = copyDir(join(FIXTURES, 'copy-source-missing', name, 'input'));
      const all = detect(openSession(root), {}).findings.filter((f) => f.rule.startsWith('copy-source') || f.rule === 'copy-wildcard-empty');
      for (const f of all) expect(f.message, `${name}: ${f.message}`).not.toMatch(/'--|<<|https:|git@|\/root\/\.local|missing-inside-heredoc|not-a-source/);
    }
    const flags = fixtureFindings('copy-source-missing', 'flags-before-sources');
    expect(flags).toHaveLength(1);
    expect(flags[0].message).toMatch(/^Source 'config\/Nginx\.conf' is not in the build context '\.'/);
  });

  it('shows the value of a path built from variables and does not rewrite it', () => {
    const [f] = fixtureFindings('copy-source-missing', 'arg-global-redeclared');
    expect(f.message).toBe(
      "Source '${SERVICE}/requirements.txt' (= backend/requirements.txt) is not in the build context '.': backend/requirements.txt does not exist; it is probably api/requirements.txt. The path is built from variables, so dockmend does not rewrite it. No compose file, configured build or command line of the repository names this Dockerfile, so '.' is dockmend's guess of its build context (a warning, not an error).",
    );
    expect(f.fixes).toEqual([]);
  });

  it('lists where it looked when nothing fits', () => {
    const [f] = fixtureFindings('copy-source-missing', 'nothing-similar');
    expect(f.message).toBe(
      "Source 'vendor/wheels' is not in the build context '.': vendor/wheels does not exist, and nothing named 'wheels' elsewhere in the context (nor a similar name in 'vendor') could replace it. No compose file, configured build or command line of the repository names this Dockerfile, so '.' is dockmend's guess of its build context (a warning, not an error).",
    );
    expect(f.fixes).toEqual([]);
  });

  it('offers several candidates as unsafe alternatives, shallowest first', () => {
    const [f] = fixtureFindings('copy-source-missing', 'same-name-several-places');
    expect(f.fixes.map((x) => [x.title, x.applicability])).toEqual([
      ["Change COPY source 'settings.toml' to 'config/dev/settings.toml'", 'unsafe'],
      ["Change COPY source 'settings.toml' to 'config/prod/settings.toml'", 'unsafe'],
    ]);
  });

  it('offers a context that explains most sources as an unsafe fix', () => {
    const found = fixtureFindings('copy-source-missing', 'context-mostly-elsewhere');
    expect(found[0].message).toContain("most sources of docker/api.Dockerfile are in '.'");
    expect(found[0].fixes[0].applicability).toBe('unsafe');
  });

  it('keeps a JSON-form source in JSON form and names ADD as ADD', () => {
    const root = tree({ Dockerfile: 'FROM alpine\nADD ["a b/c d.txt", "/x/"]\n', 'a b/e/c d.txt': 'x' });
    const [f] = findings(root, 'copy-source-missing');
    expect(f.fixes.map((x) => x.title)).toEqual(["Change ADD source 'a b/c d.txt' to 'a b/e/c d.txt'"]);
    expect(f.fixes[0].changes).toMatchObject([{ text: '"a b/e/c d.txt"' }]);
  });

  it('never writes a candidate that Docker would read differently', () => {
    // Shell form cannot hold a space; `$` would be expanded.
    const root = tree({ Dockerfile: 'FROM alpine\nCOPY report.txt /x/\nCOPY price.txt /y/\n', 'a b/report.txt': 'x', '$HOME/price.txt': 'y' });
    for (const f of findings(root, 'copy-source-missing')) expect(f.fixes).toEqual([]);
  });

  it('does not rewrite a shared Dockerfile in a way that breaks another build of it', () => {
    const root = tree({
      'compose.yml': 'services:\n  a:\n    build:\n      context: ./a\n      dockerfile: ../d/Dockerfile\n  b:\n    build:\n      context: ./b\n      dockerfile: ../d/Dockerfile\n',
      'd/Dockerfile': 'FROM alpine\nCOPY conf/app.yml /etc/\nCOPY only-b.txt /x\n',
      'a/conf/app.yml': 'a',
      'b/cfg/app.yml': 'b',
      'b/only-b.txt': 'x',
    });
    const [f] = findings(root, 'copy-source-missing');
    expect(f.context).toBe('b');
    expect(f.fixes).toEqual([]);
    expect(f.message).toContain('b/cfg/app.yml would fit, but d/Dockerfile is also built from other contexts where that path does not resolve');
  });

  it('checks an inferred context, never the Dockerfile folder that explains nothing', () => {
    const root = copyDir(join(FIXTURES, 'context-inferred', 'dockerfiles-folder', 'input'));
    expect(findings(root, 'copy-source-missing')).toEqual([]);
    const [inferred] = findings(root, 'context-inferred');
    expect(inferred.message).toContain('docker build -f dockerfiles/api.Dockerfile .');
  });
});

describe('copy-source-ignored', () => {
  it('names the ignore file and the excluding pattern, and keeps CRLF when appending', () => {
    const root = copyDir(join(FIXTURES, 'copy-source-ignored', 'crlf-ignore-file', 'input'));
    const [f] = findings(root, 'copy-source-ignored');
    expect(f.message).toBe(
      "Source '.env.production' exists but .dockerignore excludes it (pattern '.env*' on line 2), so it is not sent to the build context '.' and the COPY fails as if it were missing. No compose file, configured build or command line of the repository names this Dockerfile, so '.' is dockmend's guess of its build context (a warning, not an error).",
    );
    expect(f.fixes[0].title).toBe('Add !.env.production to .dockerignore');
    const p = plan(openSession(root), { only: ['copy-source-ignored'] });
    expect(p.files[0].after).toBe('node_modules\r\n.env*\r\n\r\n# Needed by Dockerfile line 2; re-included by dockmend\r\n!.env.production\r\n');
  });

  it('re-includes every source one ignore file excludes in one block, in one pass (12 sources, more than the pass limit)', () => {
    const names = Array.from({ length: 12 }, (_, i) => `data${i}.json`);
    const files: Record<string, string> = { '.dockerignore': '*.json\n', Dockerfile: `FROM alpine\n${names.map((n) => `COPY ${n} /app/\n`).join('')}` };
    for (const n of names) files[n] = '{}\n';
    const root = tree(files);
    const p = plan(openSession(root), { only: ['copy-source-ignored'] });
    expect(p.stopped).toBeUndefined();
    expect(p.remaining).toEqual([]);
    expect(p.applied).toHaveLength(1);
    expect(p.files[0].after).toBe(`*.json\n\n# Needed by ${names.map((_, i) => `Dockerfile line ${i + 2}`).join(', ')}; re-included by dockmend\n${names.map((n) => `!${n}`).join('\n')}\n`);
  });
});

describe('copy-source-outside-context', () => {
  it('says which context would contain the source', () => {
    const [f] = fixtureFindings('copy-source-outside-context', 'parent-of-compose-context');
    expect(f.message).toBe(
      "Source '../shared' leaves the build context 'api' (compose.yml, service api): only the context is sent to the builder, so it cannot be copied; it points to shared, which a build context of '.' would contain.",
    );
  });
});

describe('copy-source-unresolved', () => {
  it('explains a global ARG that the stage does not re-declare', () => {
    const [f] = fixtureFindings('copy-source-unresolved', 'global-arg-not-redeclared');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('$APP_DIR is a global ARG (declared before the first FROM) that this stage does not re-declare');
    expect(f.message).toContain('add `ARG APP_DIR`');
  });

  it('is never reported as missing', () => {
    const root = copyDir(join(FIXTURES, 'copy-source-unresolved', 'arg-without-default', 'input'));
    expect(findings(root, 'copy-source-missing')).toEqual([]);
  });
});

describe('copy-wildcard-empty', () => {
  it('is info, never an error, for the optional-file idiom', () => {
    const root = copyDir(join(FIXTURES, 'copy-wildcard-empty', 'optional-file-idiom', 'input'));
    const all = detect(openSession(root), {}).findings.filter((f) => f.location.file === 'Dockerfile');
    expect(all.map((f) => [f.rule, f.severity])).toEqual([
      ['copy-wildcard-empty', 'info'],
      ['copy-wildcard-empty', 'info'],
      ['copy-wildcard-empty', 'info'],
    ]);
    expect(all[2].message).toContain("Wildcard 'next-env.d.ts*' matches nothing in the build context '.'");
    expect(all[2].fixes).toEqual([]);
  });
});

describe('copy-from-unknown-stage', () => {
  it('names the earlier stages and fixes a typo', () => {
    const [f] = fixtureFindings('copy-from-unknown-stage', 'typo-stage');
    expect(f.message).toContain("--from=buidler names no earlier stage or additional build context (earlier stages: 'builder'); did you mean 'builder'?");
    expect(f.fixes.map((x) => [x.title, x.applicability])).toEqual([['Change --from=buidler to --from=builder', 'safe']]);
  });

  it('explains later stages, the stage itself and indexes', () => {
    const later = fixtureFindings('copy-from-unknown-stage', 'later-stage-and-self').map((f) => f.message);
    expect(later).toEqual([
      '--from=wheels names a later stage (line 8); a COPY can only read from an earlier stage.',
      '--from=app names the stage it is in; a COPY can only read from an earlier stage.',
    ]);
    const index = fixtureFindings('copy-from-unknown-stage', 'stage-index').map((f) => f.message);
    expect(index[1]).toBe('--from=7 refers to stage 7, but only stage 0 comes before this one (a COPY can only read from an earlier stage).');
  });

  it('counts two swapped neighbouring letters as one edit: a short stage name typo is found and fixed', () => {
    const text = [
      'FROM node:20 AS deps',
      'RUN npm ci',
      'FROM node:20 AS base',
      'FROM node:20-alpine',
      'COPY --from=dpes /app/node_modules ./node_modules',
      'COPY --from=abse /x /x',
      // Two swaps: too far for a four-letter name; a bare name is then an image (nothing to say).
      'COPY --from=epds /y /y',
      // A tag, a registry path or a digest make it an image reference, however close the name.
      'COPY --from=dpes:1 /z /z',
      'COPY --from=acme/dpes /w /w',
      '',
    ].join('\n');
    const found = findings(tree({ Dockerfile: text }), 'copy-from-unknown-stage');
    expect(found.map((f) => [f.rule, f.line, text.slice(f.location.start, f.location.end)])).toEqual([
      ['copy-from-unknown-stage', 5, '--from=dpes'],
      ['copy-from-unknown-stage', 6, '--from=abse'],
    ]);
    expect(found.map((f) => f.fixes.map((x) => [x.applicability, x.changes]))).toEqual([
      [['safe', [{ kind: 'edit', file: 'Dockerfile', start: found[0].location.start, end: found[0].location.end, text: '--from=deps' }]]],
      [['safe', [{ kind: 'edit', file: 'Dockerfile', start: found[1].location.start, end: found[1].location.end, text: '--from=base' }]]],
    ]);
  });

  it('does not take a short image name for a typo of a stage name', () => {
    const root = tree({ Dockerfile: 'FROM alpine AS code\nFROM alpine\nCOPY --from=node /usr/local/bin/node /n\nCOPY --from=cod /x /x\n' });
    const found = findings(root, 'copy-from-unknown-stage');
    expect(found.map((f) => f.line)).toEqual([4]);
  });
});

describe('chown-user-undefined', () => {
  it('creates each missing name once per stage, before its first use', () => {
    const found = fixtureFindings('chown-user-undefined', 'debian-apt-get');
    expect(found).toHaveLength(3);
    for (const f of found) {
      expect(f.fixes.map((x) => x.title)).toEqual(['Create group app, user app and user worker before line 5 (groupadd/useradd)']);
    }
  });

  it('quotes the error Docker gives, for a user and for a group', () => {
    const [user] = fixtureFindings('chown-user-undefined', 'incident-staging-alpine');
    expect(user.message).toBe(
      `User 'netra' and group 'netra' (--chown=netra:netra) are not created by any earlier instruction of stage 1 (line 9), and python:3.11-alpine is not known to have them; the build fails with "unable to find user netra: no matching entries in passwd file".`,
    );
    const root = tree({ Dockerfile: 'FROM debian:bookworm\nCOPY --chown=www-data:deploy a /a\n', a: 'x' });
    const [group] = findings(root, 'chown-user-undefined');
    expect(group.message).toContain(`Group 'deploy' (--chown=www-data:deploy) is not created`);
    expect(group.message).toContain('unable to find group deploy: no matching entries in group file');
    expect(group.fixes[0].changes).toMatchObject([{ text: 'RUN groupadd --system deploy\n' }]);
  });

  it('gives no fix when the name is created later in the stage', () => {
    const [f] = fixtureFindings('chown-user-undefined', 'created-later-in-stage');
    expect(f.message).toContain("created only later in stage 0, on line 3 (move that RUN above this COPY)");
    expect(f.fixes).toEqual([]);
  });

  it('ignores a stage whose base image is a variable', () => {
    const root = tree({ Dockerfile: 'ARG BASE\nFROM $BASE\nCOPY --chown=app:app a /a\n', a: 'x' });
    expect(findings(root, 'chown-user-undefined')).toEqual([]);
  });
});

describe('compose-dockerfile-missing', () => {
  it('offers several Dockerfiles of that name as unsafe alternatives', () => {
    const [f] = fixtureFindings('compose-dockerfile-missing', 'found-several');
    expect(f.message).toContain('Found apps/api/Dockerfile, legacy/api/Dockerfile.');
    expect(f.fixes.map((x) => [x.title, x.applicability])).toEqual([
      ["Set build context to './apps'", 'unsafe'],
      ["Set dockerfile to '../apps/api/Dockerfile'", 'unsafe'],
      ["Set build context to './legacy'", 'unsafe'],
      ["Set dockerfile to '../legacy/api/Dockerfile'", 'unsafe'],
    ]);
  });

  it('prefers the Dockerfile in the directory named like the service', () => {
    const root = tree({
      'deploy/compose.yml': 'services:\n  api:\n    build:\n      context: .\n',
      'web/Dockerfile': 'FROM node:20\n',
      'api/Dockerfile': 'FROM node:20\n',
    });
    const [f] = findings(root, 'compose-dockerfile-missing');
    // No COPY source decides between the two repairs: the minimal edit (the path) comes first.
    expect(f.fixes.map((x) => x.title)).toEqual(["Set dockerfile to '../api/Dockerfile'", "Set build context to '../api'", "Set dockerfile to '../web/Dockerfile'", "Set build context to '../web'"]);
  });
});

describe('compose-build-context-missing', () => {
  it('quotes the Compose error and says where the directory was found', () => {
    const [api] = fixtureFindings('compose-build-context-missing', 'under-another-base');
    expect(api.message).toBe(
      `Service 'api': build context './api' resolves to deploy/api (relative to the project directory 'deploy'), which does not exist; the build fails with \`unable to prepare context: path "deploy/api" not found\`. Dockerfile.prod exists in 'api'.`,
    );
  });
});

describe('source resolution', () => {
  it('follows the context through symbolic links instead of calling their targets missing', () => {
    const root = tree({ 'real/lib/a.so': 'x', 'real/app.conf': 'x' });
    symlinkSync('real', join(root, 'current'));
    symlinkSync('real/app.conf', join(root, 'app.conf'));
    const t = walkTree(root);
    const view = { dir: '', ignore: null };
    expect(resolveSource(t, view, 'app.conf').status).toBe('ok');
    expect(resolveSource(t, view, 'current/app.conf').status).toBe('ok');
    expect(resolveSource(t, view, 'current/lib/*.so').status).toBe('ok');
    expect(resolveSource(t, view, 'nope/app.conf').status).toBe('missing');
  });

  it('applies the ignore file to the Dockerfile too, and honours exceptions below an excluded directory', () => {
    const root = tree({ Dockerfile: 'FROM alpine\n', 'docs/keep.md': 'k', 'docs/drop.md': 'd' });
    const t = walkTree(root);
    const ignore = new IgnoreMatcher(['Dockerfile', 'docs', '!docs/keep.md']);
    expect(resolveSource(t, { dir: '', ignore }, 'Dockerfile').status).toBe('ignored');
    expect(resolveSource(t, { dir: '', ignore }, 'docs')).toEqual({ status: 'ok', matches: ['docs'] });
    expect(resolveSource(t, { dir: '', ignore }, 'docs/drop.md').status).toBe('ignored');
  });

  it('lets `..` of an absolute source stop at the context root, as Go path.Clean does', () => {
    const root = tree({ 'lib/a': 'x' });
    const t = walkTree(root);
    expect(resolveSource(t, { dir: '', ignore: null }, '/../lib/a').status).toBe('ok');
    expect(resolveSource(t, { dir: '', ignore: null }, '../lib/a').status).toBe('outside');
  });
});

describe('image users', () => {
  it('knows the base users per distro and the usual image users', () => {
    expect(imageHasUser('node:20', 'node')).toBe(true);
    expect(imageHasUser('php:8.3-fpm-alpine', 'www-data')).toBe(true);
    expect(imageHasUser('nginx:1.27', 'www-data')).toBe(true);
    expect(imageHasUser('debian:bookworm', 'www-data')).toBe(true);
    expect(imageHasUser('alpine:3.20', 'www-data')).toBe(false);
    expect(imageHasGroup('alpine:3.20', 'www-data')).toBe(true);
    expect(imageHasUser('gcr.io/distroless/static-debian12:nonroot', 'nonroot')).toBe(true);
    expect(imageHasUser('python:3.12', 'app')).toBe(false);
  });

  it('chooses the dialect from the package manager first, then the image', () => {
    expect(distroOf('mycorp/base:1', 'apk')).toBe('alpine');
    expect(distroOf('mycorp/base:1', 'apt')).toBe('debian');
    expect(distroOf('mycorp/base:1', 'dnf')).toBe('rhel');
    expect(distroOf('mycorp/base:1')).toBe('unknown');
    expect(distroOf('python:3.11-alpine')).toBe('alpine');
    expect(distroOf('python:3.12-slim')).toBe('debian');
    expect(distroOf('node:20')).toBe('debian');
    expect(distroOf('ubuntu:24.04')).toBe('debian');
    expect(distroOf('registry.access.redhat.com/ubi9/ubi:9.4')).toBe('rhel');
    expect(distroOf('registry.access.redhat.com/ubi9/ubi-minimal:9.4')).toBe('unknown');
    expect(distroOf('gcr.io/distroless/static-debian12')).toBe('unknown');
  });
});

describe('compose-dockerfile-missing, similar names', () => {
  it('offers a Dockerfile with a similar name only as an unsafe fix', () => {
    const root = tree({ 'compose.yml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: api.Dockerfile\n', 'app.Dockerfile': 'FROM node:20\n' });
    const [f] = findings(root, 'compose-dockerfile-missing');
    expect(f.fixes.map((x) => [x.title, x.applicability])).toEqual([["Set dockerfile to 'app.Dockerfile'", 'unsafe']]);
  });
});
