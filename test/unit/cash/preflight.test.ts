import { describe, expect, it } from 'vitest';
import { createEvent, type NormalizedEvent } from '../../../events/index.ts';
import { cashAdapterSettings, mapEvent, preflightEvent } from '../../../lib/cash/index.ts';
import { base, context, salesInvoice } from './fixtures.ts';

const relation = (data: Record<string, unknown>): NormalizedEvent =>
  createEvent({
    ...base,
    type: 'relation.upsert',
    source: { connector: 'partner-api', externalId: 'rel-1' },
    data: { name: 'Bakkerij', roles: ['customer'], ...data } as never,
  });
const order = (data: Record<string, unknown>): NormalizedEvent =>
  createEvent({
    ...base,
    type: 'sales-order.create',
    source: { connector: 'partner-api', externalId: 'order-1' },
    data: {
      externalOrderNumber: 'WEB-1',
      orderDate: '2026-03-30',
      customer: { relationRef: 'rel-1' },
      lines: [{ articleCode: 'KOFFIE', quantity: 1, unitPriceCents: 100 }],
      ...data,
    } as never,
  });

describe('Function: preflightEvent', () => {
  it.each([
    ['a sales invoice without boekstuknummer and with a long invoice number', salesInvoice()],
    ['a new relation without relatienummer', relation({})],
    ['an order without ordernummer for a relation yet to be numbered', order({})],
  ])(
    'finds nothing to refuse in %s: the numbers the writer assigns are not asked of the event',
    (_name, event) => {
      // Act & Assess
      expect(preflightEvent(event, cashAdapterSettings())).toEqual([]);
    },
  );

  it('refuses exactly what the writer mapping refuses, under the same settings', () => {
    // Prepare
    const event = salesInvoice({ description: 'x'.repeat(26) });
    // Act
    const atDoor = preflightEvent(event, cashAdapterSettings());
    const atWriter = mapEvent(event, context());
    // Assess
    expect(atWriter.ok).toBe(false);
    expect(atDoor).toEqual(atWriter.ok ? [] : atWriter.issues);
    expect(atDoor.map((i) => [i.eventPath, i.rubriek, i.rule])).toEqual([
      ['data.description', '0306', 'too-long'],
    ]);
  });

  it('follows the settings: a long description is cut with descriptionOverflow truncate', () => {
    // Prepare
    const event = salesInvoice({ description: 'x'.repeat(26) });
    // Act & Assess
    expect(preflightEvent(event, cashAdapterSettings({ descriptionOverflow: 'truncate' }))).toEqual([]);
  });

  it('refuses a relation whose address does not fit rubriek 0105', () => {
    // Prepare
    const event = relation({ address: { street: 'x'.repeat(33), houseNumber: '12a' } });
    // Act & Assess
    expect(preflightEvent(event, cashAdapterSettings())).toEqual([
      expect.objectContaining({ eventPath: 'data.address.street', rubriek: '0105', rule: 'too-long' }),
    ]);
  });
});
