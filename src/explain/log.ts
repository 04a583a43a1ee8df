// Reading a build log: which steps failed, with which message, in which build. Knows the output
// of BuildKit's plain and tty progress (moby/buildkit util/progress/progressui), the error
// summary buildx prints after them (the `------ > [step]:` block and the Dockerfile excerpt
// `name:line` / `>>>`), the legacy builder (`Step n/m : …`), Compose v2 (`WARN[0000]`, logfmt
// `level=warning msg="…"`, `[+] Building`, `target <service>: failed to solve:`, `service "x"
// failed to build`) and docker-compose v1 (`Service 'x' failed to build`). Pure: text in, events
// out; nothing here knows the project.
import { recognise, STEP_CAUSES, type Recognised } from './recognise.js';
import type { LogStep } from './types.js';

/** A step as parsed: one word before `n/m` may be a stage or a compose service. */
export interface ParsedStep extends LogStep {
  qualifier?: string;
}

export interface Excerpt {
  /** The Dockerfile name as printed (`backend.alpine.Dockerfile`). */
  file: string;
  line: number;
  /** The `>>>` lines, joined. */
  text: string;
}

/** One build (or command) of the log: a pasted terminal session may hold several. */
export interface Segment {
  index: number;
  /** The command line, when the log shows it (`$ docker compose -f … up`). */
  command?: string;
  /** `-f` compose files and compose files named by messages. */
  composeFiles: string[];
  /** `docker build -f` Dockerfiles. */
  dockerfiles: string[];
  /** Services named on the command line (`docker compose build frontend`). */
  services: string[];
  /** `[<service> internal] load build definition from <name>`: service ('' when none) → name. */
  buildDefinitions: Map<string, string>;
  /** Dockerfile excerpts, keyed by the label of the failing step they follow ('' when none). */
  excerpts: Map<string, Excerpt>;
}

export interface LogEvent {
  recognised: Recognised | null;
  /** The message, wrapper prefixes removed. */
  text: string;
  lines: number[];
  step?: ParsedStep;
  service?: string;
  segment: Segment;
}

export interface ParsedLog {
  events: LogEvent[];
  segments: Segment[];
}

// ANSI CSI / OSC sequences, then CI timestamps (GitHub Actions `2024-05-01T10:00:00.1234567Z `).
const CSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;

export function cleanLine(s: string): string {
  return s.replace(OSC, '').replace(CSI, '').replace(STAMP, '');
}

export function parseLog(log: string): ParsedLog {
  const lines = log.split(/\r\n|\n|\r/).map(cleanLine);
  const segments: Segment[] = [];
  const events: LogEvent[] = [];
  const failed: { step: ParsedStep; line: number; segment: Segment }[] = [];

  let seg = newSegment(0);
  segments.push(seg);
  let vertices = new Map<string, ParsedStep>();
  let lastFailed: ParsedStep | undefined;
  let legacyStep: ParsedStep | undefined;
  let pendingService: string | undefined;

  const markFailed = (step: ParsedStep, line: number) => {
    lastFailed = step;
    if (!failed.some((f) => f.segment === seg && f.step.label === step.label)) failed.push({ step, line, segment: seg });
  };

  const push = (e: LogEvent) => {
    if (!e.service && pendingService) e.service = pendingService;
    pendingService = undefined;
    events.push(e);
  };

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const t = lines[i].trim();
    if (t === '') continue;

    const cmd = commandOf(t);
    if (cmd !== null) {
      seg = newSegment(segments.length);
      segments.push(seg);
      readCommand(seg, cmd);
      vertices = new Map();
      lastFailed = undefined;
      legacyStep = undefined;
      pendingService = undefined;
      continue;
    }

    // buildx error summary: `------` / ` > [step]:` / output / `------`.
    if (/^-{6}$/.test(t) && i + 1 < lines.length && /^\s*>\s+\[/.test(lines[i + 1])) {
      const m = /^\s*>\s+\[([^\]]+)\]\s+(.*?):\s*$/.exec(lines[i + 1]);
      const step = m ? stepOf(m[1], m[2]) : undefined;
      if (step) markFailed(step, i + 2);
      let j = i + 2;
      while (j < lines.length && lines[j].trim() !== '------') j++;
      i = j;
      continue;
    }

    // Dockerfile excerpt: `<name>:<line>`, dashes, `  57 | >>> COPY …`, dashes.
    const src = /^(\S+):(\d+)$/.exec(t);
    if (src && i + 1 < lines.length && /^-{10,}$/.test(lines[i + 1].trim())) {
      const marked: string[] = [];
      let j = i + 2;
      for (; j < lines.length && !/^-{10,}$/.test(lines[j].trim()); j++) {
        const mm = /^\s*\d+\s*\|\s*>>>\s?(.*)$/.exec(lines[j]);
        if (mm) marked.push(mm[1].replace(/\s*\\\s*$/, ' '));
      }
      seg.excerpts.set(lastFailed?.label ?? '', { file: src[1], line: Number(src[2]), text: marked.join('').trim() });
      i = j;
      continue;
    }

    // BuildKit plain progress: `#12 [backend 4/9] COPY …`, `#12 ERROR: …`, `#12 0.512 output`.
    const v = /^#(\d+)\s+(.*)$/.exec(t);
    if (v) {
      const head = /^\[([^\]]+)\]\s+(.*)$/.exec(v[2]);
      if (head) {
        noteInternal(seg, head[1], head[2]);
        const step = stepOf(head[1], head[2]);
        if (step) vertices.set(v[1], step);
        continue;
      }
      const err = /^ERROR:?\s*(.*)$/.exec(v[2]);
      if (err) {
        const step = vertices.get(v[1]);
        if (step) markFailed(step, n);
        i = message(err[1], i, step, true);
      }
      continue;
    }

    // BuildKit tty progress: ` => ERROR [backend 4/9] COPY …   0.0s`.
    const tty = /^=>\s+(?:(ERROR|CACHED|CANCELED|DONE)\s+)?\[([^\]]+)\]\s+(.*?)(?:\s+\d+(?:\.\d+)?s)?$/.exec(t);
    if (tty) {
      noteInternal(seg, tty[2], tty[3]);
      if (tty[1] === 'ERROR') {
        const step = stepOf(tty[2], tty[3]);
        if (step) markFailed(step, n);
      }
      continue;
    }
    if (/^=>\s/.test(t) || /^\[\+\]\s/.test(t) || /^[\u2714\u2718\u283f\u280b\u2819\u2839\u2838\u283c\u2834\u2826\u2827\u2807\u280f]/.test(t)) continue;

    // Legacy builder: `Step 10/15 : COPY …`.
    const st = /^Step (\d+)\/(\d+)\s*:\s*(.*)$/.exec(t);
    if (st) {
      legacyStep = { label: t, instruction: st[3].trim(), index: Number(st[1]), total: Number(st[2]), legacy: true };
      continue;
    }
    if (/^--->/.test(t) || /^Sending build context/.test(t) || /^Removing intermediate container/.test(t)) continue;
    // Container output attached by `docker compose up` (`backend-1  | …`, v1 `netra_backend_1  | …`).
    if (/^[\w.-]+[-_]\d+\s+\|/.test(t)) continue;

    i = message(t, i, undefined, false);
  }

  // A step marked failed whose message the log does not hold is still a failure.
  for (const f of failed) {
    if (!events.some((e) => e.segment === f.segment && e.step?.label === f.step.label)) {
      events.push({ recognised: null, text: `${f.step.label} failed`, lines: [f.line], step: f.step, segment: f.segment });
    }
  }
  return { events: merge(events), segments };

  /** Handles a message line (and the lines it continues on); returns the last line index used. */
  function message(text: string, i: number, step: ParsedStep | undefined, fromVertex: boolean): number {
    const u = unwrap(text);
    if (u.serviceOnly) {
      const last = [...events].reverse().find((e) => e.segment === seg && !e.service);
      if (last) last.service = u.service;
      else pendingService = u.service;
      return i;
    }
    let msg = u.message;
    const lineNumbers = [i + 1];
    // compose-go prints the interpolation error over three lines.
    if (/invalid interpolation format for \S+$/.test(msg)) {
      let j = i + 1;
      if (j < lines.length && /^You may need to escape any \$ with another \$/.test(lines[j].trim())) {
        msg += ` ${lines[j].trim()}`;
        lineNumbers.push(j + 1);
        j++;
        if (j < lines.length && lines[j].trim() !== '' && !commandOf(lines[j].trim())) {
          msg += ` ${lines[j].trim()}`;
          lineNumbers.push(j + 1);
        }
        i = lineNumbers[lineNumbers.length - 1] - 1;
      }
    }
    const rec = recognise(msg);
    if (rec) {
      if (rec.file && rec.cause === 'version-obsolete' && !seg.composeFiles.includes(rec.file)) seg.composeFiles.push(rec.file);
      push({
        recognised: rec,
        text: msg,
        lines: lineNumbers,
        step: STEP_CAUSES.has(rec.cause) ? (step ?? lastFailed ?? legacyStep) : undefined,
        service: u.service ?? rec.service,
        segment: seg,
      });
    } else if (u.error || fromVertex) {
      push({ recognised: null, text: msg, lines: lineNumbers, step: step ?? lastFailed ?? legacyStep, service: u.service, segment: seg });
    }
    return i;
  }
}

function newSegment(index: number): Segment {
  return { index, composeFiles: [], dockerfiles: [], services: [], buildDefinitions: new Map(), excerpts: new Map() };
}

/** `[backend stage-1 4/6]` + instruction → the step; undefined for `[internal]` and the like. */
export function stepOf(bracket: string, instruction: string): ParsedStep | undefined {
  const tokens = bracket.trim().split(/\s+/);
  const at = tokens.findIndex((tk) => /^\d+\/\d+$/.test(tk));
  if (at < 0) return undefined;
  const [index, total] = tokens[at].split('/').map(Number);
  // A multi-platform build adds the platform (`linux/amd64`, `linux/arm64->amd64`).
  const before = tokens.slice(0, at).filter((tk) => !tk.includes('/'));
  const ins = instruction.trim().replace(/^ONBUILD\s+/i, '');
  const step: ParsedStep = { label: `[${tokens.join(' ')}] ${instruction.trim()}`, instruction: ins, index, total };
  if (before.length >= 2) {
    step.service = before[0];
    step.stage = before[before.length - 1];
  } else if (before.length === 1) step.qualifier = before[0];
  return step;
}

function noteInternal(seg: Segment, bracket: string, rest: string): void {
  const tokens = bracket.trim().split(/\s+/);
  if (!tokens.includes('internal')) return;
  const m = /load build definition from (\S+)/.exec(rest);
  if (!m) return;
  const service = tokens[0] !== 'internal' ? tokens[0] : '';
  seg.buildDefinitions.set(service, m[1]);
}

interface Unwrapped {
  message: string;
  service?: string;
  error: boolean;
  /** A bare `service "x" failed to build` line: it names the service of a failure reported apart. */
  serviceOnly?: boolean;
}

/** Strips the wrappers tools put around a message, noting whether it reports an error. */
export function unwrap(line: string): Unwrapped {
  let s = line.trim();
  let error = false;
  let service: string | undefined;
  // logrus text (`WARN[0000] …`, `ERRO[0000] …`) and logfmt (`time="…" level=warning msg="…"`).
  const logfmt = /(?:^|\s)level=(\w+)\s+msg="((?:[^"\\]|\\.)*)"/.exec(s);
  if (logfmt) {
    s = logfmt[2].replace(/\\(["\\])/g, '$1').replace(/\\n/g, ' ');
    if (/^(?:error|fatal)$/i.test(logfmt[1])) error = true;
  }
  const logrus = /^(WARN|WARNING|ERRO|ERROR|FATA|INFO)\[[^\]]*\]\s*(.*)$/.exec(s);
  if (logrus) {
    s = logrus[2];
    if (/^(?:ERRO|ERROR|FATA)$/.test(logrus[1])) error = true;
  }
  if (/^WARNING:\s/.test(s)) s = s.replace(/^WARNING:\s*/, '');
  for (;;) {
    let m: RegExpExecArray | null;
    if ((m = /^ERROR(?::\s*|\s+(?!\[))/.exec(s))) {
      error = true;
      s = s.slice(m[0].length);
    } else if ((m = /^(?:##\[error\]|Error: buildx failed with:\s*|buildx failed with:\s*|Error:\s+|docker:\s+(?=Error))/.exec(s))) {
      error = true;
      s = s.slice(m[0].length);
    } else if ((m = /^(?:Error response from daemon|failed to build|failed to solve(?: with frontend [\w.]+)?):\s*/.exec(s))) {
      error = true;
      s = s.slice(m[0].length);
    } else if ((m = /^target ([^\s:]+):\s*/.exec(s))) {
      error = true;
      service = m[1];
      s = s.slice(m[0].length);
    } else if ((m = /^[Ss]ervice ['"]([^'"]+)['"] failed to build\s*:?\s*/.exec(s))) {
      error = true;
      service = m[1];
      s = s.slice(m[0].length);
    } else break;
  }
  if (/^##\[warning\]/.test(s)) s = s.slice('##[warning]'.length);
  if (/^(?:COPY|ADD) failed:/.test(s) || /^The command '.*' returned a non-zero code: \d+/.test(s) || /did not complete successfully: exit code: \d+/.test(s) || /^executor failed running/.test(s)) error = true;
  if (service !== undefined && s.trim() === '') return { message: '', service, error, serviceOnly: true };
  return { message: s.trim(), service, error };
}

/** A command line of a pasted terminal session or a CI log: `$ docker compose …`, `Run docker …`. */
function commandOf(t: string): string | null {
  const m = /^(?:(?:\S*[$#%>]|\+|PS [^>]*>)\s+|Run\s+)((?:sudo\s+)?(?:[A-Z_][A-Z0-9_]*=\S+\s+)*(?:docker(?:-compose)?|podman|buildx)\b.*)$/.exec(t);
  return m ? m[1] : null;
}

const VALUE_FLAGS = new Set([
  '-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--progress', '-t', '--tag',
  '--build-arg', '--target', '--platform', '--builder', '--cache-from', '--cache-to', '--secret', '--ssh', '--label',
  '-o', '--output', '--network', '--ansi', '--parallel', '--memory', '-m', '--iidfile', '--metadata-file',
]);

function readCommand(seg: Segment, cmd: string): void {
  seg.command = cmd;
  const words = cmd.split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
  const positionals: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const eq = /^(--?[\w-]+)=(.*)$/.exec(w);
    const flag = eq ? eq[1] : w;
    const value = eq ? eq[2] : VALUE_FLAGS.has(w) ? words[++k] : undefined;
    if (flag === '-f' || flag === '--file') {
      if (value === undefined) continue;
      (/\.ya?ml$/i.test(value) ? seg.composeFiles : seg.dockerfiles).push(value);
      continue;
    }
    if (w.startsWith('-')) continue;
    positionals.push(w);
  }
  // `docker compose [opts] build|up|create|run [opts] svc…` names services.
  const at = positionals.findIndex((p) => /^(?:build|up|create|run)$/.test(p));
  const isCompose = positionals.includes('compose') || /docker-compose/.test(positionals[0] ?? '');
  if (isCompose && at >= 0) seg.services.push(...positionals.slice(at + 1).filter((p) => /^[\w.-]+$/.test(p)));
}

/** Several reports of one failure (the step's `#N ERROR`, the summary, the excerpt) become one event. */
function merge(events: LogEvent[]): LogEvent[] {
  const out: (LogEvent & { key: string })[] = [];
  for (const e of events) {
    // An unrecognised failure is one per failing step (its output may hold several error lines).
    const key = e.recognised ? `${e.recognised.cause}\0${e.recognised.subject}` : e.step ? `?step\0${e.step.label}` : `?\0${core(e.text)}`;
    const same = out.find(
      (o) =>
        o.segment === e.segment &&
        o.key === key &&
        (!o.step || !e.step || o.step.label === e.step.label) &&
        (!o.service || !e.service || o.service === e.service),
    );
    if (!same) {
      out.push({ ...e, lines: [...e.lines], key });
      continue;
    }
    for (const l of e.lines) if (!same.lines.includes(l)) same.lines.push(l);
    same.step ??= e.step;
    same.service ??= e.service;
    if (e.recognised && same.recognised) {
      same.recognised = { ...e.recognised, ...definedOf(same.recognised) };
    }
  }
  // A generic `<step> failed` placeholder yields to any real message for that step.
  const real = out.filter((e) => !(e.recognised === null && e.text === `${e.step?.label} failed` && out.some((o) => o !== e && o.segment === e.segment && o.step?.label === e.step?.label)));
  return real.map(({ key: _key, ...e }) => ({ ...e, lines: [...e.lines].sort((a, b) => a - b) }));
}

function definedOf<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

function core(text: string): string {
  return text.replace(/^(?:(?:failed to compute cache key|failed to solve|failed to build|ERROR):\s*)+/i, '').trim();
}
