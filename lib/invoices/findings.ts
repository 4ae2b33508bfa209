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

export function hasFatal(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'fatal');
}
