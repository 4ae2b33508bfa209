import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matcher } from '../../../lib/bank/matching/index.ts';
import { parseStatementFile } from '../../../lib/bank/parsers/index.ts';
import { BankAccountDirectory, planStatements } from '../../../lib/bank/stores/index.ts';
import { inMemoryInvoiceContext, processInvoiceFile } from '../../../lib/invoices/index.ts';
import type { MirrorJournal } from '../../../lib/mirror/index.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';
import { STACK_FRAME } from '../../support/fuzz.ts';
import { withCorpus } from '../../support/needs-shared.ts';
import { HOSTILE_INPUTS, type HostileInput, type HostileTargets } from './hostile-inputs.ts';
import { HostileTrap } from './hostile-targets.ts';

/** Generous, behaviour-level: a hostile file must not make a pipeline hang. */
const TIME_LIMIT_MS = 10_000;
/** A message quoting hostile input must quote a slice of it, not all of it. */
const LONGEST_MESSAGE = 2_000;

const JOURNALS: MirrorJournal[] = [{ code: 'ING', description: 'ING', kind: 'B', ledgerAccount: '1110' }];
// With a suspense account every line of an accepted statement becomes a booking: "no booking" then means refused.
const BANK_SETTINGS = bankImportSettings.parse({ journal: 'ING', suspenseAccount: '1900' });

const trap = new HostileTrap();
let targets: HostileTargets;
beforeAll(async () => {
  targets = await trap.open();
});
afterAll(async () => {
  // Assess: no XXE, parameter entity or DTD reached the trap server, in any row.
  expect(trap.connections).toBe(0);
  await trap.close();
});

async function runInvoice(row: HostileInput, bytes: Uint8Array) {
  const result = await processInvoiceFile(
    { bytes, filename: row.filename, direction: 'purchase', administration: 'DEMO', tenant: 'acme' },
    inMemoryInvoiceContext({ settings: { allowNewRelations: true } }),
  );
  return { output: result, messages: result.findings.map((f) => `${f.rule} ${f.message}`), result };
}

function runBank(row: HostileInput, bytes: Uint8Array) {
  const parsed = parseStatementFile(bytes, row.filename);
  const plan = planStatements(parsed.statements, {
    tenant: 'acme',
    administration: 'DEMO',
    settings: BANK_SETTINGS,
    directory: new BankAccountDirectory('DEMO', BANK_SETTINGS, JOURNALS),
    matcher: new Matcher([]),
  });
  const messages = [
    ...parsed.errors,
    ...parsed.statements.flatMap((s) => [...s.errors, ...(s.unreadableLines ?? []).map((l) => l.reason)]),
    ...plan.statements.flatMap((outcome) => (outcome.reason ? [outcome.reason] : [])),
  ];
  return { output: { parsed, plan }, messages, parsed, plan };
}

describe.each(HOSTILE_INPUTS)('hostile input: $name', (row) => {
  it(
    'is refused or flagged with a clear error through the pure pipeline, in time, reading nothing else',
    row.corpus ? withCorpus() : {},
    async () => {
      // Prepare
      const bytes = row.build(targets);
      const started = performance.now();
      // Act
      const run = row.kind === 'invoice' ? await runInvoice(row, bytes) : runBank(row, bytes);
      // Assess
      expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS);
      const printed = JSON.stringify(run.output);
      expect(printed).not.toMatch(STACK_FRAME);
      expect(printed).not.toContain(trap.secret);
      for (const message of run.messages) expect(message.length).toBeLessThan(LONGEST_MESSAGE);
      if ('refusal' in row.expect || 'flagged' in row.expect) {
        const reason = 'refusal' in row.expect ? row.expect.refusal : row.expect.flagged;
        expect(
          run.messages.some((message) => reason.test(message)),
          run.messages.join('\n'),
        ).toBe(true);
      }
      if ('result' in run) {
        expect(run.result.events).toEqual([]);
        if ('refusal' in row.expect) {
          expect(run.result.status).toBe('rejected');
          expect(run.result.findings[0]?.rule).toMatch(row.expect.refusal);
        }
        return;
      }
      if ('refusal' in row.expect) expect(run.plan.bookings).toEqual([]);
      if ('flagged' in row.expect) {
        const ids = run.plan.bookings.map((booking) => booking.event.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(run.plan.statements.some((outcome) => outcome.status === 'rejected')).toBe(true);
      }
      if ('neutralised' in row.expect) {
        const texts = run.parsed.statements.flatMap((s) =>
          s.entries.flatMap((entry) => [entry.counterpartyName, entry.remittance]),
        );
        expect(texts.filter((text) => typeof text === 'string' && /^[=+@-]\D/.test(text))).toEqual([]);
      }
    },
  );
});
