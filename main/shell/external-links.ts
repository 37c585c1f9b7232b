// What may leave the app for the system browser (docs/security.md R52): https only, and only under an
// allowlisted origin and path, compared after parsing (never by string prefix of the raw URL).

/** True when `url` is https, carries no credentials and falls under one allowlist entry. */
export function isAllowedExternalUrl(url: string, allowlist: readonly string[]): boolean {
  const target = parse(url);
  if (!target || target.protocol !== 'https:' || target.username || target.password) return false;
  return allowlist.some((entry) => {
    const allowed = parse(entry);
    if (!allowed || allowed.protocol !== 'https:') return false;
    const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return (
      target.origin === allowed.origin && (target.pathname === allowed.pathname || target.pathname.startsWith(prefix))
    );
  });
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
