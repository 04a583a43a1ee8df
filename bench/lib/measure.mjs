// Whole-process measurements: wall time from this process (hrtime around a synchronous spawn)
// and peak RSS of the child, from GNU time (`/usr/bin/time -v`) when it is there, else from a
// preloaded hook that makes every Node child append `process.resourceUsage().maxRSS` to a file
// (non-Node commands then have no RSS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** 'gnu-time' when /usr/bin/time -v works and reports max RSS, else 'node-hook'. */
export function detectRssMethod() {
  if (!existsSync(GNU_TIME)) return 'node-hook';
  const r = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /Maximum resident set size/.test(r.stderr ?? '') ? 'gnu-time' : 'node-hook';
}

export class Runner {
  constructor(method = detectRssMethod()) {
    this.method = method;
    this.dir = mkdtempSync(join(tmpdir(), 'dockmend-bench-run-'));
    this.timeFile = join(this.dir, 'time.txt');
    this.rssFile = join(this.dir, 'rss.txt');
    if (method === 'node-hook') {
      this.hook = join(this.dir, 'rss-hook.cjs');
      writeFileSync(
        this.hook,
        "process.on('exit', () => { try { const u = process.resourceUsage(); require('fs').appendFileSync(process.env.DOCKMEND_BENCH_RSS, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) / 1000 + '\\n'); } catch {} });\n",
      );
    }
  }

  /**
   * Run argv once. Returns { ms, cpuMs, rssKB, code, signal, stdout, stderr }: wall time, the
   * child's user + system CPU time (null when unknown), peak RSS. stdout is captured only
   * with `capture`, otherwise it goes to /dev/null.
   */
  run(argv, { cwd, capture = false, env = process.env } = {}) {
    let cmd = argv;
    let childEnv = env;
    if (this.method === 'gnu-time') {
      cmd = [GNU_TIME, '-v', '-o', this.timeFile, ...argv];
      rmSync(this.timeFile, { force: true });
    } else {
      rmSync(this.rssFile, { force: true });
      childEnv = { ...env, DOCKMEND_BENCH_RSS: this.rssFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require "${this.hook}"`.trim() };
    }
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd[0], cmd.slice(1), {
      cwd,
      env: childEnv,
      stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.error) return { ms, cpuMs: null, rssKB: null, code: null, signal: null, stdout: '', stderr: String(r.error.message) };
    let code = r.status;
    let signal = r.signal;
    let rssKB = null;
    let cpuMs = null;
    if (this.method === 'gnu-time') {
      const report = existsSync(this.timeFile) ? readFileSync(this.timeFile, 'utf8') : '';
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
      if (rss) rssKB = Number(rss[1]);
      const user = /User time \(seconds\): ([\d.]+)/.exec(report);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(report);
      if (user && sys) cpuMs = (Number(user[1]) + Number(sys[1])) * 1000;
      const exit = /Exit status: (\d+)/.exec(report);
      if (exit) code = Number(exit[1]);
      const sig = /Command terminated by signal (\d+)/.exec(report);
      if (sig) {
        signal = `signal ${sig[1]}`;
        code = null;
      }
    } else if (existsSync(this.rssFile)) {
      const rows = readFileSync(this.rssFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').map(Number));
      if (rows.length > 0) {
        rssKB = Math.max(...rows.map((x) => x[0]));
        cpuMs = rows.reduce((n, x) => n + x[1], 0);
      }
    }
    return { ms, cpuMs, rssKB, code, signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  /** Run several argvs one after the other as one measurement: total time, the largest RSS. */
  runSequence(argvs, options = {}) {
    let ms = 0;
    let cpuMs = 0;
    let rssKB = null;
    let code = 0;
    let stderr = '';
    for (const argv of argvs) {
      const r = this.run(argv, options);
      ms += r.ms;
      cpuMs = cpuMs === null || r.cpuMs === null ? null : cpuMs + r.cpuMs;
      if (r.rssKB !== null) rssKB = Math.max(rssKB ?? 0, r.rssKB);
      if (r.code === null) return { ...r, ms };
      code = Math.max(code, r.code);
      if (r.stderr) stderr = r.stderr;
    }
    return { ms, cpuMs, rssKB, code, signal: null, stdout: '', stderr };
  }

  close() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(samples) {
  const ms = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.rssKB).filter((v) => v !== null);
  const cpu = samples.map((s) => s.cpuMs).filter((v) => v !== null && v !== undefined);
  return {
    medianMs: round(median(ms)),
    minMs: round(Math.min(...ms)),
    maxMs: round(Math.max(...ms)),
    medianCpuMs: cpu.length === samples.length ? round(median(cpu)) : null,
    peakRssKB: rss.length > 0 ? Math.max(...rss) : null,
    medianRssKB: rss.length > 0 ? median(rss) : null,
  };
}

export function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
