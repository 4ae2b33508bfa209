/**
 * Child process of the matching benchmark: parses the CAMT.053 files in a folder and matches them against
 * the open items there, so its peak memory is that of parse + match alone. Prints one JSON object.
 * Usage: tsx bench/matching-scale.ts DIR
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matcher, parseMemoryJson, parseOpenItems } from '../lib/bank/matching/index.ts';
import { parseStatementFile } from '../lib/bank/parsers/index.ts';
import type { BankEntry } from '../lib/bank/statement.ts';

/** User + system CPU time in ms (includes the garbage collector's helper threads). */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return Math.round((usage.user + usage.system) / 1000);
}

function runScale(dir: string): Record<string, number> {
  const openItems = parseOpenItems(JSON.parse(readFileSync(join(dir, 'open-items.json'), 'utf8'))).items;
  const memory = parseMemoryJson(readFileSync(join(dir, 'memory.json'), 'utf8'));
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .sort();
  const rssBefore = process.memoryUsage().rss;
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const entries: BankEntry[] = [];
  for (const file of files) {
    const result = parseStatementFile(readFileSync(join(dir, file)), file);
    for (const statement of result.statements) entries.push(...statement.entries);
  }
  const parsedAt = performance.now();
  const cpuParsed = process.cpuUsage(cpuStarted);
  const matcher = new Matcher(openItems, memory);
  const indexedAt = performance.now();
  const cpuIndexed = process.cpuUsage(cpuStarted);
  let automatic = 0;
  for (const entry of entries) if (matcher.match(entry).decision === 'auto') automatic++;
  const finished = performance.now();
  const cpuTotal = process.cpuUsage(cpuStarted);
  return {
    entries: entries.length,
    openItems: openItems.length,
    automatic,
    parseMs: Math.round(parsedAt - started),
    indexMs: Math.round(indexedAt - parsedAt),
    matchMs: Math.round(finished - indexedAt),
    totalMs: Math.round(finished - started),
    parseCpuMs: cpuMs(cpuParsed),
    indexCpuMs: cpuMs(cpuIndexed) - cpuMs(cpuParsed),
    matchCpuMs: cpuMs(cpuTotal) - cpuMs(cpuIndexed),
    totalCpuMs: cpuMs(cpuTotal),
    rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx bench/matching-scale.ts DIR\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(runScale(dir))}\n`);
}
