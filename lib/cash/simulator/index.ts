/**
 * CASH REST API 4.0 simulator: an HTTP stand-in used by integration tests, the chaos test, the benchmark and
 * the local hub. Start one with `new CashSimulator({ apiKeys: { key: ['DEMO'] } }).start()`.
 */
export { CashSimulator, errorXml, type ImportResult } from './cash-simulator.ts';
export {
  createDemoAdministration,
  DEMO_ADMINISTRATION_CODE,
  DEMO_OPENING_BOOKINGS,
  demoMasterData,
  ean13,
  nlIban,
} from './demo-administration.ts';
export { CashSimulatorError, SimulatorSnapshotError, UnknownAdministrationError } from './errors.ts';
export { EXPORTABLE_RECORDS, ExportRequestError, exportRecords, normalizeRecordKey } from './exports.ts';
export { type FaultDecision, FaultPlan, mulberry32 } from './fault-plan.ts';
export { type CheckedField, checkField, type FieldCheck } from './field-check.ts';
export {
  flattenImport,
  IMPORTABLE_RECORDS,
  type ImportOptions,
  type ImportOutcome,
  type ImportSummary,
  nextEntryNumber,
  processImport,
} from './import-processor.ts';
export * from './notation.ts';
export { parseServeArgs } from './serve.ts';
export { SlidingWindowLimiter } from './sliding-window-limiter.ts';
export type * from './types.ts';
