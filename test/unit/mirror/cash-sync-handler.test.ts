import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSyncHandler } from '../../../functions/cash-sync/sync-handler.ts';
import type { MirrorKind, MirrorSyncOptions, MirrorSyncResult } from '../../../lib/mirror/index.ts';
import { observability } from '../../../lib/runtime/powertools.ts';

const CONTEXT = { functionName: 'cash-sync', awsRequestId: 'r-1' } as unknown as Context;

describe('Function: createSyncHandler', () => {
  it("passes the schedule's ledger-balances range on to the sync of each administration", async () => {
    // Prepare
    const calls: Array<[string, MirrorKind[] | undefined, MirrorSyncOptions | undefined]> = [];
    const handler = createSyncHandler({
      observability: observability('cash-sync-test'),
      administrations: () => ['DEMO'],
      sync: async (administration, kinds, options): Promise<MirrorSyncResult> => {
        calls.push([administration, kinds, options]);
        return {
          administration,
          syncedAt: '2026-12-02T06:00:00.000Z',
          counts: {} as never,
          errors: [],
          changes: [],
        };
      },
    });

    // Act
    await handler(
      { kinds: ['ledgerBalances'], ledgerBalances: { from: '2026-01', to: '2026-12', periodsPerRequest: 1 } },
      CONTEXT,
    );
    await handler({}, CONTEXT);

    // Assess
    expect(calls).toEqual([
      [
        'DEMO',
        ['ledgerBalances'],
        { ledgerBalances: { from: '2026-01', to: '2026-12', periodsPerRequest: 1 } },
      ],
      ['DEMO', undefined, undefined],
    ]);
  });
});
