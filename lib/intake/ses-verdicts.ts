import type { DocumentError } from '../documents/index.ts';
import { emailHeaders } from './email-headers.ts';

/** The verdict headers SES inbound writes above a message; PASS, FAIL, GRAY or PROCESSING_FAILED. */
const VERDICTS = [
  { header: 'X-SES-Spam-Verdict', rule: 'SES-SPAM-VERDICT', what: 'spam' },
  { header: 'X-SES-Virus-Verdict', rule: 'SES-VIRUS-VERDICT', what: 'a virus' },
] as const;

/**
 * The SES verdicts that quarantine a mail: FAIL only. GRAY and PROCESSING_FAILED are no finding against
 * the mail (SES could not decide), so it is taken in like one without verdicts (an upload by hand).
 */
export function sesVerdictFailures(bytes: Uint8Array): DocumentError[] {
  const headers = emailHeaders(bytes);
  const failures: DocumentError[] = [];
  for (const { header, rule, what } of VERDICTS) {
    // SES puts each header once; a second one added further down the path must not clear the first.
    const values = headers.get(header.toLowerCase()) ?? [];
    if (!values.some((v) => v.trim().toUpperCase() === 'FAIL')) continue;
    failures.push({
      source: 'validation',
      rule,
      message: `SES marked the mail as ${what} (${header}: FAIL); it is quarantined, not processed`,
      path: header,
      value: 'FAIL',
    });
  }
  return failures;
}
