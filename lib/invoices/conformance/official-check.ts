import type { Finding } from '../findings.ts';
import { decodeXmlBytes } from '../xml/decode.ts';
import { DEFAULT_XML_LIMITS } from '../xml/safe-xml.ts';
import { compareVerdicts, type RuleVerdict } from './compare-verdicts.ts';
import type { OfficialArtifact } from './official-artifact.ts';
import type { OfficialValidator } from './official-validator.ts';

/** Both verdicts on one file, as `cashlink ubl --validate official` prints them. */
export type OfficialCheck =
  | {
      artifact: OfficialArtifact;
      ours: RuleVerdict;
      official: RuleVerdict;
      /** The rule set stopped on the document (an XPath error); the document is not valid. */
      failure?: string;
      /** Rejecting for us, not officially. */
      onlyOurs: string[];
      /** Rejecting officially, not for us. */
      onlyOfficial: string[];
      agree: boolean;
    }
  | { skipped: string };

const XML_START = /^(?:\uFEFF)?\s*</;

/**
 * Runs the official artifact over a file's bytes and sets its verdict beside ours. Only UBL and CII XML
 * have an artifact; PDF and e-mail containers are skipped with the reason.
 */
export async function checkOfficially(
  validator: OfficialValidator,
  bytes: Uint8Array,
  ours: readonly Finding[],
): Promise<OfficialCheck> {
  let xml: string;
  try {
    xml = decodeXmlBytes(bytes, DEFAULT_XML_LIMITS.maxBytes);
  } catch (error) {
    return { skipped: `not readable as XML: ${(error as Error).message.slice(0, 200)}` };
  }
  if (!XML_START.test(xml))
    return { skipped: 'not an XML invoice (the official rule sets judge UBL and CII only)' };
  if (!/<(?:[\w.-]+:)?(?:Invoice|CreditNote|CrossIndustryInvoice)[\s>/]/.test(xml))
    return { skipped: 'not a UBL Invoice/CreditNote or CII CrossIndustryInvoice' };
  const verdict = await validator.validate(xml);
  const comparison = compareVerdicts(ours, verdict.asserts);
  if (verdict.failure) {
    // No assert list: the document is invalid, so we agree exactly when we reject it too.
    const weReject = comparison.ours.fatal.length > 0;
    return {
      artifact: verdict.artifact,
      ours: comparison.ours,
      official: comparison.official,
      failure: verdict.failure,
      onlyOurs: [],
      onlyOfficial: weReject ? [] : ['(rule set failed on the document)'],
      agree: weReject,
    };
  }
  return { artifact: verdict.artifact, ...comparison };
}
