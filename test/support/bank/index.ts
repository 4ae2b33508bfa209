/** Test and benchmark helpers for bank matching: seeded Dutch data, CAMT.053 fixtures, quality measures. */
export {
  CAMT053_VERSIONS,
  type Camt053Version,
  type Camt053WriterOptions,
  toCamt053,
} from './camt053-writer.ts';
export {
  createDutchWorld,
  type DutchWorld,
  type EntryKind,
  type EntryTruth,
  type GeneratedMonth,
  type GeneratedRelation,
  generateDutchMatchingData,
  generateMonth,
  LEDGER,
  type MonthOptions,
  type WorldOptions,
} from './dutch-data-generator.ts';
export { SeededRandom } from './prng.ts';
export { isCorrectDecision, measureWarmQuality, type QualityResult } from './quality.ts';
