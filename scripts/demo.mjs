// `npm run demo`: dockmend on a scratch copy of the bundled example repo (fixtures/ is never
// modified). Pending fixes are the point of the demo, so it exits 0 after showing them.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyFixture } from './fixture.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'dockmend.js');
const scratch = copyFixture('netra');
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
console.log(`dockmend demo on a scratch copy of fixtures/netra: ${scratch}\n`);

const run = (args) => spawnSync(process.execPath, [bin, ...args], { cwd: scratch, stdio: 'inherit' });
run(['scan']);
console.log('');
const fix = run(interactive ? ['fix'] : ['fix', '--dry-run', '--unsafe']);
if (fix.status === 2 || fix.status === null) process.exit(2);
console.log(`\nThe scratch copy is left at ${scratch} — try: node ${bin} fix --write ${scratch}`);
