/**
 * Matching benchmark: quality on a warm memory and speed at scale, on seeded generated Dutch data.
 * - precision of automatic bookings and automation rate: learn the corrections of a first month, then
 *   match the second month;
 * - time and peak memory to parse (CAMT.053, generated) and match 100,000 entries against ~50,000 open items.
 */

import { emptyMemory, learnAll, Matcher } from '../lib/bank/matching/index.ts';
import { parseStatementFile } from '../lib/bank/parsers/index.ts';
import type { BankEntry } from '../lib/bank/statement.ts';
import { toCamt053 } from '../lib/bank/testing/camt053-writer.ts';
import { createDutchWorld, generateMonth } from '../lib/bank/testing/dutch-data-generator.ts';
import { measureWarmQuality, type QualityResult } from '../lib/bank/testing/quality.ts';

function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

export async function benchMatching(): Promise<Record<string, number | string>> {
  const quality = [20261, 20262, 20263].map((seed) => measureWarmQuality(seed, 1000, 150));
  const sum = (pick: (q: QualityResult) => number) => quality.reduce((total, q) => total + pick(q), 0);
  const automatic = sum((q) => q.automatic);

  // Scale: ~50,000 open items and 100,000 entries, written as daily-sized CAMT.053 files of 5,000 entries.
  const world = createDutchWorld({ seed: 777, customers: 27_000, suppliers: 2_500 });
  const warmup = generateMonth(world, { monthIndex: 0 });
  const month = generateMonth(world, { monthIndex: 1, targetEntries: 100_000 });
  const entries: BankEntry[] = month.entries.slice(0, 100_000);
  const { memory } = learnAll(emptyMemory(), warmup.corrections);
  const files = chunk(entries, 5_000).map((part) =>
    new TextEncoder().encode(toCamt053('NL91ABNA0417164300', part)),
  );

  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const parsed: BankEntry[] = [];
  for (const [index, bytes] of files.entries()) {
    const result = parseStatementFile(bytes, `bench-${index}.xml`);
    for (const statement of result.statements) parsed.push(...statement.entries);
  }
  const parsedAt = performance.now();
  const cpuParsed = process.cpuUsage(cpuStarted);
  const matcher = new Matcher(month.openItems, memory);
  const indexedAt = performance.now();
  let autoAtScale = 0;
  for (const entry of parsed) if (matcher.match(entry).decision === 'auto') autoAtScale++;
  const finished = performance.now();
  const cpuTotal = process.cpuUsage(cpuStarted);

  return {
    'matching.precisionAuto': Number(
      (
        correctShare(
          sum((q) => q.correct),
          automatic,
        ) * 100
      ).toFixed(2),
    ),
    'matching.automationWarm': Number(((automatic / sum((q) => q.entries)) * 100).toFixed(2)),
    'matching.qualityEntries': sum((q) => q.entries),
    'matching.scale.entries': parsed.length,
    'matching.scale.openItems': month.openItems.length,
    'matching.scale.parseMs': Math.round(parsedAt - started),
    'matching.scale.indexMs': Math.round(indexedAt - parsedAt),
    'matching.scale.matchMs': Math.round(finished - indexedAt),
    'matching.scale.totalMs': Math.round(finished - started),
    // CPU time is steadier than wall time on a shared machine.
    'matching.scale.parseCpuMs': Math.round((cpuParsed.user + cpuParsed.system) / 1000),
    'matching.scale.totalCpuMs': Math.round((cpuTotal.user + cpuTotal.system) / 1000),
    'matching.scale.automation': Number(((autoAtScale / Math.max(1, parsed.length)) * 100).toFixed(2)),
    // Peak resident set of the whole process, generation included: an upper bound for parse + match.
    'matching.scale.peakRssMb': Math.round(process.resourceUsage().maxRSS / 1024),
    'matching.note':
      'precision/automation in %, warm memory = corrections of month 1 learned, measured on month 2',
  };
}

function correctShare(correct: number, automatic: number): number {
  return automatic === 0 ? 1 : correct / automatic;
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) {
  benchMatching().then((result) => {
    for (const [key, value] of Object.entries(result)) process.stdout.write(`${key}: ${value}\n`);
  });
}
