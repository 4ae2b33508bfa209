import type { MatchCorrection, MatchMemory } from '../bank/matching/index.ts';
import { learn } from '../bank/matching/index.ts';
import type { LedgerMemory } from '../invoices/index.ts';
import type { CorrectionRecord } from './correction.ts';

/** Something that learns from a stored correction (the invoice or bank connector's memory). */
export interface CorrectionLearner {
  learn(record: CorrectionRecord): Promise<void>;
}

/** Feeds invoice corrections into the invoice connector's LedgerMemory (default account per relation). */
export class InvoiceLedgerLearner implements CorrectionLearner {
  constructor(private readonly memory: LedgerMemory) {}

  async learn(record: CorrectionRecord): Promise<void> {
    const correction = record.correction;
    if (correction.kind !== 'invoice-ledger' || !record.relationKey) return;
    await this.memory.learn(record.relationKey, {
      ...(correction.ledgerAccount ? { ledgerAccount: correction.ledgerAccount } : {}),
      ...(correction.costCentre ? { costCentre: correction.costCentre } : {}),
    });
  }
}

/** Where the bank connector keeps its match memory per administration. */
export interface MatchMemoryRepository {
  load(administration: string): Promise<MatchMemory>;
  save(administration: string, memory: MatchMemory): Promise<void>;
}

/** Feeds bank-match decisions into the matcher's memory through its pure `learn()`. */
export class BankMatchLearner implements CorrectionLearner {
  constructor(private readonly memories: MatchMemoryRepository) {}

  async learn(record: CorrectionRecord): Promise<void> {
    const correction = record.correction;
    if (correction.kind !== 'bank-match') return;
    const matchCorrection: MatchCorrection = {
      importId: correction.entry.importId,
      entry: correction.entry,
      confirmedAt: record.recordedAt.slice(0, 10),
      ...(correction.relationNumber ? { relationNumber: correction.relationNumber } : {}),
      ...(correction.ledgerAccount ? { ledgerAccount: correction.ledgerAccount } : {}),
      ...(correction.vatCode ? { vatCode: correction.vatCode } : {}),
      ...(correction.invoiceNumbers ? { invoiceNumbers: correction.invoiceNumbers } : {}),
    };
    const memory = await this.memories.load(record.administration);
    const result = learn(memory, matchCorrection);
    await this.memories.save(record.administration, result.memory);
  }
}
