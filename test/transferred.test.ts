// What BuildKit transfers of a build context (src/analysis/transferred.ts): the context paths the
// reached stages read (dockerfile2llb ctxPaths → llb.FollowPaths), or everything.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextTransferScope } from '../src/analysis/transferred.js';
import { openSession } from '../src/fix/engine.js';
import { buildProject } from '../src/project/project.js';
import { tree } from './helpers.js';

const scopeOf = (dockerfile: string, extra: Record<string, string> = {}, links: Record<string, string> = {}) => {
  const root = tree({ Dockerfile: dockerfile, 'app/main.py': 'x\n', '.env': 'A=1\n', ...extra });
  for (const [link, target] of Object.entries(links)) symlinkSync(target, join(root, link));
  const s = openSession(root);
  const project = buildProject(s.tree, s.sources);
  return contextTransferScope(project, '', null);
};

describe('contextTransferScope', () => {
  it('is the COPY/ADD sources of the context, with what is below them and the folders leading to them', () => {
    const scope = scopeOf('FROM python:3.12\nCOPY requirements*.txt ./\nADD app/ /srv/app\nCOPY ./conf/nginx.conf /etc/\n');
    expect(scope?.paths).toEqual(['app', 'conf/nginx.conf', 'requirements*.txt']);
    expect(scope!.reachesInto('app/main.py')).toBe(true);
    expect(scope!.reachesInto('requirements-dev.txt')).toBe(true);
    expect(scope!.reachesInto('.env')).toBe(false);
    expect(scope!.reachesInto('conf/other.conf')).toBe(false);
    expect(scope!.reachesInto('conf')).toBe(true); // a folder on the way to a source
    expect(scope!.reachesInto('node_modules')).toBe(false);
  });

  it('leaves out --from copies, URLs, git sources, heredocs and the stages the target does not reach', () => {
    const scope = scopeOf(
      [
        'FROM node:20 AS assets',
        'COPY web/ /web/',
        'FROM python:3.12 AS unused',
        'COPY . /everything',
        'FROM python:3.12',
        'COPY --from=assets /web/dist /srv/static',
        'ADD https://example.com/x.tar.gz /tmp/',
        'ADD git@github.com:moby/buildkit.git /src',
        'COPY <<EOF /etc/motd\nhello\nEOF',
        'COPY app /srv/app',
        '',
      ].join('\n'),
    );
    expect(scope?.paths).toEqual(['app', 'web']);
  });

  it('RUN --mount reads the context for bind mounts (and tmpfs, as BuildKit records it), not for cache, secret or ssh', () => {
    expect(scopeOf('FROM alpine\nRUN --mount=type=bind,source=go.sum,target=/x --mount=type=cache,target=/root/.cache --mount=type=secret,id=t true\n')?.paths).toEqual(['go.sum']);
    expect(scopeOf('FROM alpine\nRUN --mount=target=/src make\n')).toBeNull(); // bind (the default type) of the whole context
    expect(scopeOf('FROM alpine\nRUN --mount=type=tmpfs,target=/tmp true\n')).toBeNull(); // dispatchRunMounts adds its empty source
  });

  it('a variable tag of a named image is that image', () => {
    expect(scopeOf('ARG V\nFROM temporalio/auto-setup:${V}\nCOPY ./.pki/ca.pem /ca.crt\n')?.paths).toEqual(['.pki/ca.pem']);
  });

  it('every stage counts when it cannot tell which ones the build reaches', () => {
    expect(scopeOf('FROM alpine AS one\nCOPY a /a\nFROM alpine\nCOPY --from=$X /b /b\nCOPY c /c\n')?.paths).toEqual(['a', 'c']);
  });

  it('ONBUILD triggers of a stage run in the stages built FROM it: everything', () => {
    // convert.go resolveStages prepends the base stage's ONBUILD commands to the child.
    expect(scopeOf('FROM node:20 AS base\nONBUILD COPY . /app\nFROM base\nCOPY package.json /x\n')).toBeNull();
    // Near miss: a stage with triggers that nothing builds FROM.
    expect(scopeOf('FROM node:20 AS base\nONBUILD COPY . /app\nFROM alpine\nCOPY package.json /x\n')?.paths).toEqual(['package.json']);
  });

  it('a follow path through a symbolic link (fsutil sends the target too): everything', () => {
    expect(scopeOf('FROM alpine\nCOPY conf /etc/app\n', { 'deploy/conf/a.ini': 'x\n' }, { conf: 'deploy/conf' })).toBeNull();
    expect(scopeOf('FROM alpine\nCOPY app/*.py /srv/\n', { 'lib/util.py': 'x\n' }, { 'app/util.py': '../lib/util.py' })).toBeNull();
    // Near miss: a link elsewhere in the context.
    expect(scopeOf('FROM alpine\nCOPY app /srv/app\n', { 'deploy/conf/a.ini': 'x\n' }, { conf: 'deploy/conf' })?.paths).toEqual(['app']);
  });

  it('mount options: keys and type are case-insensitive; a variable elsewhere than type or source changes nothing', () => {
    expect(scopeOf('FROM alpine\nCOPY a /a\nRUN --mount=TYPE=CACHE,target=/root/.cache true\n')?.paths).toEqual(['a']);
    expect(scopeOf('FROM alpine\nARG HOME=/root\nRUN --mount=type=bind,source=go.sum,target=$HOME/go.sum true\n')?.paths).toEqual(['go.sum']);
    expect(scopeOf('FROM alpine\nCOPY a /a\nRUN --mount=type=cache,target=/root/.cache,source=. true\n')?.paths).toEqual(['a']);
  });

  it('a build reading nothing from the context transfers nothing', () => {
    const scope = scopeOf('FROM alpine\nRUN echo hi\n');
    expect(scope?.paths).toEqual([]);
    expect(scope!.reachesInto('app')).toBe(false);
  });

  it.each([
    ['the whole context is a source', 'FROM alpine\nCOPY . /app\n'],
    ['the context root spelled otherwise', 'FROM alpine\nCOPY ./ /app\n'],
    ['a source with an unset variable', 'FROM alpine\nCOPY $SRC /app\n'],
    ['a mount with a variable', 'FROM alpine\nRUN --mount=type=bind,source=$S,target=/s true\n'],
    ['a base image with ONBUILD triggers', 'FROM node:8-onbuild\nCOPY package.json .\n'],
    ['a base image that is a variable (its ONBUILD triggers are unknown)', 'ARG BASE\nFROM $BASE\nCOPY a /a\n'],
    ['a base image whose name is a variable', 'ARG NAME=x\nARG REPO\nFROM $REPO/app:1\nCOPY a /a\n'],
  ])('everything when %s', (_why, dockerfile) => {
    expect(scopeOf(dockerfile)).toBeNull();
  });

  it('the union over the builds of one context; one build sending everything makes it everything', () => {
    const files = { 'compose.yaml': 'services:\n  a:\n    build: .\n  b:\n    build:\n      context: .\n      dockerfile: b.Dockerfile\n' };
    const s = openSession(tree({ ...files, Dockerfile: 'FROM alpine\nCOPY a.txt /\n', 'b.Dockerfile': 'FROM alpine\nCOPY b.txt /\n' }));
    expect(contextTransferScope(buildProject(s.tree, s.sources), '', null)?.paths).toEqual(['a.txt', 'b.txt']);
    const t = openSession(tree({ ...files, Dockerfile: 'FROM alpine\nCOPY a.txt /\n', 'b.Dockerfile': 'FROM alpine\nCOPY . /\n' }));
    expect(contextTransferScope(buildProject(t.tree, t.sources), '', null)).toBeNull();
  });
});
