import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { lexDockerfile, parseDockerfile, parseInstructions, type CopyInstruction, type DockerfileModel } from '../src/dockerfile/model.js';
import { isDockerfileName } from '../src/project/discover.js';
import { FIXTURES } from './helpers.js';

const lines = (...ls: string[]) => ls.join('\n') + '\n';
const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);
const raws = (c: CopyInstruction) => c.sources.map((s) => s.raw);
const values = (c: CopyInstruction) => c.sources.map((s) => s.value);

/** every offset of the model points at the text it describes */
function checkOffsets(text: string, m: DockerfileModel) {
  for (const c of m.copies) {
    expect(slice(text, c).toUpperCase().startsWith(c.keyword)).toBe(true);
    for (const f of c.flags) expect(slice(text, f).startsWith(`--${f.name}`)).toBe(true);
  }
}

describe('the incident Dockerfile', () => {
  const text = lines(
    'FROM python:3.11-slim AS builder',
    'WORKDIR /build',
    'COPY requirements.txt .',
    'RUN pip install --user -r requirements.txt',
    '',
    'FROM python:3.11-slim',
    'RUN addgroup -S netra && adduser -S netra -G netra',
    'COPY --from=builder --chown=netra:netra /root/.local /home/netra/.local',
    'COPY --chown=netra:netra netra_backend /app/netra_backend',
    'USER netra',
  );
  const m = parseDockerfile(text);

  it('never takes a flag for a source', () => {
    const c = m.copies[2];
    expect(c.keyword).toBe('COPY');
    expect(c.stageIndex).toBe(1);
    expect(c.line).toBe(9);
    expect(raws(c)).toEqual(['netra_backend']);
    expect(c.sources[0]).toMatchObject({ value: 'netra_backend', kind: 'path', hasWildcard: false, unresolved: [] });
    expect(slice(text, c.sources[0])).toBe('netra_backend');
    expect(c.destination?.value).toBe('/app/netra_backend');
    expect(slice(text, c.destination!)).toBe('/app/netra_backend');
    expect(c.flags).toHaveLength(1);
    expect(c.flags[0]).toMatchObject({ name: 'chown', value: 'netra:netra' });
    expect(slice(text, c.flags[0])).toBe('--chown=netra:netra');
    expect(c.chown?.value).toBe('netra:netra');
    expect(slice(text, c.chown!)).toBe('--chown=netra:netra');
    expect(c.from).toBeUndefined();
    expect(slice(text, c)).toBe('COPY --chown=netra:netra netra_backend /app/netra_backend');
  });

  it('finds --from even when it is not the only flag', () => {
    const c = m.copies[1];
    expect(c.from?.value).toBe('builder');
    expect(slice(text, c.from!)).toBe('--from=builder');
    expect(c.fromStageIndex).toBe(0);
    expect(c.chown?.value).toBe('netra:netra');
    expect(raws(c)).toEqual(['/root/.local']);
    expect(slice(text, c.sources[0])).toBe('/root/.local');
    expect(c.destination?.value).toBe('/home/netra/.local');
    expect(c.flags.map((f) => f.name)).toEqual(['from', 'chown']);
  });

  it('models the stages and the users created', () => {
    expect(m.stages.map((s) => [s.index, s.name, s.image, s.line])).toEqual([
      [0, 'builder', 'python:3.11-slim', 1],
      [1, undefined, 'python:3.11-slim', 6],
    ]);
    expect(slice(text, m.stages[0])).toBe('FROM python:3.11-slim AS builder');
    expect(m.userCreations).toEqual([{ stageIndex: 1, line: 7, users: ['netra'], groups: ['netra'] }]);
    expect(m.copies[0]).toMatchObject({ stageIndex: 0, line: 3 });
    expect(raws(m.copies[0])).toEqual(['requirements.txt']);
    expect(m.instructionCount).toBe(9);
    checkOffsets(text, m);
  });
});

describe('flags', () => {
  it('recognises every COPY/ADD flag and none of them is a source', () => {
    const text = lines(
      'FROM alpine',
      'COPY --chown=app:app --chmod=644 --link --parents --exclude=*.md --platform=linux/amd64 src /dst/',
      'ADD --keep-git-dir=true --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --link https://example.com/x.tgz /dst/',
    );
    const m = parseDockerfile(text);
    const [copy, add] = m.copies;
    expect(copy.flags.map((f) => [f.name, f.value])).toEqual([
      ['chown', 'app:app'],
      ['chmod', '644'],
      ['link', null],
      ['parents', null],
      ['exclude', '*.md'],
      ['platform', 'linux/amd64'],
    ]);
    expect(copy.flags.map((f) => slice(text, f))).toEqual([
      '--chown=app:app',
      '--chmod=644',
      '--link',
      '--parents',
      '--exclude=*.md',
      '--platform=linux/amd64',
    ]);
    expect(raws(copy)).toEqual(['src']);
    expect(add.flags.map((f) => f.name)).toEqual(['keep-git-dir', 'checksum', 'link']);
    expect(raws(add)).toEqual(['https://example.com/x.tgz']);
    expect(add.sources[0].kind).toBe('url');
  });

  it('handles quoted flag values and the -- terminator like extractBuilderFlags', () => {
    const text = lines('FROM alpine', 'COPY --chown="app user" --from=0 a b', 'COPY -- --odd-name /dst');
    const m = parseDockerfile(text);
    expect(m.copies[0].flags[0]).toMatchObject({ name: 'chown', value: 'app user' });
    expect(slice(text, m.copies[0].flags[0])).toBe('--chown="app user"');
    expect(m.copies[0].from?.value).toBe('0');
    expect(m.copies[1].flags).toEqual([]);
    expect(raws(m.copies[1])).toEqual(['--odd-name']);
  });
});

describe('JSON form', () => {
  it('keeps spaces and decodes escapes (dockerfile-ast drops them)', () => {
    const text = lines('FROM alpine', 'COPY ["my dir/a b.txt", "caf\\u00e9", "/dst dir/"]');
    const c = parseDockerfile(text).copies[0];
    expect(c.json).toBe(true);
    expect(raws(c)).toEqual(['my dir/a b.txt', 'café']);
    expect(values(c)).toEqual(['my dir/a b.txt', 'café']);
    expect(c.sources.map((s) => slice(text, s))).toEqual(['"my dir/a b.txt"', '"caf\\u00e9"']);
    expect(c.destination?.value).toBe('/dst dir/');
    expect(slice(text, c.destination!)).toBe('"/dst dir/"');
  });

  it('accepts flags before the array and spans continuation lines', () => {
    const text = lines('FROM alpine', 'COPY --chown=1000 [ "a b", \\', '   "c d", "/e/" ]');
    const c = parseDockerfile(text).copies[0];
    expect(c.json).toBe(true);
    expect(c.chown?.value).toBe('1000');
    expect(raws(c)).toEqual(['a b', 'c d']);
    expect(c.sources.map((s) => slice(text, s))).toEqual(['"a b"', '"c d"']);
    expect(c.line).toBe(2);
    expect(c.endLine).toBe(3);
  });

  it('falls back to the shell form when it is not a JSON array of strings', () => {
    const text = lines('FROM alpine', 'COPY [a, b] /x');
    const c = parseDockerfile(text).copies[0];
    expect(c.json).toBe(false);
    expect(raws(c)).toEqual(['[a,', 'b]']);
    expect(c.destination?.value).toBe('/x');
  });
});

describe('heredocs', () => {
  it('reads nothing from the context and ignores the body lines', () => {
    const text = lines('FROM alpine', 'COPY <<EOF /etc/motd', 'hello world', '/not/an/argument', 'EOF', 'RUN cat /etc/motd');
    const m = parseDockerfile(text);
    const c = m.copies[0];
    expect(c.sources).toHaveLength(1);
    expect(c.sources[0]).toMatchObject({ raw: '<<EOF', value: 'EOF', kind: 'heredoc', hasWildcard: false });
    expect(slice(text, c.sources[0])).toBe('<<EOF');
    expect(c.destination?.value).toBe('/etc/motd');
    expect(c.line).toBe(2);
    expect(c.endLine).toBe(5);
    expect(slice(text, c)).toBe('COPY <<EOF /etc/motd\nhello world\n/not/an/argument\nEOF');
    expect(m.instructionCount).toBe(3);
  });

  it('handles <<-, quoted delimiters, several heredocs and mixed sources', () => {
    const text = lines(
      'FROM alpine',
      'COPY <<-"END" <<\'EOT\' app.py /app/',
      '\tindented body',
      '\tEND',
      'second body',
      'EOT',
      'COPY app.py /x',
    );
    const m = parseDockerfile(text);
    const c = m.copies[0];
    expect(c.sources.map((s) => [s.raw, s.value, s.kind])).toEqual([
      ['<<-"END"', 'END', 'heredoc'],
      ["<<'EOT'", 'EOT', 'heredoc'],
      ['app.py', 'app.py', 'path'],
    ]);
    expect(c.destination?.value).toBe('/app/');
    expect(c.endLine).toBe(6);
    expect(m.copies[1]).toMatchObject({ line: 7 });
    expect(raws(m.copies[1])).toEqual(['app.py']);
  });

  it('works with CRLF line endings', () => {
    const text = 'FROM alpine\r\nCOPY <<EOF /x\r\nbody\r\nEOF\r\nCOPY a /b\r\n';
    const m = parseDockerfile(text);
    expect(m.copies[0].sources.map((s) => s.kind)).toEqual(['heredoc']);
    expect(slice(text, m.copies[0])).toBe('COPY <<EOF /x\r\nbody\r\nEOF');
    expect(slice(text, m.copies[1].sources[0])).toBe('a');
    expect(m.copies[1].line).toBe(5);
  });
});

describe('line continuations, comments, CRLF, BOM, escape directive', () => {
  it('joins continuation lines and skips comment and empty lines inside them', () => {
    const text = lines('FROM alpine', 'COPY a \\', '  # a comment inside', '', '    b \\', '  /dst/');
    const c = parseDockerfile(text).copies[0];
    expect(raws(c)).toEqual(['a', 'b']);
    expect(c.sources.map((s) => slice(text, s))).toEqual(['a', 'b']);
    expect(c.destination?.value).toBe('/dst/');
    expect(c.line).toBe(2);
    expect(c.endLine).toBe(6);
  });

  it('joins a token split by a continuation (no whitespace added, as Docker does)', () => {
    const text = lines('FROM alpine', 'COPY sr\\', 'c /d');
    const c = parseDockerfile(text).copies[0];
    expect(c.sources[0].raw).toBe('src');
    expect(slice(text, c.sources[0])).toBe('sr\\\nc');
  });

  it('keeps a trailing # comment as arguments, as Docker does', () => {
    const text = lines('FROM alpine', 'COPY app.py /app/ # copy the app');
    const c = parseDockerfile(text).copies[0];
    expect(raws(c)).toEqual(['app.py', '/app/', '#', 'copy', 'the']);
    expect(c.destination?.value).toBe('app');
  });

  it('computes offsets in a CRLF file with a BOM', () => {
    const text = '\uFEFFFROM alpine AS base\r\nCOPY --chown=a:b one \\\r\n     two /dst/\r\n';
    const m = parseDockerfile(text);
    expect(m.stages[0]).toMatchObject({ name: 'base', image: 'alpine', start: 1, line: 1 });
    expect(slice(text, m.stages[0])).toBe('FROM alpine AS base');
    const c = m.copies[0];
    expect(c.start).toBe(text.indexOf('COPY'));
    expect(slice(text, c)).toBe('COPY --chown=a:b one \\\r\n     two /dst/');
    expect(c.sources.map((s) => [s.raw, s.start, s.end])).toEqual([
      ['one', text.indexOf('one'), text.indexOf('one') + 3],
      ['two', text.indexOf('two'), text.indexOf('two') + 3],
    ]);
    expect(slice(text, c.flags[0])).toBe('--chown=a:b');
    expect(slice(text, c.destination!)).toBe('/dst/');
    expect([c.line, c.endLine]).toEqual([2, 3]);
  });

  it('uses the backtick from the escape directive (Windows paths: `\\` is a separator, read as `/`)', () => {
    const text = lines('# escape=`', 'FROM mcr.microsoft.com/windows/servercore', 'COPY app\\bin\\ `', '     C:\\tools\\x.exe C:\\app\\');
    const m = parseDockerfile(text);
    expect(m.escapeChar).toBe('`');
    const c = m.copies[0];
    expect(raws(c)).toEqual(['app\\bin\\', 'C:\\tools\\x.exe']);
    expect(values(c)).toEqual(['app/bin/', 'C:/tools/x.exe']);
    expect(c.destination?.value).toBe('C:\\app\\');
    expect(slice(text, c.sources[1])).toBe('C:\\tools\\x.exe');
    expect(c.endLine).toBe(4);
  });

  it('does not treat an escaped escape at the end of a line as a continuation', () => {
    const text = lines('FROM alpine', 'COPY a b\\\\', 'RUN echo');
    const c = parseDockerfile(text).copies[0];
    expect(c.endLine).toBe(2);
    expect(raws(c)).toEqual(['a']);
    expect(c.destination?.raw).toBe('b\\\\');
  });
});

describe('names with spaces and non-ASCII', () => {
  it('reports exact offsets for non-ASCII names', () => {
    const text = lines('FROM alpine', 'COPY café/ñandú.txt 日本語/ /données/');
    const c = parseDockerfile(text).copies[0];
    expect(raws(c)).toEqual(['café/ñandú.txt', '日本語/']);
    expect(c.sources.map((s) => slice(text, s))).toEqual(['café/ñandú.txt', '日本語/']);
    expect(slice(text, c.destination!)).toBe('/données/');
  });

  it('names with spaces need the JSON form; in shell form quotes do not group', () => {
    const text = lines('FROM alpine', 'COPY ["Program Files/my app.exe", "/opt/my app/"]', 'COPY "my app.exe" /opt/');
    const [json, shell] = parseDockerfile(text).copies;
    expect(raws(json)).toEqual(['Program Files/my app.exe']);
    expect(json.destination?.value).toBe('/opt/my app/');
    // Docker splits on whitespace first: `"my` and `app.exe"`, each an unterminated quote
    expect(raws(shell)).toEqual(['"my', 'app.exe"']);
    expect(values(shell)).toEqual([null, null]);
  });

  it('removes quotes that do not contain whitespace', () => {
    const text = lines('FROM alpine', 'COPY "a.txt" \'b.txt\' /d/');
    expect(values(parseDockerfile(text).copies[0])).toEqual(['a.txt', 'b.txt']);
  });
});

describe('ADD sources: url and git', () => {
  it('classifies URLs and git references', () => {
    const text = lines(
      'FROM alpine',
      'ADD https://example.com/app.tar.gz http://example.com/x git@github.com:moby/buildkit.git https://github.com/moby/buildkit.git#v0.12.0 ssh://git@host/repo local.tgz /dst/',
    );
    const c = parseDockerfile(text).copies[0];
    expect(c.keyword).toBe('ADD');
    expect(c.sources.map((s) => [s.raw, s.kind])).toEqual([
      ['https://example.com/app.tar.gz', 'url'],
      ['http://example.com/x', 'url'],
      ['git@github.com:moby/buildkit.git', 'git'],
      ['https://github.com/moby/buildkit.git#v0.12.0', 'git'],
      ['ssh://git@host/repo', 'git'],
      ['local.tgz', 'path'],
    ]);
  });
});

describe('variables', () => {
  it('sees a global ARG inside a stage only when re-declared there', () => {
    const text = lines(
      'ARG APP_DIR=services/api',
      'ARG VERSION=1.0',
      'FROM node:${VERSION}-alpine AS build',
      'ARG APP_DIR',
      'COPY ${APP_DIR}/package.json $APP_DIR/src ${VERSION}/x /app/',
    );
    const m = parseDockerfile(text);
    expect(m.globalArgs).toEqual(
      new Map([
        ['APP_DIR', 'services/api'],
        ['VERSION', '1.0'],
      ]),
    );
    expect(m.stages[0]).toMatchObject({ image: 'node:1.0-alpine', imageRaw: 'node:${VERSION}-alpine' });
    const c = m.copies[0];
    expect(values(c)).toEqual(['services/api/package.json', 'services/api/src', null]);
    expect(c.sources[2].unresolved).toEqual(['VERSION']);
    expect(c.sources.map((s) => slice(text, s))).toEqual(['${APP_DIR}/package.json', '$APP_DIR/src', '${VERSION}/x']);
  });

  it('applies build args to declared ARGs only', () => {
    const text = lines('ARG APP=web', 'FROM alpine', 'ARG APP', 'ARG MODE=dev', 'COPY $APP/$MODE $EXTRA /dst/');
    const m = parseDockerfile(text, { buildArgs: { APP: 'api', MODE: 'prod', EXTRA: 'x' } });
    expect(m.globalArgs.get('APP')).toBe('api');
    const c = m.copies[0];
    expect(values(c)).toEqual(['api/prod', null]);
    expect(c.sources[1].unresolved).toEqual(['EXTRA']);
  });

  it('uses ENV in scope, inherited by a stage built FROM an earlier stage', () => {
    const text = lines(
      'FROM python:3.12 AS base',
      'COPY $SRC /a/',
      'ENV SRC=backend APP_HOME=/srv',
      'ENV CONF=${SRC}/conf',
      'COPY $SRC ${CONF} /a/',
      'FROM base AS final',
      'COPY $SRC/main.py ${APP_HOME} /b/',
      'FROM python:3.12',
      'COPY $SRC /c/',
    );
    const m = parseDockerfile(text);
    expect(m.stages.map((s) => s.baseStageIndex)).toEqual([undefined, 0, undefined]);
    expect(values(m.copies[0])).toEqual([null]);
    expect(values(m.copies[1])).toEqual(['backend', 'backend/conf']);
    expect(values(m.copies[2])).toEqual(['backend/main.py', '/srv']);
    expect(m.copies[2].stageIndex).toBe(1);
    expect(values(m.copies[3])).toEqual([null]);
    expect(m.copies[3].sources[0].unresolved).toEqual(['SRC']);
  });

  it('supports ${VAR:-d}, ${VAR:+x}, ${VAR-d}, %, #, / and escaped \\$', () => {
    const text = lines(
      'FROM alpine',
      'ARG FILE=app.tar.gz',
      'ARG EMPTY=',
      'ARG NOVALUE',
      'COPY ${FILE:-x} ${NOVALUE:-def} ${EMPTY:-def} ${EMPTY-def} ${FILE:+set} ${NOVALUE:+set}z ${FILE%.gz} ${FILE%%.*} ${FILE#*.} ${FILE/app/web} \\$FILE /d/',
    );
    const c = parseDockerfile(text).copies[0];
    expect(values(c)).toEqual(['app.tar.gz', 'def', 'def', '', 'set', 'z', 'app.tar', 'app', 'tar.gz', 'web.tar.gz', '$FILE']);
  });

  it('leaves unresolved variables as null with their names', () => {
    const text = lines('FROM alpine', 'ARG NOVALUE', 'COPY $NOVALUE/a ${UNDECLARED}/b ${UNDECLARED:-fallback} /d/');
    const c = parseDockerfile(text).copies[0];
    expect(values(c)).toEqual([null, null, null]);
    expect(c.sources.map((s) => s.unresolved)).toEqual([['NOVALUE'], ['UNDECLARED'], ['UNDECLARED']]);
    expect(c.sources.map((s) => s.raw)).toEqual(['$NOVALUE/a', '${UNDECLARED}/b', '${UNDECLARED:-fallback}']);
  });

  it('expands all values of one ENV with the environment from before it', () => {
    const text = lines('FROM alpine', 'ENV A=1', 'ENV A=2 B=$A', 'COPY $A $B /d/');
    expect(values(parseDockerfile(text).copies[0])).toEqual(['2', '1']);
  });

  it('substitutes --chown and the destination, keeping raw text when unresolved', () => {
    const text = lines('FROM alpine', 'ARG USER=app', 'COPY --chown=$USER:$GROUP a $HOME_DIR/', 'COPY --chown=${USER} a /srv/${USER}/');
    const [one, two] = parseDockerfile(text).copies;
    expect(one.chown).toMatchObject({ value: '$USER:$GROUP', unresolved: ['GROUP'] });
    expect(one.destination).toMatchObject({ value: '$HOME_DIR/', unresolved: ['HOME_DIR'] });
    expect(two.chown?.value).toBe('app');
    expect(two.destination?.value).toBe('/srv/app/');
  });

  it('reports wildcards after substitution only when unescaped', () => {
    const text = lines('FROM alpine', 'ARG EXT=py', 'COPY *.${EXT} a\\\\*b a\\*b file[0-9].txt plain /d/');
    const c = parseDockerfile(text).copies[0];
    expect(values(c)).toEqual(['*.py', 'a\\*b', 'a*b', 'file[0-9].txt', 'plain']);
    expect(c.sources.map((s) => s.hasWildcard)).toEqual([true, false, true, true, false]);
  });
});

describe('stages', () => {
  it('lowercases names, accepts any case of AS, records platform and FROM chains', () => {
    const text = lines(
      'ARG PLATFORM=linux/amd64',
      'FROM --platform=$PLATFORM golang:1.22 as Builder',
      'FROM builder AS Test',
      'FROM test AS final',
      'COPY --from=BUILDER /out/app /app',
      'COPY --from=1 /x /y',
    );
    const m = parseDockerfile(text);
    expect(m.stages.map((s) => [s.index, s.name, s.image, s.baseStageIndex, s.line])).toEqual([
      [0, 'builder', 'golang:1.22', undefined, 2],
      [1, 'test', 'builder', 0, 3],
      [2, 'final', 'test', 1, 4],
    ]);
    expect(m.stages[0].platform).toBe('linux/amd64');
    expect(m.copies[0]).toMatchObject({ stageIndex: 2, fromStageIndex: 0 });
    expect(m.copies[0].from?.value).toBe('BUILDER');
    expect(m.copies[1].fromStageIndex).toBe(1);
  });

  it('keeps the raw image when a FROM variable is unresolved', () => {
    const m = parseDockerfile(lines('ARG TAG', 'FROM node:${TAG}', 'FROM --platform=$BUILDPLATFORM alpine'));
    expect(m.stages[0].image).toBe('node:${TAG}');
    expect(m.globalArgs).toEqual(new Map([['TAG', undefined]]));
    expect(m.stages[1].platform).toBe('$BUILDPLATFORM');
  });
});

describe('user creations and package managers', () => {
  it('parses adduser/addgroup (BusyBox), useradd/groupadd (shadow) and Debian adduser', () => {
    const text = lines(
      'FROM alpine',
      'RUN addgroup -S netra && adduser -S netra -G netra',
      'RUN apk add --no-cache curl && adduser -D -h /home/web web',
      'FROM debian:12',
      'RUN groupadd -r app && useradd -r -g app app',
      'RUN useradd --system --gid g u',
      'RUN set -eux; \\',
      '    apt-get update; \\',
      '    useradd -m -s /bin/bash dev; \\',
      '    adduser --system --group --home /var/lib/svc svc; \\',
      '    adduser --disabled-password --gecos "" deploy; \\',
      '    adduser deploy sudo',
      'FROM fedora AS f',
      'RUN dnf install -y shadow-utils && /usr/sbin/groupadd --gid 1001 grp',
      'FROM f',
      'RUN yum -y install x',
      'FROM redhat/ubi9-minimal',
      'RUN microdnf install -y tar',
      'FROM scratch',
    );
    const m = parseDockerfile(text);
    expect(m.userCreations).toEqual([
      { stageIndex: 0, line: 2, users: ['netra'], groups: ['netra'] },
      { stageIndex: 0, line: 3, users: ['web'], groups: ['web'] },
      { stageIndex: 1, line: 5, users: ['app'], groups: ['app'] },
      { stageIndex: 1, line: 6, users: ['u'], groups: [] },
      { stageIndex: 1, line: 7, users: ['dev', 'svc', 'deploy'], groups: ['dev', 'svc', 'deploy'] },
      { stageIndex: 2, line: 14, users: [], groups: ['grp'] },
    ]);
    expect([...m.packageManagers]).toEqual([
      [0, 'apk'],
      [1, 'apt'],
      [2, 'dnf'],
      [3, 'yum'],
      [4, 'microdnf'],
      [5, 'unknown'],
    ]);
  });

  it('inherits the package manager of the stage it is built FROM', () => {
    const m = parseDockerfile(lines('FROM alpine AS base', 'RUN apk add git', 'FROM base', 'RUN adduser -S x'));
    expect(m.packageManagers.get(1)).toBe('apk');
    expect(m.userCreations).toEqual([{ stageIndex: 1, line: 4, users: ['x'], groups: [] }]);
  });

  it('expands ARG values in RUN user names and reads RUN heredocs', () => {
    const text = lines('FROM debian', 'ARG APP_USER=svc', 'RUN useradd -g users $APP_USER', 'RUN <<EOF', 'groupadd web', 'EOF');
    const m = parseDockerfile(text);
    expect(m.userCreations).toEqual([
      { stageIndex: 0, line: 3, users: ['svc'], groups: [] },
      { stageIndex: 0, line: 4, users: [], groups: ['web'] },
    ]);
  });
});

describe('robustness', () => {
  it('never throws', () => {
    for (const text of ['', '\n\n', 'COPY', 'FROM', 'COPY a', 'FROM x\nCOPY ${', 'FROM x\nCOPY "unterminated /d', '\u0000\uFFFF', 'FROM x\nCOPY <<EOF']) {
      expect(() => parseDockerfile(text)).not.toThrow();
    }
    const m = parseDockerfile('FROM x\nCOPY ${ /d\nCOPY onlyone\n');
    expect(m.copies[0].sources[0].value).toBeNull();
    expect(m.copies[1].sources).toEqual([]);
    expect(m.copies[1].destination?.value).toBe('onlyone');
  });

  it('counts instructions and handles lowercase keywords', () => {
    const text = lines('from alpine', 'copy a b', 'run true');
    const m = parseDockerfile(text);
    expect(m.instructionCount).toBe(3);
    expect(m.copies[0].keyword).toBe('COPY');
    expect(raws(m.copies[0])).toEqual(['a']);
  });
});

describe('parseInstructions (dockerfile-ast without its keyword classes)', () => {
  const tricky = [
    'FROM alpine AS base\nRUN <<EOF\necho hi\nEOF\nCOPY <<one <<-two /dst/\nbody\none\n\tbody2\n\ttwo\nUSER app\n',
    '# escape=`\nFROM mcr.microsoft.com/windows\nCOPY a `\n  b c:\\\\dst\\\\\nRUN dir\n',
    'FROM a\nCOPY ["<<EOF", "/x"]\nRUN ["sh", "-c", "echo <<EOF"]\nCMD x\n',
    'FROM a\nONBUILD RUN <<EOF\necho on build\nEOF\nONBUILD COPY . /app\n',
    'FROM a\r\nCOPY --chown=1:1 --link \\\r\n  # a comment inside\r\n  src /dst\r\n\r\nENV A=1 \\\n    B=2\nUSER   1000:1000  \n',
    '\uFEFFFROM a\nrun echo lower\nexpose 80\nHEALTHCHECK CMD curl -f http://x\n',
    'FROM a\nCOPY <<EOF /x\nno terminator\n',
    'ARG V=1\nFROM a:$V\nADD --checksum=sha256:abc https://x/y /y\nSHELL ["bash", "-c"]\nSTOPSIGNAL 9\nVOLUME /v\nWORKDIR /w\nLABEL a=b\nMAINTAINER me\nENTRYPOINT ["x"]\n',
  ];
  const fromFixtures: string[] = [];
  const collect = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) collect(p);
      else if (e.isFile() && isDockerfileName(e.name)) fromFixtures.push(readFileSync(p, 'utf8'));
    }
  };
  collect(FIXTURES);

  const shape = (df: ReturnType<typeof parseInstructions>) => ({
    escape: df.getEscapeCharacter(),
    instructions: df.getInstructions().map((i) => [i.getKeyword(), i.getRange(), i.getInstructionRange()]),
    comments: df.getComments().map((c) => c.getRange()),
  });

  it.each(tricky.map((t, i) => [i, t]))('tricky Dockerfile %i: the same instructions, ranges and heredoc extents', (_i, text) => {
    expect(shape(parseInstructions(text))).toEqual(shape(DockerfileParser.parse(text)));
  });

  it(`every Dockerfile under fixtures/ (${fromFixtures.length}) parses to the same instructions and ranges`, () => {
    expect(fromFixtures.length).toBeGreaterThan(50);
    for (const text of fromFixtures) expect(shape(parseInstructions(text))).toEqual(shape(DockerfileParser.parse(text)));
  });

  it('records USER instructions with their stage and line', () => {
    const m = parseDockerfile('FROM a AS one\nUSER app\nFROM b\nUSER \\\n  1000:1000\nUSER\n');
    expect(m.users).toEqual([
      { stageIndex: 0, line: 2, value: 'app' },
      { stageIndex: 1, line: 4, value: '1000:1000' },
    ]);
  });
});

describe('lexDockerfile: lexed once, expanded per set of build args', () => {
  const text = 'ARG BASE=alpine\nFROM ${BASE} AS build\nARG SRC=app\nENV OUT=/out\nCOPY --chown=app ${SRC}/ ${OUT}/\nRUN adduser -D app\nFROM build\nCOPY --from=build ${OUT} /final\n';
  it.each([[{}], [{ BASE: 'debian' }], [{ SRC: 'services/api', BASE: 'node' }]])('with build args %j: the same model as a parse from scratch, and the lexed text is left as it was', (buildArgs) => {
    const lexed = lexDockerfile(text);
    const before = structuredClone(lexed);
    expect(parseDockerfile(text, { buildArgs, lexed })).toEqual(parseDockerfile(text, { buildArgs }));
    expect(lexed).toEqual(before);
  });

  it('build args change the expansion, not the lexing', () => {
    const lexed = lexDockerfile(text);
    const a = parseDockerfile(text, { buildArgs: { SRC: 'one' }, lexed });
    const b = parseDockerfile(text, { buildArgs: { SRC: 'two' }, lexed });
    expect(a.copies[0].sources.map((s) => s.value)).toEqual(['one/']);
    expect(b.copies[0].sources.map((s) => s.value)).toEqual(['two/']);
  });
});
