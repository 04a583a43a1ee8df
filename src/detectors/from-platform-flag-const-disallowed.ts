import { allDockerfileInstructions } from '../analysis/models.js';
import { flagName, flagValue } from '../dockerfile/model.js';
import type { Detector } from '../rules/types.js';
import type { Finding } from '../types.js';

/** containerd platforms.Normalize architecture aliases. */
const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', i386: '386', i686: '386', armhf: 'arm', armel: 'arm' };

/**
 * BuildKit's FromPlatformFlagConstDisallowed. dockerfile2llb/convert.go
 * `reportConstPlatformDisallowed`: `FROM --platform=<constant>` (no variable) pins the stage to
 * one platform, unless the stage's name contains the platform's OS or architecture (a stage meant
 * for that platform, `AS build_amd64`). Reported for `os/arch[/variant]` values; a single
 * component, which containerd completes with the host's defaults, is left alone.
 */
export const fromPlatformFlagConstDisallowed: Detector<Record<string, never>> = {
  meta: {
    id: 'from-platform-flag-const-disallowed',
    summary: '`FROM --platform` with a constant platform (BuildKit FromPlatformFlagConstDisallowed).',
    severity: 'warning',
    fix: 'none',
    docs: 'docs/rules/from-platform-flag-const-disallowed.md',
    defaultOptions: {},
    // The Dockerfiles' texts and the builds that run them (stages built, build args, `# check=`).
    reads: ['dockerfiles', 'builds'],
    buildkitCheck: 'FromPlatformFlagConstDisallowed',
  },
  detect(project) {
    const findings: Finding[] = [];
    for (const staged of allDockerfileInstructions(project)) {
      const dockerfile = staged.path;
      for (const stage of staged.stages) {
        for (const flag of stage.from.split.flags) {
          if (flagName(flag.text) !== 'platform') continue;
          const value = flagValue(flag.text);
          if (!value || value.includes('$')) continue;
          const parts = value.split('/');
          if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^[A-Za-z0-9_.-]+$/.test(p))) continue;
          const os = parts[0].toLowerCase();
          const arch = parts[1].toLowerCase();
          const name = stage.name ?? '';
          if ([os, arch, ARCH_ALIASES[arch]].some((s) => s && name.includes(s))) continue;
          findings.push({
            rule: 'from-platform-flag-const-disallowed',
            severity: 'warning',
            location: { file: dockerfile, start: stage.from.start, end: stage.from.end },
            // BuildKit's wording (linter/ruleset.go RuleFromPlatformFlagConstDisallowed).
            message: `FROM --platform flag should not use constant value "${value}"`,
          });
        }
      }
    }
    return findings;
  },
};
