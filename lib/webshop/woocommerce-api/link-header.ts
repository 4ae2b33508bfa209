/** The URL of `rel` in an RFC 8288 (5988) `Link` header, as WordPress sends for paged collections. */
export function linkOf(header: string | null, rel: string): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!match) continue;
    const rels = /rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '')?.[1]?.split(/\s+/) ?? [];
    if (!rels.includes(rel)) continue;
    try {
      return new URL(match[1] ?? '');
    } catch {
      return undefined;
    }
  }
  return undefined;
}
