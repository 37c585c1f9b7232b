// Reads `npm audit --json`: the verdict on the production dependencies at a severity threshold, or
// "not checked" when the registry's advisory endpoint did not answer (some mirrors and proxies
// allow only GET, and npm audit POSTs), which must never read as a pass.
export const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AuditVerdict =
  { kind: 'passed'; line: string } | { kind: 'failed'; lines: string[] } | { kind: 'not_checked'; line: string };

interface Report {
  vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
  metadata?: { vulnerabilities?: Partial<Record<Severity, number>> };
  statusCode?: number;
  code?: string;
  message?: string;
}

export function auditVerdict(json: string, threshold: Severity): AuditVerdict {
  let report: Report;
  try {
    report = JSON.parse(json) as Report;
  } catch {
    return { kind: 'not_checked', line: 'npm audit printed no report: production dependencies NOT audited.' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const why = report.statusCode ? `HTTP ${report.statusCode}` : (report.code ?? 'no answer');
    return {
      kind: 'not_checked',
      line: `npm audit: the registry's advisory endpoint gave ${why}: production dependencies NOT audited here.`,
    };
  }
  const blocking = SEVERITIES.slice(SEVERITIES.indexOf(threshold));
  const found = Object.entries(report.vulnerabilities ?? {})
    .filter(([, entry]) => blocking.includes(entry.severity as Severity))
    .map(([name, entry]) => `  ${entry.severity} ${name}: ${titles(entry.via).join('; ') || 'via its dependencies'}`);
  const total = SEVERITIES.reduce((sum, severity) => sum + (counts[severity] ?? 0), 0);
  if (found.length > 0) {
    return {
      kind: 'failed',
      lines: [`npm audit: ${found.length} production dependencies at ${threshold} or above:`, ...found],
    };
  }
  return {
    kind: 'passed',
    line: `npm audit: no production dependency at ${threshold} or above (${total} below it).`,
  };
}

/** The advisory titles an entry names (`via` also lists the packages it comes through). */
function titles(via: unknown[] | undefined): string[] {
  return (via ?? []).flatMap((item) =>
    typeof item === 'object' && item !== null && typeof (item as { title?: unknown }).title === 'string'
      ? [(item as { title: string }).title]
      : [],
  );
}
