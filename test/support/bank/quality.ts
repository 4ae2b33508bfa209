import type { MatchDecision, MatcherOptions, OpenItem } from '../../../lib/bank/matching/index.ts';
import { emptyMemory, learnAll, Matcher } from '../../../lib/bank/matching/index.ts';
import { createDutchWorld, type EntryTruth, generateMonth } from './dutch-data-generator.ts';
import { SeededRandom } from './prng.ts';

export interface QualityResult {
  entries: number;
  automatic: number;
  correct: number;
  precision: number;
  automation: number;
}

/** How the matcher is set up for a quality run. */
export interface QualityScenario {
  seed: number;
  customers?: number;
  suppliers?: number;
  /** `warm`: the corrections of month one learned; `cold`: no memory and no IBAN in the open items. */
  memory: 'warm' | 'cold';
  /** Share of open items left out of the input (0–1), chosen by seed: the ledger export is incomplete. */
  missingShare?: number;
  options?: MatcherOptions;
}

/**
 * The tenant set-up the quality figures are measured with: partial payments of a named invoice are booked
 * (the remainder stays open), and short payments up to 2 % of a named invoice settle it with a payment
 * difference. The matcher's own defaults book neither.
 */
export const QUALITY_TENANT_OPTIONS: MatcherOptions = {
  autoBookPartialPayments: true,
  shortPaymentTolerance: { basisPoints: 200 },
};

/** An automatic decision is right when it names the same ledger account, or the same relation and invoices. */
export function isCorrectDecision(decision: MatchDecision, truth: EntryTruth | undefined): boolean {
  if (!truth) return false;
  if (truth.ledgerAccount) return decision.ledgerAccount === truth.ledgerAccount;
  if (!truth.relationNumber || decision.relationNumber !== truth.relationNumber) return false;
  const got = decision.matches.map((match) => match.invoiceNumber).sort();
  const want = [...truth.invoiceNumbers].sort();
  return got.length === want.length && got.every((number, i) => number === want[i]);
}

function withoutShare(items: readonly OpenItem[], share: number, seed: number): OpenItem[] {
  if (share <= 0) return [...items];
  const r = new SeededRandom((seed * 31 + 7) >>> 0);
  return items.filter(() => !r.chance(share));
}

/** Generates a seeded world, matches its second month as the scenario says and counts right automatic bookings. */
export function measureQuality(scenario: QualityScenario): QualityResult {
  const world = createDutchWorld({
    seed: scenario.seed,
    customers: scenario.customers ?? 300,
    suppliers: scenario.suppliers ?? 60,
  });
  const first = generateMonth(world, { monthIndex: 0 });
  const second = generateMonth(world, { monthIndex: 1 });
  const memory =
    scenario.memory === 'warm' ? learnAll(emptyMemory(), first.corrections).memory : emptyMemory();
  const known =
    scenario.memory === 'warm' ? second.openItems : second.openItems.map((item) => ({ ...item, ibans: [] }));
  const openItems = withoutShare(known, scenario.missingShare ?? 0, scenario.seed);
  const matcher = new Matcher(openItems, memory, scenario.options ?? QUALITY_TENANT_OPTIONS);
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

/** Warm a memory on month one of a seeded world, measure month two (tenant options of the quality runs). */
export function measureWarmQuality(seed: number, customers = 300, suppliers = 60): QualityResult {
  return measureQuality({ seed, customers, suppliers, memory: 'warm' });
}

/** Adds up quality results of several runs. */
export function sumQuality(results: readonly QualityResult[]): QualityResult {
  const entries = results.reduce((sum, q) => sum + q.entries, 0);
  const automatic = results.reduce((sum, q) => sum + q.automatic, 0);
  const correct = results.reduce((sum, q) => sum + q.correct, 0);
  return {
    entries,
    automatic,
    correct,
    precision: automatic === 0 ? 1 : correct / automatic,
    automation: entries === 0 ? 0 : automatic / entries,
  };
}

/** The seeds and world size of the quality figures (`npm run bench matching`; test/unit/bank-matching/quality.test.ts asserts them). */
export const QUALITY_SEEDS = [20261, 20262, 20263];
export const QUALITY_WORLD = { customers: 1000, suppliers: 150 };

/** One quality figure over all seeds. */
export function qualityOver(scenario: Omit<QualityScenario, 'seed'>): QualityResult {
  return sumQuality(QUALITY_SEEDS.map((seed) => measureQuality({ seed, ...QUALITY_WORLD, ...scenario })));
}
