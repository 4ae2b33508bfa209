/** One failed assertion (or fired report) of an official rule set, as SVRL states it. */
export interface OfficialAssert {
  id: string;
  flag: 'fatal' | 'warning';
  location: string;
  text: string;
}

const FAILED = /<svrl:(failed-assert|successful-report)\b([^>]*)>([\s\S]*?)<\/svrl:\1>/g;
const TEXT = /<svrl:text\b[^>]*>([\s\S]*?)<\/svrl:text>/;

function attribute(attributes: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes);
  return m?.[1] === undefined ? undefined : unescapeXml(m[1]);
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/**
 * The failed asserts of an SVRL report. The artifacts flag every rule `fatal` or `warning`; anything
 * else (no flag, `information`) is not an error and counts as a warning.
 */
export function failedAssertsOf(svrl: string): OfficialAssert[] {
  const out: OfficialAssert[] = [];
  for (const m of svrl.matchAll(FAILED)) {
    const attributes = m[2] ?? '';
    const text = TEXT.exec(m[3] ?? '')?.[1] ?? '';
    out.push({
      id: attribute(attributes, 'id') ?? '(no id)',
      flag: attribute(attributes, 'flag') === 'fatal' ? 'fatal' : 'warning',
      location: attribute(attributes, 'location') ?? '',
      text: unescapeXml(text).replace(/\s+/g, ' ').trim(),
    });
  }
  return out;
}
