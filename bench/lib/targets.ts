// Targets from the issues, judged against measured numbers and printed as PASS/MISS/SKIP lines.
export type TargetStatus = 'PASS' | 'MISS' | 'SKIP';

export interface Target {
  status: TargetStatus;
  name: string;
  /** What was measured, in words and numbers. */
  measured: string;
  /** The goal, as the issue states it. */
  goal: string;
}

export function judge(name: string, ok: boolean | undefined, measured: string, goal: string): Target {
  return { status: ok === undefined ? 'SKIP' : ok ? 'PASS' : 'MISS', name, measured, goal };
}

export function targetLine(target: Target): string {
  return `${target.status.padEnd(4)}  ${target.name}: ${target.measured} (target: ${target.goal})`;
}
