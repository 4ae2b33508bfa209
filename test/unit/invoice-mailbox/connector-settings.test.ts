import { describe, expect, it } from 'vitest';
import { InvoiceMailboxSettingsError, invoiceSettingsFromConnector } from '../../../lib/intake/index.ts';

describe('invoice settings from the tenant file', () => {
  it('gives the defaults for no settings, ignoring connector-only keys', () => {
    // Act
    const settings = invoiceSettingsFromConnector({ silentAfterHours: 48 });
    // Assess
    expect(settings.journals).toEqual({ purchase: 'INK', sales: 'VRK' });
    expect(settings.allowNewRelations).toBe(false);
  });

  it.each([
    [{ allowNewRelations: true }, (s: Record<string, unknown>) => s.allowNewRelations, true],
    [
      { 'journals.purchase': 'IK2' },
      (s: Record<string, unknown>) => s.journals,
      { purchase: 'IK2', sales: 'VRK' },
    ],
    [
      { controlAccounts: '{"purchase":"1610","sales":"1310"}' },
      (s: Record<string, unknown>) => s.controlAccounts,
      { purchase: '1610', sales: '1310' },
    ],
    [
      { vatRules: '[{"direction":"purchase","category":"S","vatCode":"2","vatAccount":"1500"}]' },
      (s: Record<string, unknown>) => (s.vatRules as unknown[]).length,
      1,
    ],
    [
      { invoice: '{"roundingAccount":"9990","lineDetail":"per-line"}' },
      (s: Record<string, unknown>) => [s.roundingAccount, s.lineDetail],
      ['9990', 'per-line'],
    ],
  ])('reads %j', (input, pick, want) => {
    expect(pick(invoiceSettingsFromConnector(input) as unknown as Record<string, unknown>)).toEqual(want);
  });

  it.each([
    [{ journals: '{not json' }, 'not valid JSON'],
    [{ unknownThing: 1 }, 'not an invoice-mailbox setting'],
    [{ 'controlAccounts.purchase': 'toolong1' }, 'controlAccounts.purchase'],
    [{ maxTextLength: 2 }, 'maxTextLength'],
  ])('refuses %j naming the field', (input, message) => {
    // Act
    const act = () => invoiceSettingsFromConnector(input);
    // Assess
    expect(act).toThrow(InvoiceMailboxSettingsError);
    expect(act).toThrow(message);
  });
});
