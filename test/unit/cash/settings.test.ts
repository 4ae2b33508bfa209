import { describe, expect, it } from 'vitest';
import { CashAdapterSettings, cashAdapterSettings } from '../../../lib/cash/index.ts';

describe('CashAdapterSettings', () => {
  it('defaults every unconfirmed detail to the safest known choice', () => {
    // Act
    const settings = cashAdapterSettings();
    // Assess
    expect(settings).toEqual({
      amountNotation: 'decimal-comma',
      recordKey: 'R301',
      oneRecordPerElement: true,
      vatLines: 'explicit',
      descriptionOverflow: 'error',
      invoiceNumbers: 'numeric-6',
    });
  });

  it('keeps explicit choices', () => {
    // Act
    const settings = cashAdapterSettings({
      amountNotation: 'cents',
      recordKey: 'R0301',
      oneRecordPerElement: false,
      vatLines: 'implied',
      descriptionOverflow: 'truncate',
      invoiceNumbers: 'text',
    });
    // Assess
    expect(settings).toMatchObject({
      amountNotation: 'cents',
      recordKey: 'R0301',
      oneRecordPerElement: false,
      vatLines: 'implied',
      descriptionOverflow: 'truncate',
      invoiceNumbers: 'text',
    });
  });

  it.each([
    ['amountNotation', 'dot'],
    ['recordKey', '301'],
    ['oneRecordPerElement', 'yes'],
    ['vatLines', 'auto'],
    ['descriptionOverflow', 'cut'],
    ['invoiceNumbers', 'numeric-8'],
  ])('refuses an unknown %s', (name, value) => {
    // Act
    const result = CashAdapterSettings.safeParse({ [name]: value });
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([name]);
  });
});
