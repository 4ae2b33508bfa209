/**
 * Which official rule set (Schematron compiled to XSLT, see ../shared/conformance/README.md) decides the
 * validity of a document: chosen from what the document declares, never from what it contains.
 */
export type OfficialArtifact = 'en16931-ubl' | 'en16931-cii' | 'si-ubl-2.0' | 'si-ubl-2.0-gaccount';

/** The stylesheet of each artifact, relative to the conformance folder. */
export const OFFICIAL_ARTIFACT_FILES: Record<OfficialArtifact, string> = {
  'en16931-ubl': 'en16931/EN16931-UBL-validation.xslt',
  'en16931-cii': 'en16931/EN16931-CII-validation.xslt',
  'si-ubl-2.0': 'si-ubl-2.0/si-ubl-2.0.xsl',
  'si-ubl-2.0-gaccount': 'si-ubl-2.0/si-ubl-2.0-ext-gaccount.xsl',
};

const NLCIUS = /urn:fdc:nen\.nl:nlcius:v1\.0/i;
const GACCOUNT = /urn:fdc:nen\.nl:gaccount:v1\.0/i;
/** The first element of the document (after the prolog, comments and processing instructions). */
const ROOT = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]/;
const CUSTOMIZATION_ID = /<(?:[A-Za-z_][\w.-]*:)?CustomizationID\b[^>]*>\s*([^<]*?)\s*</;

function rootNameOf(xml: string): string | undefined {
  let text = xml.replace(/^\uFEFF/, '');
  // Skip the declaration, comments, processing instructions and a DOCTYPE before the root.
  text = text.replace(/^(?:\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*/, '');
  return ROOT.exec(text)?.[1];
}

/** The official artifact for a UBL or CII document, from its root and its CustomizationID (BT-24). */
export function officialArtifactFor(xml: string): OfficialArtifact {
  if (rootNameOf(xml) === 'CrossIndustryInvoice') return 'en16931-cii';
  const customizationId = CUSTOMIZATION_ID.exec(xml)?.[1] ?? '';
  if (NLCIUS.test(customizationId))
    return GACCOUNT.test(customizationId) ? 'si-ubl-2.0-gaccount' : 'si-ubl-2.0';
  return 'en16931-ubl';
}
