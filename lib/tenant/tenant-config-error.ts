/** One problem in a tenant file: the dotted path of the field and what is wrong with it. */
export interface TenantConfigIssue {
  field: string;
  message: string;
}

/** A tenant file that cannot be read, is not JSON, or breaks a rule; every issue names its field. */
export class TenantConfigError extends Error {
  readonly source: string;
  readonly issues: readonly TenantConfigIssue[];

  constructor(source: string, issues: readonly TenantConfigIssue[], options?: ErrorOptions) {
    const lines = issues.map((issue) => `  - ${issue.field}: ${issue.message}`).join('\n');
    super(`Invalid tenant configuration ${source}:\n${lines}`, options);
    this.name = 'TenantConfigError';
    this.source = source;
    this.issues = issues;
  }
}
