import { errorMessage } from '../../runtime/error-message.ts';
import type { Log } from '../../runtime/log.ts';
import type { BankImportSettings } from '../../tenant/index.ts';
import type { BankStatementImporter, BankTransactionSource } from '../stores/index.ts';
import type { BankPullRequest, BankPullResult } from './bank-import-results.ts';

export interface BankApiPullDeps {
  importer: Pick<BankStatementImporter, 'import'>;
  /** Administration codes the bank import serves: pulled when the request names none. */
  administrations: () => string[];
  /** The settings for the administration, read at each file/pull (the tenant file with its overrides). */
  settings: (administration: string) => BankImportSettings | Promise<BankImportSettings>;
  /** Bank API sources of an administration; none configured means nothing to pull. */
  sources?: (administration: string) => BankTransactionSource[];
  now?: () => Date;
  log?: Log;
}

/**
 * A scheduled pull from the bank APIs: each source of each administration on its own, so one failing bank
 * is reported and the others still import.
 */
export class BankApiPull {
  constructor(private readonly deps: BankApiPullDeps) {}

  async pull(request: BankPullRequest): Promise<BankPullResult[]> {
    const now = this.deps.now?.() ?? new Date();
    const wanted = request.administrations?.length ? request.administrations : this.deps.administrations();
    const since = new Date(now.getTime() - (request.sinceDays ?? 7) * 86_400_000).toISOString();
    const results: BankPullResult[] = [];
    for (const administration of wanted) {
      const sources = this.deps.sources?.(administration) ?? [];
      if (sources.length === 0) this.deps.log?.('warn', 'no bank API source configured', { administration });
      for (const source of sources) {
        try {
          const statements = await source.fetch(since);
          const summary = await this.deps.importer.import(
            administration,
            await this.deps.settings(administration),
            statements,
          );
          results.push({ administration, source: source.name, status: 'imported', summary });
        } catch (error) {
          this.deps.log?.('error', 'bank API pull failed', { administration, source: source.name, error });
          results.push({
            administration,
            source: source.name,
            status: 'error',
            message: errorMessage(error),
          });
        }
      }
    }
    return results;
  }
}
