// `npm run audit` (docs/security.md R57): a production dependency at `high` or above fails; lower ones
// pass; an advisory endpoint that does not answer is "not checked", never a pass.
import { describe, expect, it } from 'vitest';
import { auditVerdict } from '../../scripts/audit-report.ts';

const report = (vulnerabilities: Record<string, { severity: string; via: unknown[] }>) => {
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 };
  for (const { severity } of Object.values(vulnerabilities)) {
    counts[severity as keyof typeof counts] += 1;
    counts.total += 1;
  }
  return JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: counts } });
};

describe('npm audit verdict', () => {
  it('fails on high and critical advisories, naming the package and the advisory', () => {
    const verdict = auditVerdict(
      report({
        minimist: {
          severity: 'critical',
          via: [{ source: 1096, name: 'minimist', title: 'Prototype Pollution in minimist', severity: 'critical' }],
        },
        'qs-wrapper': { severity: 'high', via: ['qs'] },
        debug: { severity: 'low', via: [{ title: 'ReDoS in debug', severity: 'low' }] },
      }),
      'high',
    );
    expect(verdict).toEqual({
      kind: 'failed',
      lines: [
        'npm audit: 2 production dependencies at high or above:',
        '  critical minimist: Prototype Pollution in minimist',
        '  high qs-wrapper: via its dependencies',
      ],
    });
  });

  it('passes with only lower severities, and says how many', () => {
    const verdict = auditVerdict(
      report({ debug: { severity: 'moderate', via: [{ title: 'ReDoS in debug', severity: 'moderate' }] } }),
      'high',
    );
    expect(verdict).toEqual({
      kind: 'passed',
      line: 'npm audit: no production dependency at high or above (1 below it).',
    });
    expect(auditVerdict(report({}), 'high').kind).toBe('passed');
  });

  it('is "not checked" when the advisory endpoint refuses (as a GET-only registry proxy answers)', () => {
    // What npm 11 prints here, where the registry allows only GET and HEAD.
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      method: 'POST',
      uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      headers: { allow: ['GET,HEAD'] },
      statusCode: 405,
      body: '',
      error: { summary: '', detail: '' },
    });
    expect(auditVerdict(refused, 'high')).toEqual({
      kind: 'not_checked',
      line: "npm audit: the registry's advisory endpoint gave HTTP 405: production dependencies NOT audited here.",
    });
    expect(auditVerdict(JSON.stringify({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }), 'high')).toMatchObject(
      {
        kind: 'not_checked',
        line: expect.stringContaining('ENOTFOUND'),
      },
    );
    expect(auditVerdict('', 'high').kind).toBe('not_checked');
  });
});
