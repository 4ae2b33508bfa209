/** One validation result: which rule, how bad, a sentence for a person, and where in the document. */
export type FindingSeverity = 'fatal' | 'warning' | 'info';

export interface Finding {
  rule: string;
  severity: FindingSeverity;
  message: string;
  path: string;
}

export function fatal(rule: string, message: string, path: string): Finding {
  return { rule, severity: 'fatal', message, path };
}

export function warning(rule: string, message: string, path: string): Finding {
  return { rule, severity: 'warning', message, path };
}

export function info(rule: string, message: string, path: string): Finding {
  return { rule, severity: 'info', message, path };
}

/** Our own rules (booking concerns, not validity) carry this prefix; the standards' rules keep their ids. */
export const OWN_RULE_PREFIX = 'CASHLINK-';

/**
 * Whether a finding rejects the document: a fatal finding under an official rule id. A CASHLINK-… rule can
 * send a valid invoice to review (see ownRuleReviewReasons) but never reject it.
 */
export function rejects(finding: Finding): boolean {
  return finding.severity === 'fatal' && !finding.rule.startsWith(OWN_RULE_PREFIX);
}

export function hasFatal(findings: readonly Finding[]): boolean {
  return findings.some(rejects);
}

/** The review reasons of fatal findings under our own rules: they hold the booking for a person. */
export function ownRuleReviewReasons(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => f.severity === 'fatal' && f.rule.startsWith(OWN_RULE_PREFIX))
    .map((f) => `${f.rule}: ${f.message}`);
}
