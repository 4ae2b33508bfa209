import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  CashError,
  type CashRecord,
  cashAdapterSettings,
  type ImportRequest,
  type ImportResult,
  RestCashTarget,
  XmlOutboxTarget,
} from '../../../lib/cash/index.ts';

const records: CashRecord[] = [
  { record: '0301', fields: { '0901': 'VRK', '0201': '1300', '0307': '121,00', '0306': 'Jansen & Zonen' } },
  { record: '0301', fields: { '0901': 'VRK', '0201': '8000', '0307': '-121,00' } },
];

describe('XmlOutboxTarget', () => {
  it('writes the XML file to <administration>/outbox/<stamp>-<batchId>.xml', async () => {
    // Prepare
    const written: Array<{ key: string; body: string; contentType: string }> = [];
    const target = new XmlOutboxTarget({
      put: async (key, body, contentType) => {
        written.push({ key, body, contentType });
      },
      now: () => new Date(Date.UTC(2026, 2, 31, 14, 5, 9)),
    });
    // Act
    const outcome = await target.submit('DEMO', records, 'batch-42');
    // Assess
    expect(outcome).toEqual({ status: 'delivered', location: 'DEMO/outbox/20260331-140509-batch-42.xml' });
    expect(written).toHaveLength(1);
    expect(written[0]?.contentType).toContain('xml');
    const parsed = new XMLParser({ parseTagValue: false }).parse(written[0]?.body ?? '');
    expect(parsed.CASH.R0301).toHaveLength(2);
    expect(parsed.CASH.R0301[0].F0306).toBe('Jansen & Zonen');
  });

  it.each([
    ['a path in the administration', '../other', 'b1'],
    ['a slash in the batch id', 'DEMO', 'a/b'],
    ['an empty batch id', 'DEMO', ''],
  ])('refuses %s', async (_name, administration, batchId) => {
    // Prepare
    const target = new XmlOutboxTarget({ put: async () => {} });
    // Act
    const attempt = target.submit(administration, records, batchId);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(CashError);
  });
});

describe('RestCashTarget', () => {
  it('sends the records as an import body shaped by the settings and returns the outcome', async () => {
    // Prepare
    const sent: Array<{ admin: string; body: ImportRequest }> = [];
    const client = {
      import: async (admin: string, body: ImportRequest): Promise<ImportResult> => {
        sent.push({ admin, body });
        return { status: 'pending', transaction: 'T7' };
      },
    };
    const target = new RestCashTarget(client, cashAdapterSettings({ recordKey: 'R0301' }));
    // Act
    const outcome = await target.submit('DEMO', records, 'batch-1');
    // Assess
    expect(outcome).toEqual({ status: 'pending', transaction: 'T7' });
    expect(sent[0]?.admin).toBe('DEMO');
    expect(sent[0]?.body.content.cash.map((e) => Object.keys(e))).toEqual([['R0301'], ['R0301']]);
  });
});
