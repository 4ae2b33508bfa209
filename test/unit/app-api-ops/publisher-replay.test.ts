import { describe, expect, it } from 'vitest';
import { PublisherReplay } from '../../../lib/app-api/runs/index.ts';
import type { DocumentRecord } from '../../../lib/documents/index.ts';

const doc = (id: string, event?: unknown): DocumentRecord => ({
  id,
  tenant: 'demo',
  administration: 'DEMO',
  type: 'journal-entry.book',
  source: { connector: 'bank-import', externalId: id },
  status: 'rejected',
  payloadHash: 'h',
  attempts: 1,
  history: [],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...(event ? { event } : {}),
});

describe('PublisherReplay', () => {
  it('publishes the kept events again and reports the documents without one', async () => {
    // Prepare
    const published: unknown[][] = [];
    const replay = new PublisherReplay({
      publish: async (inputs) => {
        published.push(inputs);
        return [
          { id: 'a', status: 'queued' },
          { index: 1, status: 'invalid', issues: [], message: 'bad' },
        ];
      },
    });
    // Act
    const outcomes = await replay.send('bank-import', [
      doc('a', { id: 'a' }),
      doc('b', { id: 'b' }),
      doc('c'),
    ]);
    // Assess
    expect(published).toEqual([[{ id: 'a' }, { id: 'b' }]]);
    expect(outcomes).toEqual([
      { id: 'a', outcome: 'queued' },
      { id: 'b', outcome: 'invalid' },
      { id: 'c', outcome: 'no-event' },
    ]);
  });
});
