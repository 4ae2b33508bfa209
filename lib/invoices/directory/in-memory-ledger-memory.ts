import type { LedgerChoice, LedgerMemory } from './party-directory.ts';

/** LedgerMemory held in memory; a later correction overrides only the fields it sets. */
export class InMemoryLedgerMemory implements LedgerMemory {
  readonly #choices = new Map<string, LedgerChoice>();

  async get(relationKey: string): Promise<LedgerChoice | undefined> {
    const choice = this.#choices.get(relationKey);
    return choice ? { ...choice } : undefined;
  }

  async learn(relationKey: string, choice: LedgerChoice): Promise<void> {
    const previous = this.#choices.get(relationKey) ?? {};
    this.#choices.set(relationKey, {
      ...previous,
      ...(choice.ledgerAccount !== undefined ? { ledgerAccount: choice.ledgerAccount } : {}),
      ...(choice.costCentre !== undefined ? { costCentre: choice.costCentre } : {}),
    });
  }
}
