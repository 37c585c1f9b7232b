// TypeScript prints a union of string literals in the order it first met each literal, which can
// change from build to build; sorting the members gives one text for one type (scripts/api-report.ts).

/** Every run of `"a" | "b" | …` in `text` with its members sorted. */
export function sortLiteralUnions(text: string): string {
  return text.replace(/"[^"\n]*"(?:\s*\|\s*"[^"\n]*")+/g, (union) =>
    union
      .split('|')
      .map((member) => member.trim())
      .sort()
      .join(' | '),
  );
}
