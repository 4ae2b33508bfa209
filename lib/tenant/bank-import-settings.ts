import { z } from 'zod';
import { optionalOrNull } from '../runtime/optional-or-null.ts';
import { commonSettings } from './connector-settings.ts';

const LedgerCode = z.string().regex(/^[A-Z0-9]{1,6}$/, 'a CASH code: 1-6 capitals or digits');
// `x-choice` in the JSON Schema: the settings form offers the CASH mirror's journals or ledger accounts.
const JournalCode = LedgerCode.meta({ 'x-choice': 'journals' });
const AccountCode = LedgerCode.meta({ 'x-choice': 'ledgerAccounts' });

/** One bank account of the tenant: the bank journal (dagboek) it is booked in and its ledger account. */
const BankAccountSetting = z
  .object({
    journal: JournalCode.describe('bank journal (dagboek) of this account'),
    ledgerAccount: AccountCode.optional().describe(
      "the bank's ledger account; from the mirror's journal if omitted",
    ),
    administration: z.string().min(1).optional().describe('only for this administration'),
  })
  .strict();

const SecretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'a Secrets Manager secret name');

/**
 * A bunq API connection for scheduled pulls. The function needs GetSecretValue on both secrets and
 * PutSecretValue on the context secret (the client keeps its key pair and session there).
 */
const BunqConnectionSetting = z
  .object({
    administration: z.string().min(1),
    apiKeySecretName: SecretName.describe('secret holding the bunq API key'),
    contextSecretName: SecretName.describe('secret the client keeps its installation and session in'),
    ibans: z.array(z.string()).optional().describe('only these accounts; all active ones when omitted'),
    sandbox: z.boolean().default(false),
  })
  .strict();

/** Settings of the bank-import connector (`connectors['bank-import'].settings`). */
export const bankImportSettings = z
  .object({
    ...commonSettings,
    accounts: z
      .record(
        z
          .string()
          .transform((iban) => iban.replace(/\s/g, '').toUpperCase())
          .pipe(z.string().regex(/^[A-Z0-9]{5,34}$/, 'an IBAN or bank account number')),
        BankAccountSetting,
      )
      .default({})
      .describe('IBAN → bank journal and ledger account'),
    journal: JournalCode.optional().describe('bank journal for accounts not listed in `accounts`'),
    suspenseAccount: AccountCode.optional().describe('vraagposten: unmatched lines are booked here at once'),
    debtorsAccount: AccountCode.optional(),
    creditorsAccount: AccountCode.optional(),
    differenceAccount: AccountCode.optional().describe('betalingsverschillen'),
    memorialJournal: JournalCode.optional().describe('journal for moving a corrected suspense line out'),
    tolerance: z
      .object({
        absoluteCents: z.number().int().min(0).max(100_000).optional(),
        relativeBasisPoints: z.number().int().min(0).max(100).optional(),
        maxCents: z.number().int().min(0).max(100_000).optional(),
      })
      .strict()
      .optional()
      .describe('payment differences that still count as paid in full'),
    autoThreshold: z.number().min(0.5).max(1).optional(),
    autoMargin: z.number().min(0).max(1).optional(),
    autoBookPartialPayments: z
      .boolean()
      .optional()
      .describe(
        'book a partial payment of an invoice the line names unambiguously; the remainder stays open',
      ),
    shortPaymentTolerance: optionalOrNull(
      z
        .object({
          percent: optionalOrNull(z.number().gt(0).max(20).multipleOf(0.01, 'at most two decimals')).describe(
            'largest shortfall as a percentage of the outstanding amount (2 = 2 %)',
          ),
          cents: optionalOrNull(z.number().int().min(1).max(1_000_000)).describe(
            'largest shortfall in cents',
          ),
        })
        .strict()
        .refine((t) => t.percent !== undefined || t.cents !== undefined, 'give percent, cents or both'),
    ).describe(
      'short payments (discount, costs taken off) of an invoice the line names: within every limit given the invoice is settled and the difference booked to differenceAccount',
    ),
    bunq: z
      .array(BunqConnectionSetting)
      .optional()
      .describe('bunq API pulls on the schedules of this connector, per administration'),
  })
  .strict()
  .refine((settings) => !settings.shortPaymentTolerance || settings.differenceAccount !== undefined, {
    message: 'shortPaymentTolerance needs differenceAccount: the ledger account short payments are booked to',
    path: ['differenceAccount'],
  });
export type BankImportSettings = z.infer<typeof bankImportSettings>;
