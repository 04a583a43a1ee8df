/**
 * The one instruction view of a Dockerfile the BuildKit build checks read: each instruction as
 * lexed (before any variable is expanded), its words as written with their file ranges, and the
 * stage it belongs to. Stage inheritance follows dockerfile2llb/convert.go: a stage built FROM an
 * earlier stage starts from that stage's dispatch state (its SHELL, its `workdirSet`, its ENV and
 * ARGs).
 */
import { instructionWords, isWindowsImage, whitespaceTokens, type InstructionWord, type LexedDockerfile, type LexedInstruction } from './model.js';

export interface InstructionWords {
  /** The keyword as written (`from`, `From`). */
  keyword: InstructionWord;
  /** `--from=x`, `--platform=…`, as written. */
  flags: InstructionWord[];
  /** The arguments split on whitespace (parseStringsWhitespaceDelimited). */
  args: InstructionWord[];
}

export interface StagedInstruction extends LexedInstruction {
  /** -1 before the first FROM. */
  readonly stageIndex: number;
  readonly words: InstructionWords;
}

export interface StageInfo {
  index: number;
  /** As written, lowercased as Docker compares stage names. */
  name?: string;
  /** The earlier stage this one is built FROM, when it names one. */
  baseStageIndex?: number;
  /** A Windows image (or the backtick escape Windows Dockerfiles use): its default shell is cmd. */
  windows: boolean;
  from: StagedInstruction;
}

export interface StagedDockerfile {
  escapeChar: string;
  instructions: StagedInstruction[];
  stages: StageInfo[];
}

/**
 * One instruction of the view. Its words are found on first use: most checks read the words of a
 * few keywords only (FROM, EXPOSE, MAINTAINER), and finding them for every instruction of every
 * Dockerfile was a tenth of the checks' time.
 */
class Staged implements StagedInstruction {
  readonly keyword: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly endLine: number;
  readonly lg: LexedInstruction['lg'];
  readonly split: LexedInstruction['split'];
  readonly argsText: string;
  private found: InstructionWords | undefined;

  constructor(
    ins: LexedInstruction,
    readonly stageIndex: number,
  ) {
    this.keyword = ins.keyword;
    this.start = ins.start;
    this.end = ins.end;
    this.line = ins.line;
    this.endLine = ins.endLine;
    this.lg = ins.lg;
    this.split = ins.split;
    this.argsText = ins.argsText;
  }

  get words(): InstructionWords {
    return (this.found ??= instructionWords(this));
  }
}

export function stagedDockerfile(lexed: LexedDockerfile): StagedDockerfile {
  const instructions: StagedInstruction[] = [];
  const stages: StageInfo[] = [];
  let stageIndex = -1;
  for (const ins of lexed.instructions) {
    if (ins.keyword === 'FROM') {
      const toks = whitespaceTokens(ins.lg.text, ins.split.argsStart, ins.split.argsEnd);
      if (toks.length > 0) {
        stageIndex++;
        const image = toks[0].text;
        const name = toks.length === 3 && toks[1].text.toLowerCase() === 'as' ? toks[2].text.toLowerCase() : undefined;
        let baseStageIndex: number | undefined;
        for (let i = stages.length - 1; i >= 0; i--) {
          if (stages[i].name !== undefined && stages[i].name === image.toLowerCase()) {
            baseStageIndex = i;
            break;
          }
        }
        const staged = new Staged(ins, stageIndex);
        instructions.push(staged);
        const windows = lexed.escapeChar === '`' || (baseStageIndex !== undefined ? stages[baseStageIndex].windows : isWindowsImage(image));
        stages.push({ index: stageIndex, name, baseStageIndex, windows, from: staged });
        continue;
      }
    }
    instructions.push(new Staged(ins, stageIndex));
  }
  return { escapeChar: lexed.escapeChar, instructions, stages };
}

/** The stage and the stages it is built FROM, nearest first. */
export function stageChain(staged: StagedDockerfile, stageIndex: number): number[] {
  const chain: number[] = [];
  for (let i: number | undefined = stageIndex; i !== undefined && i >= 0 && !chain.includes(i); i = staged.stages[i].baseStageIndex) chain.push(i);
  return chain;
}
