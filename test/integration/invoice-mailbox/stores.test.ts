import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentStore } from '../../../lib/documents/index.ts';
import {
  applyInvoiceCorrection,
  DuplicateClaimLostError,
  DynamoDuplicateRegistry,
  DynamoLedgerMemory,
  InvoiceCorrectionError,
} from '../../../lib/invoices/index.ts';
import { type TestResources, testResources } from '../helpers.ts';

let res: TestResources;
const scope = { tenant: 'acme', administration: 'DEMO' };

beforeAll(async () => {
  res = await testResources();
});

describe('DynamoDuplicateRegistry', () => {
  it('remembers the first document for a key and lets the same document claim it again', async () => {
    // Prepare
    const registry = new DynamoDuplicateRegistry(res.clients.documents, res.mirrorTable, scope);
    // Act
    const before = await registry.seen('purchase|380|vat:NL1|F-1');
    await registry.remember('purchase|380|vat:NL1|F-1', 'doc_a');
    await registry.remember('purchase|380|vat:NL1|F-1', 'doc_a');
    // Assess
    expect(before).toBeUndefined();
    expect(await registry.seen('purchase|380|vat:NL1|F-1')).toBe('doc_a');
    await expect(registry.remember('purchase|380|vat:NL1|F-1', 'doc_b')).rejects.toBeInstanceOf(
      DuplicateClaimLostError,
    );
  });

  it('lets exactly one of many concurrent claims win', async () => {
    // Prepare
    const registry = new DynamoDuplicateRegistry(res.clients.documents, res.mirrorTable, scope);
    const documents = Array.from({ length: 8 }, (_, i) => `doc_race_${i}`);
    // Act
    const results = await Promise.allSettled(documents.map((d) => registry.remember('race-key', d)));
    // Assess
    const winners = documents.filter((_, i) => results[i]?.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect(await registry.seen('race-key')).toBe(winners[0]);
  });

  it('keeps administrations and tenants apart, and takes very long keys', async () => {
    // Prepare
    const demo = new DynamoDuplicateRegistry(res.clients.documents, res.mirrorTable, scope);
    const other = new DynamoDuplicateRegistry(res.clients.documents, res.mirrorTable, {
      tenant: 'acme',
      administration: 'EXBV',
    });
    const long = `purchase|380|name:${'x'.repeat(3000)}|1`;
    // Act
    await demo.remember(long, 'doc_demo');
    // Assess
    expect(await demo.seen(long)).toBe('doc_demo');
    expect(await other.seen(long)).toBeUndefined();
  });
});

describe('DynamoLedgerMemory and corrections', () => {
  it('merges corrections field by field', async () => {
    // Prepare
    const memory = new DynamoLedgerMemory(res.clients.documents, res.mirrorTable, scope);
    // Act
    await memory.learn('rel:200001', { ledgerAccount: '4100' });
    await memory.learn('rel:200001', { costCentre: 'ALG' });
    await memory.learn('rel:200001', {});
    // Assess
    expect(await memory.get('rel:200001')).toEqual({ ledgerAccount: '4100', costCentre: 'ALG' });
    expect(await memory.get('rel:999999')).toBeUndefined();
  });

  it('learns a correction under the relation the document was booked for', async () => {
    // Prepare
    const documents = new DocumentStore(res.clients.documents, res.documentsTable);
    await documents.transition('evt_0123456789abcdef0123456789abcdef', 'booked', {
      id: 'evt_0123456789abcdef0123456789abcdef',
      tenant: 'acme',
      administration: 'DEMO',
      cash: { relationNumber: '200002', bookedAt: '2026-03-14T10:00:00.000Z' },
    });
    const deps = { client: res.clients.documents, mirrorTable: res.mirrorTable, documents };
    // Act
    const learned = await applyInvoiceCorrection(deps, {
      ...scope,
      documentId: 'evt_0123456789abcdef0123456789abcdef',
      ledgerAccount: '4200',
    });
    // Assess
    expect(learned).toEqual({ relationKey: 'rel:200002', choice: { ledgerAccount: '4200' } });
    const memory = new DynamoLedgerMemory(res.clients.documents, res.mirrorTable, scope);
    expect(await memory.get('rel:200002')).toEqual({ ledgerAccount: '4200' });
  });

  it.each([
    [{ ...scope, relationKey: 'rel:1' }, 'neither a ledger account nor a cost centre'],
    [{ ...scope, documentId: 'evt_ffffffffffffffffffffffffffffffff', costCentre: 'ALG' }, 'does not exist'],
    [
      {
        tenant: 'acme',
        administration: 'EXBV',
        documentId: 'evt_0123456789abcdef0123456789abcdef',
        costCentre: 'ALG',
      },
      'belongs to acme/DEMO',
    ],
    [{ ...scope, costCentre: 'ALG' }, 'give relationKey'],
  ])('refuses a correction it cannot place (%j)', async (correction, message) => {
    // Prepare
    const documents = new DocumentStore(res.clients.documents, res.documentsTable);
    const deps = { client: res.clients.documents, mirrorTable: res.mirrorTable, documents };
    // Act
    const act = applyInvoiceCorrection(deps, correction);
    // Assess
    await expect(act).rejects.toBeInstanceOf(InvoiceCorrectionError);
    await expect(act).rejects.toThrow(message);
  });
});
