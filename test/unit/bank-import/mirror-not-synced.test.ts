import { describe, expect, it } from 'vitest';
import { emptyMemory } from '../../../lib/bank/matching/index.ts';
import {
  BankStatementImporter,
  type BankStatementImporterDeps,
  MirrorNotSyncedError,
} from '../../../lib/bank/stores/index.ts';
import { bankImportSettings } from '../../../lib/tenant/index.ts';

/** A mirror that has no journals for its first `emptyReads` reads of them. */
function mirrorSyncedAfter(emptyReads: number) {
  let reads = 0;
  const mirror = {
    async read(_administration: string, kind: string) {
      if (kind !== 'journals') return [];
      reads++;
      return reads <= emptyReads ? [] : [{ code: 'ABN', description: 'ABN AMRO', ledgerAccount: '1100' }];
    },
    async readOpenItems() {
      return [];
    },
    settlements: {},
  };
  return { mirror, reads: () => reads };
}

function importer(mirror: unknown, mirrorWaitMs: number) {
  const deps = {
    tenant: 'demo',
    documents: { getMany: async () => new Map(), putMany: async () => undefined },
    publisher: { publish: async () => undefined },
    memory: { load: async () => ({ memory: emptyMemory(), version: 0 }) },
    mirror,
    mirrorWaitMs,
  } as unknown as BankStatementImporterDeps;
  return new BankStatementImporter(deps);
}

describe('BankStatementImporter and a CASH mirror that was never synced', () => {
  it('waits for the first sync (polling) and then imports', async () => {
    // Prepare
    const { mirror, reads } = mirrorSyncedAfter(2);
    // Act
    const summary = await importer(mirror, 10_000).import('DEMO', bankImportSettings.parse({}), []);
    // Assess
    expect(reads()).toBeGreaterThanOrEqual(3);
    expect(summary.counts.statements).toBe(0);
  });

  it('fails retryably, naming the administration, when no sync comes within the wait', async () => {
    // Prepare
    const { mirror } = mirrorSyncedAfter(Number.POSITIVE_INFINITY);
    // Act
    const failure = await importer(mirror, 600)
      .import('DEMO', bankImportSettings.parse({}), [])
      .catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(MirrorNotSyncedError);
    expect((failure as Error).message).toContain('the CASH mirror of DEMO has not been synced yet');
  });
});
