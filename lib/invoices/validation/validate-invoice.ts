import type { Finding } from '../findings.ts';
import type { InvoiceDocument } from '../model.ts';
import { validateEn16931 } from './en16931-rules.ts';
import { validateNlcius } from './nl-rules.ts';
import { validatePeppol } from './peppol-rules.ts';

/** Runs the EN 16931 core rules and, chosen by CustomizationID, the NLCIUS or Peppol rules. */
export function validateInvoice(doc: InvoiceDocument): Finding[] {
  const findings = validateEn16931(doc);
  if (doc.profile === 'nlcius') findings.push(...validateNlcius(doc));
  else if (doc.profile === 'peppol-bis3') findings.push(...validatePeppol(doc));
  return findings;
}
