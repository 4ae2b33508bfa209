import type { MatchDecision } from '../matching/index.ts';
import { emptyMemory, learnAll, Matcher } from '../matching/index.ts';
import { createDutchWorld, type EntryTruth, generateMonth } from './dutch-data-generator.ts';

export interface QualityResult {
  entries: number;
  automatic: number;
  correct: number;
  precision: number;
  automation: number;
}

/** An automatic decision is right when it names the same ledger account, or the same relation and invoices. */
export function isCorrectDecision(decision: MatchDecision, truth: EntryTruth | undefined): boolean {
  if (!truth) return false;
  if (truth.ledgerAccount) return decision.ledgerAccount === truth.ledgerAccount;
  if (!truth.relationNumber || decision.relationNumber !== truth.relationNumber) return false;
  const got = decision.matches.map((match) => match.invoiceNumber).sort();
  const want = [...truth.invoiceNumbers].sort();
  return got.length === want.length && got.every((number, i) => number === want[i]);
}

/** Warm a memory on month one of a seeded world, measure month two. */
export function measureWarmQuality(seed: number, customers = 300, suppliers = 60): QualityResult {
  const world = createDutchWorld({ seed, customers, suppliers });
  const first = generateMonth(world, { monthIndex: 0 });
  const second = generateMonth(world, { monthIndex: 1 });
  const { memory } = learnAll(emptyMemory(), first.corrections);
  const matcher = new Matcher(second.openItems, memory);
  let automatic = 0;
  let correct = 0;
  for (const entry of second.entries) {
    const decision = matcher.match(entry);
    if (decision.decision !== 'auto') continue;
    automatic++;
    if (isCorrectDecision(decision, second.truth.get(entry.importId))) correct++;
  }
  return {
    entries: second.entries.length,
    automatic,
    correct,
    precision: automatic === 0 ? 1 : correct / automatic,
    automation: automatic / second.entries.length,
  };
}
