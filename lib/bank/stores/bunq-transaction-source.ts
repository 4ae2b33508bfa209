import type { BankStatement } from '../statement.ts';
import type { BankTransactionSource } from './bank-transaction-source.ts';
import type { BunqClient } from './bunq-client.ts';
import { bunqPaymentsToStatement } from './bunq-statement.ts';

/**
 * Scheduled pulls from bunq: one statement per account (optionally only the given IBANs) with the payments
 * since the given moment. Overlapping pulls are harmless: import ids keep lines from booking twice.
 */
export class BunqTransactionSource implements BankTransactionSource {
  readonly name = 'bunq';

  constructor(
    private readonly client: Pick<BunqClient, 'accounts' | 'payments'>,
    private readonly ibans?: readonly string[],
  ) {}

  async fetch(since: string): Promise<BankStatement[]> {
    const wanted = this.ibans?.map((iban) => iban.replace(/\s/g, '').toUpperCase());
    const statements: BankStatement[] = [];
    for (const account of await this.client.accounts()) {
      if (wanted && !wanted.includes(account.iban)) continue;
      const payments = await this.client.payments(account.id, since);
      if (payments.length > 0) statements.push(bunqPaymentsToStatement(account, payments));
    }
    return statements;
  }
}
