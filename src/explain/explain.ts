// From the failures a log reports to the findings that explain them. The mapping only follows
// evidence: the step text, the stage, the `[n/m]` numbers, the Dockerfile names and excerpt the
// log prints, the compose service and files it names. A failure no finding of the matching rule
// explains is said to be unexplained; a finding is never guessed.
import { isMap, isScalar } from 'yaml';
import { dockerfileModel } from '../analysis/models.js';
import { cleanSource } from '../analysis/context-sources.js';
import type { ComposeFile } from '../compose/model.js';
import { detect, enabledRules, findingKey, previewFix, type RunOptions, type Session } from '../fix/engine.js';
import { basenameOf, displayPath } from '../project/paths.js';
import type { BuildContext, Project } from '../project/project.js';
import { unifiedDiff } from '../report/diff.js';
import { toJsonFinding } from '../report/json.js';
import type { ResolvedFinding } from '../types.js';
import { instructionMatch, scanDockerfile, type Instruction, type ScannedDockerfile } from './instructions.js';
import { parseLog, type LogEvent, type ParsedStep, type Segment } from './log.js';
import { RULES_FOR } from './recognise.js';
import type { ExplainFinding, ExplainFix, ExplainedFailure, ExplainResult, LogStep, RepairKind, UnrecognisedFailure } from './types.js';

/**
 * Explains every failure of a build log against the project the session reads. Pure with respect
 * to the disk except for reading through the session (one detection, no fix applied).
 */
export function explainLog(log: string, session: Session, options: RunOptions = {}): ExplainResult {
  const parsed = parseLog(log);
  const unrecognised: UnrecognisedFailure[] = [];
  const recognised: LogEvent[] = [];
  for (const e of parsed.events) {
    if (e.recognised) recognised.push(e);
    else unrecognised.push({ ...(e.step ? { step: e.step.label } : {}), line: e.lines[0], text: e.text });
  }
  if (recognised.length === 0) return { failures: [], unrecognised };

  const runOptions = withVersionRemoval(options);
  const { project, findings } = detect(session, runOptions);
  const ix = new ProjectIndex(project, findings, new Set(enabledRules(runOptions).map((e) => e.detector.meta.id)));
  const failures: ExplainedFailure[] = [];
  for (const e of recognised) {
    const f = explainEvent(ix, session, e);
    const same = failures.find((o) => sameFailure(o, f));
    if (same) same.logLines = [...new Set([...same.logLines, ...f.logLines])].sort((a, b) => a - b);
    else failures.push(f);
  }
  failures.sort((a, b) => a.logLines[0] - b.logLines[0]);
  unrecognised.sort((a, b) => a.line - b.line);
  return { failures, unrecognised };
}

/** Compose's `version` warning asks for the key's removal: check with that policy. */
function withVersionRemoval(options: RunOptions): RunOptions {
  const setting = options.rules?.['compose-version'];
  return { ...options, rules: { ...options.rules, 'compose-version': { ...setting, options: { ...setting?.options, policy: 'remove' } } } };
}

function sameFailure(a: ExplainedFailure, b: ExplainedFailure): boolean {
  return (
    a.cause === b.cause &&
    a.message === b.message &&
    a.step?.label === b.step?.label &&
    a.dockerfile?.file === b.dockerfile?.file &&
    a.dockerfile?.line === b.dockerfile?.line &&
    (a.finding?.key ?? null) === (b.finding?.key ?? null)
  );
}

// ---------------------------------------------------------------------------------------------

interface DockerfileInfo {
  path: string;
  scan: ScannedDockerfile;
}

class ProjectIndex {
  readonly dockerfiles: DockerfileInfo[] = [];
  readonly serviceNames = new Set<string>();
  readonly stageTokens = new Set<string>();
  private readonly texts = new Map<string, string | null>();

  constructor(
    readonly project: Project,
    readonly findings: readonly ResolvedFinding[],
    readonly ran: ReadonlySet<string>,
  ) {
    for (const path of project.dockerfiles) {
      const text = project.sources.read(path).text;
      if (text === null) continue;
      const model = dockerfileModel(project, path);
      const scan = scanDockerfile(text, model?.escapeChar ?? '\\');
      this.dockerfiles.push({ path, scan });
      for (const st of scan.stages) this.stageTokens.add(st.token);
    }
    for (const file of project.composeFiles) for (const s of file.services) this.serviceNames.add(s.name);
  }

  text(file: string): string | null {
    if (!this.texts.has(file)) this.texts.set(file, this.project.sources.read(file).text);
    return this.texts.get(file)!;
  }

  /** The finding's source text (its location slice). */
  at(f: ResolvedFinding): string {
    return this.text(f.location.file)?.slice(f.location.start, f.location.end) ?? '';
  }

  of(rules: readonly string[]): ResolvedFinding[] {
    return this.findings.filter((f) => rules.includes(f.rule));
  }

  composeFile(path: string): ComposeFile | undefined {
    return this.project.composeFiles.find((f) => f.path === path);
  }

  /** Build contexts a compose service defines (in the files the segment names, when it names some). */
  serviceContexts(service: string, seg: Segment): BuildContext[] {
    const all = this.project.contexts.filter((c) => c.origin.kind === 'compose' && c.origin.service === service);
    const named = all.filter((c) => composeFileOf(c) !== undefined && seg.composeFiles.some((h) => pathMatches(composeFileOf(c)!, h)));
    return named.length > 0 ? named : all;
  }
}

/** An absolute path a log prints matches `a/x.yml` and `x.yml` alike: the longer is the one meant. */
function longestMatches<T>(items: T[], path: (t: T) => string): T[] {
  const max = Math.max(0, ...items.map((t) => path(t).length));
  return items.filter((t) => path(t).length === max);
}

function composeFileOf(c: BuildContext): string | undefined {
  return c.origin.kind === 'compose' ? c.origin.file : undefined;
}

/** Does a root-relative path match a name a log prints (basename, relative or absolute path)? */
export function pathMatches(path: string, printed: string): boolean {
  const h = printed.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (h === '' || path === '') return false;
  return path === h || h.endsWith(`/${path}`) || path.endsWith(`/${h}`);
}

// ---------------------------------------------------------------------------------------------

interface Candidate {
  dockerfile: DockerfileInfo;
  ins: Instruction;
  score: number;
  /** How the step's single qualifier word was read, for this candidate. */
  qualifierAs?: 'service' | 'stage';
}

interface Scope {
  service?: string;
  stage?: string;
  qualifier?: string;
  /** Dockerfile names the log prints for this build. */
  names: string[];
  /** Dockerfiles of the service's build contexts. */
  serviceDockerfiles: Map<string, string[]>;
}

function scopeOf(ix: ProjectIndex, e: LogEvent): Scope {
  const step = e.step;
  const seg = e.segment;
  let service = e.service ?? step?.service;
  if (!service && seg.services.length === 1) service = seg.services[0];
  const names: string[] = [];
  const def = seg.buildDefinitions.get(service ?? '') ?? (step?.qualifier ? seg.buildDefinitions.get(step.qualifier) : undefined);
  if (def) names.push(def);
  else if (seg.buildDefinitions.size === 1) names.push([...seg.buildDefinitions.values()][0]);
  const excerpt = seg.excerpts.get(step?.label ?? '');
  if (excerpt) names.push(excerpt.file);
  names.push(...seg.dockerfiles);
  const serviceDockerfiles = new Map<string, string[]>();
  for (const s of [service, step?.qualifier]) {
    if (s && ix.serviceNames.has(s)) serviceDockerfiles.set(s, ix.serviceContexts(s, seg).flatMap((c) => (c.dockerfile ? [c.dockerfile] : [])));
  }
  return { service, stage: step?.stage, qualifier: step?.qualifier, names, serviceDockerfiles };
}

/** The Dockerfile instructions the failing step may be, best first (ties kept). */
function mapStep(ix: ProjectIndex, e: LogEvent, scope: Scope): Candidate[] {
  const step = e.step;
  const excerpt = e.segment.excerpts.get(step?.label ?? '');
  if (!step && !excerpt) return [];
  const candidates: Candidate[] = [];
  for (const df of ix.dockerfiles) {
    const named = scope.names.some((n) => pathMatches(df.path, n));
    for (const ins of df.scan.instructions) {
      let score = 0;
      if (step) {
        const m = instructionMatch(step.instruction, ins.text);
        if (m === 0) continue;
        score += m * 10;
      } else if (!excerpt || ins.line !== excerpt.line || !pathMatches(df.path, excerpt.file)) continue;
      const stage = df.scan.stages[ins.stageIndex];
      let qualifierAs: Candidate['qualifierAs'];
      if (scope.stage !== undefined) score += stage && stage.token === scope.stage.toLowerCase() ? 4 : -4;
      if (scope.qualifier !== undefined) {
        if (stage && stage.token === scope.qualifier.toLowerCase()) {
          score += 4;
          qualifierAs = 'stage';
        }
        if (scope.serviceDockerfiles.get(scope.qualifier)?.includes(df.path)) {
          score += 5;
          qualifierAs ??= 'service';
        }
      }
      if (step?.index !== undefined) {
        if (step.legacy) {
          if (ins.fileIndex === step.index) score += 6;
          if (df.scan.instructions.length === step.total) score += 2;
        } else {
          if (ins.stepIndex === step.index) score += 3;
          if (stage && stage.total === step.total) score += 2;
        }
      }
      if (named) score += 5;
      if (excerpt && ins.line === excerpt.line && pathMatches(df.path, excerpt.file)) score += 8;
      if (scope.service && scope.serviceDockerfiles.get(scope.service)?.includes(df.path)) score += 5;
      candidates.push({ dockerfile: df, ins, score, qualifierAs });
    }
  }
  const best = Math.max(...candidates.map((c) => c.score));
  return candidates.filter((c) => c.score === best);
}

// ---------------------------------------------------------------------------------------------

function explainEvent(ix: ProjectIndex, session: Session, e: LogEvent): ExplainedFailure {
  const rec = e.recognised!;
  const rules = RULES_FOR[rec.cause];
  const scope = scopeOf(ix, e);
  const out: ExplainedFailure = {
    cause: rec.cause,
    severity: rec.severity,
    ...(e.step ? { step: publicStep(e.step) } : {}),
    message: e.text,
    logLines: e.lines,
    ...(scope.service ? { service: scope.service } : {}),
    explanation: '',
    rules,
    finding: null,
    alternatives: [],
    fix: null,
  };

  let chosen: Chosen = { finding: null, alternatives: [] };
  let mappedNowhere = false;
  switch (rec.cause) {
    case 'copy-source-not-found':
    case 'user-not-found':
    case 'group-not-found': {
      const candidates = mapStep(ix, e, scope);
      const matches = (f: ResolvedFinding) => (rec.cause === 'copy-source-not-found' ? copySourceMatches(ix, f, rec.subject) : mentions(ix, f, rec.subject));
      const pool = ix.of(rules).filter(matches);
      if (candidates.length > 0) {
        const onLine = (c: Candidate) => pool.filter((f) => f.location.file === c.dockerfile.path && f.line >= c.ins.line && f.line <= c.ins.endLine);
        // Among equally likely instructions, one a finding explains is the better reading.
        const withFinding = candidates.filter((c) => onLine(c).length > 0);
        const pick = withFinding[0] ?? candidates[0];
        out.dockerfile = { file: pick.dockerfile.path, line: pick.ins.line, endLine: pick.ins.endLine, instruction: pick.ins.text.replace(/\s+/g, ' ') };
        resolveQualifier(out, e.step, pick);
        const contextDirs = serviceContextDirs(ix, e.segment, out.service);
        chosen = choose(onLine(pick), (f) => (f.context !== undefined && contextDirs.includes(f.context) ? 1 : 0));
        for (const c of withFinding.slice(1)) chosen.alternatives.push(...onLine(c));
      } else if (e.step || e.segment.excerpts.has('')) {
        mappedNowhere = true;
      } else {
        // No step in the log (only the summary line was pasted): the path or user alone, within
        // the Dockerfiles the log names.
        const inScope = pool.filter((f) => scope.names.length === 0 || scope.names.some((n) => pathMatches(f.location.file, n)));
        const dirs = serviceContextDirs(ix, e.segment, out.service);
        chosen = choose(inScope, (f) => (f.context !== undefined && dirs.includes(f.context) ? 1 : 0));
        if (chosen.finding) {
          out.dockerfile = dockerfileOf(ix, chosen.finding);
        }
      }
      if (rec.cause === 'copy-source-not-found' && chosen.finding) out.repair = repairOf(ix, chosen.finding);
      break;
    }
    case 'dockerfile-not-found':
    case 'context-not-found': {
      const wanted = rec.cause === 'dockerfile-not-found' ? (c: BuildContext) => c.dockerfile !== null && !c.dockerfileExists && pathMatches(c.dockerfile, rec.subject) : (c: BuildContext) => !c.dirExists && pathMatches(c.dir, rec.subject);
      let contexts = ix.project.contexts.filter((c) => c.origin.kind === 'compose' && wanted(c));
      const svc = scope.service ?? (e.segment.buildDefinitions.size === 1 ? [...e.segment.buildDefinitions.keys()][0] || undefined : undefined);
      if (svc) contexts = contexts.filter((c) => c.origin.kind === 'compose' && c.origin.service === svc);
      if (e.segment.composeFiles.length > 0) {
        const named = contexts.filter((c) => composeFileOf(c) !== undefined && e.segment.composeFiles.some((h) => pathMatches(composeFileOf(c)!, h)));
        if (named.length > 0) contexts = named;
      }
      const pool = ix.of(rules);
      const found: ResolvedFinding[] = [];
      for (const c of contexts) for (const f of pool) if (inBuildOf(f, c) && !found.includes(f)) found.push(f);
      chosen = choose(found, () => 0);
      if (chosen.finding) {
        const ctx = contexts.find((c) => inBuildOf(chosen.finding!, c));
        if (ctx?.origin.kind === 'compose') {
          out.service = ctx.origin.service;
          out.composeFile = ctx.origin.file;
        }
        out.repair = 'context';
      } else if (svc) out.service = svc;
      break;
    }
    case 'variable-not-set':
    case 'variable-required':
    case 'invalid-port':
    case 'port-allocated':
    case 'invalid-interpolation': {
      let service = scope.service ?? rec.service;
      if (!service && rec.endpoint) service = serviceOfEndpoint(ix, rec.endpoint);
      if (service) out.service = service;
      const word = rec.cause === 'invalid-interpolation' ? rec.template : rec.subject;
      let pool = ix.of(rules);
      if (word) pool = pool.filter((f) => (rec.cause === 'invalid-interpolation' ? ix.at(f).includes(word) || f.message.includes(word) : mentions(ix, f, word)));
      else if (service) pool = pool.filter((f) => serviceOf(ix, f) === service);
      else pool = [];
      const files = e.segment.composeFiles;
      chosen = choose(pool, (f) => (service && serviceOf(ix, f) === service ? 2 : 0) + (files.some((h) => pathMatches(f.location.file, h)) ? 1 : 0));
      if (chosen.finding) {
        out.composeFile = chosen.finding.location.file;
        out.service ??= serviceOf(ix, chosen.finding);
      }
      break;
    }
    case 'version-obsolete': {
      let pool = ix.of(rules);
      if (rec.file) pool = longestMatches(pool.filter((f) => pathMatches(f.location.file, rec.file!)), (f) => f.location.file);
      else if (e.segment.composeFiles.length > 0) pool = pool.filter((f) => e.segment.composeFiles.some((h) => pathMatches(f.location.file, h)));
      chosen = choose(pool, () => 0);
      if (chosen.finding) out.composeFile = chosen.finding.location.file;
      else if (rec.file) {
        const file = ix.project.composeFiles.find((f) => pathMatches(f.path, rec.file!));
        if (file) out.composeFile = file.path;
      }
      break;
    }
  }

  out.finding = chosen.finding ? publicFinding(chosen.finding) : null;
  out.alternatives = chosen.alternatives.filter((f) => f !== chosen.finding).map(publicFinding);
  if (chosen.finding?.fixes[0]) out.fix = fixOf(session, chosen.finding.fixes[0]);
  out.explanation = sentence(out, rec.subject, rec.template);
  if (!chosen.finding) out.note = noFinding(ix, rules, mappedNowhere);
  return out;
}

interface Chosen {
  finding: ResolvedFinding | null;
  alternatives: ResolvedFinding[];
}

/** The best-preferred finding; the others with the same preference are alternatives. */
function choose(pool: readonly ResolvedFinding[], prefer: (f: ResolvedFinding) => number): Chosen {
  if (pool.length === 0) return { finding: null, alternatives: [] };
  const scored = pool.map((f) => ({ f, s: prefer(f) }));
  const best = Math.max(...scored.map((x) => x.s));
  const top = scored.filter((x) => x.s === best).map((x) => x.f);
  return { finding: top[0], alternatives: top.slice(1) };
}

function publicStep(step: ParsedStep): LogStep {
  const { qualifier: _q, ...rest } = step;
  return rest;
}

/** Once the mapping has chosen, say whether the step's single word was a service or a stage. */
function resolveQualifier(out: ExplainedFailure, step: ParsedStep | undefined, pick: Candidate): void {
  if (!step?.qualifier || !out.step) return;
  if (pick.qualifierAs === 'stage') out.step.stage = step.qualifier;
  else if (pick.qualifierAs === 'service') {
    out.step.service = step.qualifier;
    out.service ??= step.qualifier;
  }
}

function serviceContextDirs(ix: ProjectIndex, seg: Segment, service: string | undefined): string[] {
  if (!service || !ix.serviceNames.has(service)) return [];
  return ix.serviceContexts(service, seg).map((c) => displayPath(c.dir));
}

function dockerfileOf(ix: ProjectIndex, f: ResolvedFinding): ExplainedFailure['dockerfile'] {
  const df = ix.dockerfiles.find((d) => d.path === f.location.file);
  const ins = df?.scan.instructions.find((i) => f.line >= i.line && f.line <= i.endLine);
  return ins ? { file: f.location.file, line: ins.line, endLine: ins.endLine, instruction: ins.text.replace(/\s+/g, ' ') } : undefined;
}

/** Is the finding about the COPY source the log names (the path itself, or a directory of it)? */
function copySourceMatches(ix: ProjectIndex, f: ResolvedFinding, subject: string): boolean {
  if (subject === '') return false;
  const model = dockerfileModel(ix.project, f.location.file);
  const source = model?.copies.flatMap((c) => c.sources).find((s) => s.start === f.location.start);
  const value = source ? (source.value ?? source.raw) : ix.at(f).replace(/^"|"$/g, '');
  const clean = cleanSource(value) ?? value;
  if (clean === subject) return true;
  // BuildKit names the missing directory of a path or of a wildcard (`"/frontend": not found`
  // for `frontend/package*.json`).
  const fixed = clean.split('/');
  const wild = fixed.findIndex((seg) => /[*?[]/.test(seg));
  const prefix = (wild < 0 ? fixed : fixed.slice(0, wild)).join('/');
  return prefix === subject || prefix.startsWith(`${subject}/`) || (wild < 0 && clean.startsWith(`${subject}/`));
}

function repairOf(ix: ProjectIndex, f: ResolvedFinding): RepairKind {
  if (f.rule === 'copy-source-ignored') return 'source-ignored';
  const composeFiles = new Set(ix.project.composeFiles.map((c) => c.path));
  if (f.rule === 'copy-source-missing' && f.fixes[0]?.changes.some((c) => composeFiles.has(c.file))) return 'context';
  return 'source-missing';
}

/** The word as a whole word in the finding's message or its source text. */
function mentions(ix: ProjectIndex, f: ResolvedFinding, word: string): boolean {
  const re = new RegExp(`(?:^|[^A-Za-z0-9_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^A-Za-z0-9_])`);
  return re.test(f.message) || re.test(ix.at(f));
}

/** Is the finding located in the `build` of this compose-defined context? */
function inBuildOf(f: ResolvedFinding, c: BuildContext): boolean {
  const o = c.origin;
  if (o.kind !== 'compose') return false;
  const spans = [
    { file: o.buildAt.file, ...o.buildAt.span },
    { file: o.file, ...o.span },
    ...(o.contextAt ? [{ file: o.contextAt.file, start: o.contextAt.scalar.start, end: o.contextAt.scalar.end }] : []),
    ...(o.dockerfileAt ? [{ file: o.dockerfileAt.file, start: o.dockerfileAt.scalar.start, end: o.dockerfileAt.scalar.end }] : []),
  ];
  return spans.some((s) => s.file === f.location.file && f.location.start >= s.start && f.location.end <= s.end);
}

/** The compose service whose definition holds the finding. */
function serviceOf(ix: ProjectIndex, f: ResolvedFinding): string | undefined {
  const file = ix.composeFile(f.location.file);
  if (file) {
    const s = serviceAt(file, f.location.start);
    if (s) return s;
  }
  return /Service '([^']+)'/.exec(f.message)?.[1];
}

export function serviceAt(file: ComposeFile, offset: number): string | undefined {
  const services = file.root?.items.find((p) => isScalar(p.key) && p.key.value === 'services')?.value;
  if (!isMap(services)) return undefined;
  for (const item of services.items) {
    if (!isScalar(item.key) || !item.key.range) continue;
    const value = item.value as { range?: [number, number, number] } | null;
    const end = value?.range ? value.range[2] : item.key.range[2];
    if (offset >= item.key.range[0] && offset < end) return String(item.key.value);
  }
  return undefined;
}

/** `netra-backend-1` (Compose v2) or `netra_backend_1` (v1) → `backend`, when a service has that name. */
function serviceOfEndpoint(ix: ProjectIndex, endpoint: string): string | undefined {
  let best: string | undefined;
  for (const s of ix.serviceNames) {
    const re = new RegExp(`(?:^|[-_])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[-_]\\d+$`);
    if (re.test(endpoint) && (!best || s.length > best.length)) best = s;
  }
  return best;
}

function publicFinding(f: ResolvedFinding): ExplainFinding {
  return { ...toJsonFinding(f), key: findingKey(f) };
}

function fixOf(session: Session, fix: ResolvedFinding['fixes'][number]): ExplainFix {
  const files = previewFix(session, fix);
  return { title: fix.title, applicability: fix.applicability, files: files.map((f) => f.path), diff: files.map(unifiedDiff).join('') };
}

// ---------------------------------------------------------------------------------------------

/** The cause in one sentence. */
function sentence(f: ExplainedFailure, subject: string, template: string | undefined): string {
  const q = (s: string) => `'${s}'`;
  switch (f.cause) {
    case 'copy-source-not-found': {
      const ctx = f.finding?.context !== undefined ? ` ${q(f.finding.context)}` : '';
      switch (f.repair) {
        case 'source-ignored':
          return `The COPY source ${q(subject)} exists but the .dockerignore in force excludes it, so it is not sent with the build context${ctx}.`;
        case 'context':
          return `The build context${ctx} is wrong: ${q(subject)} is not in it, while the Dockerfile's sources are in another directory.`;
        default:
          return `The COPY source ${q(subject)} is not in the build context${ctx} sent to the builder.`;
      }
    }
    case 'user-not-found':
      return `No user ${q(subject)} exists in the image when this step runs: no earlier instruction of the stage creates it and the base image does not have it.`;
    case 'group-not-found':
      return `No group ${q(subject)} exists in the image when this step runs: no earlier instruction of the stage creates it and the base image does not have it.`;
    case 'dockerfile-not-found':
      return `The Dockerfile ${q(basenameOf(subject))} does not exist where the build looks for it (compose resolves \`dockerfile\` relative to the build context).`;
    case 'context-not-found':
      return `The build context directory ${q(subject)} does not exist.`;
    case 'variable-not-set':
      return `The variable ${subject} is set neither in the shell nor in the project's .env, so Compose substitutes an empty string.`;
    case 'variable-required':
      return `The variable ${subject} is required by the compose file (\${${subject}:?…}) but is not set, so Compose stops.`;
    case 'version-obsolete':
      return `The top-level \`version\` key is obsolete in Compose v2 and ignored${f.composeFile ? ` (in ${f.composeFile})` : ''}.`;
    case 'invalid-interpolation':
      return `Compose cannot interpolate ${subject}${template ? ` (${template})` : ''}: a \`$\` starts an expression that is not valid (\`$$\` writes a literal \`$\`).`;
    case 'invalid-port':
      return `A published port is invalid: ${q(subject)} is not a port number or range.`;
    case 'port-allocated':
      return `Host port ${subject} is already in use on this machine (by another container or process), so ${f.service ? `service ${f.service}` : 'the container'} cannot publish it.`;
  }
}

function noFinding(ix: ProjectIndex, rules: readonly string[], mappedNowhere: boolean): string {
  const why: string[] = [];
  if (mappedNowhere) why.push(`the step matches no instruction of this project's Dockerfiles`);
  const missing = rules.filter((r) => !ix.ran.has(r));
  if (missing.length === rules.length) why.push(`${rules.join(', ')} ${rules.length === 1 ? 'is' : 'are'} not among the rules run`);
  return `No dockmend finding explains it${why.length > 0 ? ` (${why.join('; ')})` : ''}.`;
}

