// The oldest Node Latchkey runs on (better-sqlite3 13 needs 22). The CLI and the server entry
// check it before anything else loads, so an older Node gets one line saying so instead of a
// failure somewhere deep in a dependency.
export const NODE_FLOOR = 22;

/** The one-line refusal for this Node, or undefined when it is new enough. */
export function nodeTooOld(version: string = process.versions.node): string | undefined {
  const major = Number.parseInt(version, 10);
  if (major >= NODE_FLOOR) return undefined;
  return `Latchkey needs Node.js ${NODE_FLOOR} or newer; this is Node.js ${version}.`;
}
