import { describe, expect, it } from 'vitest';
import { eventId } from '../../../events/index.ts';
import { withNullableOptionals } from '../../../lib/partner-api/index.ts';
import { memo, parse, request, TENANT, testApi } from './fixtures.ts';

describe('PartnerApi: POST /v1/events with optional fields sent as null', () => {
  it('queues the event without the nulls, under the id it has without them', async () => {
    // Prepare
    const { api, documents } = testApi();
    const { id: _id, tenant: _t, schemaVersion: _v, occurredAt: _o, ...bare } = memo('absent-1');
    const input = {
      ...bare,
      id: null,
      occurredAt: null,
      source: { connector: null, externalId: 'absent-1', document: null },
      data: {
        ...bare.data,
        entryNumber: null,
        reference: null,
        attachments: null,
        lines: bare.data.lines.map((line) => ({ ...line, costCentre: null, text: null, quantity: null })),
      },
    };
    // Act
    const response = await api.handle(request('POST', '/v1/events', input));
    // Assess
    expect(response.statusCode, response.body).toBe(202);
    const expectedId = eventId(TENANT, 'partner-api', 'absent-1', 'journal-entry.book');
    expect(parse(response.body).events).toEqual([expect.objectContaining({ id: expectedId })]);
    expect(JSON.stringify(documents.published)).not.toContain(':null');
    expect(documents.published[0]?.source.connector).toBe('partner-api');
  });

  it('treats a resend with nulls as the same content as the event without them', async () => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo('absent-2');
    documents.put(event, 'booked');
    const resend = { ...event, data: { ...event.data, reference: null, period: null } };
    // Act
    const response = await api.handle(request('POST', '/v1/events', resend));
    // Assess
    expect(response.statusCode).toBe(200);
    expect(parse(response.body).events).toEqual([expect.objectContaining({ status: 'booked' })]);
  });
});

describe('PartnerApi: POST /v1/events with a required field sent as null', () => {
  it('answers 400 naming the field, quoting the null', async () => {
    // Prepare
    const { api, documents } = testApi();
    const event = memo('absent-3');
    const input = { ...event, data: { ...event.data, description: null } };
    // Act
    const response = await api.handle(request('POST', '/v1/events', input));
    // Assess
    expect(response.statusCode).toBe(400);
    expect(parse(response.body).errors).toEqual([
      expect.objectContaining({ index: 0, path: 'data.description', rule: 'invalid_type', value: null }),
    ]);
    expect(documents.published).toEqual([]);
  });
});

describe('Function: withNullableOptionals', () => {
  it('lets optional properties be null in the published schema and leaves required ones alone', () => {
    // Prepare
    const schema = {
      type: 'object',
      required: ['description'],
      properties: {
        description: { type: 'string' },
        reference: { type: 'string', maxLength: 40 },
        lines: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' } } } },
      },
    };
    // Act
    const nullable = withNullableOptionals(schema);
    // Assess
    expect(nullable).toEqual({
      type: 'object',
      required: ['description'],
      properties: {
        description: { type: 'string' },
        reference: { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'null' }] },
        lines: {
          anyOf: [
            {
              type: 'array',
              items: {
                type: 'object',
                properties: { text: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
              },
            },
            { type: 'null' },
          ],
        },
      },
    });
  });
});
