// `npm run audit`: `npm audit --omit=dev` with a fail threshold (docs/security.md R57): exits 1 when a
// production dependency has an advisory at `high` or above. Where the registry's advisory endpoint
// does not answer it says so in one line and exits 0 (CI's registry access allows only GET), unless
// LATCHKEY_AUDIT_REQUIRED=1 makes that a failure too.
import { spawnSync } from 'node:child_process';
import { auditVerdict } from './audit-report.ts';
import { root } from './run.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const audit = spawnSync(npm, ['audit', '--omit=dev', '--audit-level=high', '--json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const verdict = auditVerdict(audit.stdout ?? '', 'high');
if (verdict.kind === 'failed') {
  console.error(verdict.lines.join('\n'));
  process.exitCode = 1;
} else {
  console.log(verdict.line);
  if (verdict.kind === 'not_checked' && process.env.LATCHKEY_AUDIT_REQUIRED === '1') process.exitCode = 1;
}
