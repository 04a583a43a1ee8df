// Every instruction of a Dockerfile with the numbers the builders print for it, so that a step
// named by a log (`[stage-1 4/6] COPY …`, `Step 10/15 : COPY …`) can be found again.
//
// - BuildKit names a step `[<stage> <n>/<m>] <instruction>` (moby/buildkit
//   frontend/dockerfile/dockerfile2llb/convert.go, `prefixCommand`): the stage is its `AS` name or
//   `stage-<i>` for an unnamed one; `m` counts the stage's ADD, COPY, RUN and WORKDIR commands
//   plus one for FROM unless the stage is built FROM an earlier stage (or scratch); the name is
//   the original instruction with variables expanded (`processCmdEnv`) and the keyword
//   upper-cased (`uppercaseCmd`).
// - The legacy builder prints `Step <n>/<m> : <instruction as written>`, n counting every
//   instruction of the file (meta ARGs included).

export interface Instruction {
  keyword: string;
  /** The logical line: continuations joined as BuildKit does (escape removed, no separator). */
  text: string;
  /** 1-based first and last physical lines (heredoc bodies included). */
  line: number;
  endLine: number;
  /** Index of the stage (-1 for meta ARGs before the first FROM). */
  stageIndex: number;
  /** 1-based position in the file (legacy `Step n`). */
  fileIndex: number;
  /** BuildKit's `n` within the stage, when the instruction is a step of its own. */
  stepIndex?: number;
}

export interface StageInfo {
  index: number;
  /** Lowercased `AS` name. */
  name?: string;
  /** BuildKit's stage token: the name, else `stage-<index>`. */
  token: string;
  /** BuildKit's `m`. */
  total: number;
}

export interface ScannedDockerfile {
  instructions: Instruction[];
  stages: StageInfo[];
}

const COUNTED = new Set(['ADD', 'COPY', 'RUN', 'WORKDIR']);

export function scanDockerfile(text: string, escapeChar = '\\'): ScannedDockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const instructions: Instruction[] = [];
  const stages: StageInfo[] = [];
  const stageNames: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i].trim();
    if (first === '' || first.startsWith('#')) {
      i++;
      continue;
    }
    const start = i;
    let logical = '';
    for (;;) {
      const l = lines[i].replace(/[ \t]+$/, '');
      const cont = l.endsWith(escapeChar) && !l.endsWith(escapeChar + escapeChar) && i + 1 < lines.length;
      if (!cont) {
        logical += lines[i];
        break;
      }
      logical += l.slice(0, -escapeChar.length);
      i++;
      // Comment and empty lines inside a continuation are dropped (BuildKit parser.go).
      while (i + 1 < lines.length && (lines[i].trim() === '' || lines[i].trim().startsWith('#'))) i++;
    }
    const keyword = (/^\s*(\S+)/.exec(logical)?.[1] ?? '').toUpperCase();
    // Heredoc bodies (`RUN <<EOF` … `EOF`) belong to the instruction.
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      for (const m of logical.matchAll(/<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/g)) {
        const strip = m[1] === '-';
        i++;
        while (i < lines.length && (strip ? lines[i].replace(/^\t+/, '') : lines[i]) !== m[3]) i++;
      }
    }
    const end = Math.min(i, lines.length - 1);
    i++;
    let stageIndex = stages.length - 1;
    if (keyword === 'FROM') {
      stageIndex = stages.length;
      const words = logical.trim().split(/\s+/).filter((w) => !w.startsWith('--'));
      const asAt = words.findIndex((w, k) => k > 0 && w.toUpperCase() === 'AS');
      const name = asAt > 0 && words[asAt + 1] ? words[asAt + 1].toLowerCase() : undefined;
      const base = (words[1] ?? '').toLowerCase();
      // Built FROM an earlier stage or scratch: no FROM step of its own.
      const fromStage = base === 'scratch' || stageNames.includes(base) || (/^\d+$/.test(base) && Number(base) < stageIndex);
      stages.push({ index: stageIndex, name, token: name ?? `stage-${stageIndex}`, total: fromStage ? 0 : 1 });
      stageNames.push(name ?? '');
    }
    const ins: Instruction = { keyword, text: logical.trim(), line: start + 1, endLine: end + 1, stageIndex, fileIndex: instructions.length + 1 };
    if (stageIndex >= 0) {
      const st = stages[stageIndex];
      if (keyword === 'FROM' ? st.total === 1 : COUNTED.has(keyword)) {
        if (keyword !== 'FROM') st.total++;
        ins.stepIndex = keyword === 'FROM' ? 1 : st.total;
      }
    }
    instructions.push(ins);
  }
  return { instructions, stages };
}

/** Whitespace collapsed, keyword upper-cased: how two spellings of one instruction compare. */
export function normalizeInstruction(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  const sp = t.indexOf(' ');
  return sp < 0 ? t.toUpperCase() : t.slice(0, sp).toUpperCase() + t.slice(sp);
}

/**
 * How well the instruction text printed by a log matches one written in a Dockerfile:
 * 3 exact; 2 equal once the Dockerfile's `$VAR` / `${VAR}` words are allowed to stand for the
 * expanded values the log prints; 1 the log's text is a truncation of it; 0 no match.
 */
export function instructionMatch(logText: string, written: string): number {
  const a = normalizeInstruction(logText);
  const b = normalizeInstruction(written);
  if (a === b) return 3;
  if (b.includes('$') && variablePattern(b).test(a)) return 2;
  // The tty display cuts long names to the terminal width.
  const cut = a.replace(/(?:\.\.\.|\u2026)$/, '').trimEnd();
  if (cut.length >= 16 && cut.length < b.length && b.startsWith(cut)) return 1;
  return 0;
}

function variablePattern(written: string): RegExp {
  const parts = written.split(/(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)/);
  const re = parts.map((p, k) => (k % 2 === 1 ? '.*?' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${re}$`);
}
