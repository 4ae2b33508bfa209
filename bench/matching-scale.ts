/**
 * Child process of the matching benchmark: parses the CAMT.053 files in a folder and matches them against
 * the open items there, so its peak memory is that of parse + match alone. Prints one JSON object.
 * Usage: tsx bench/matching-scale.ts DIR [worker|caller]
 *   worker (default): files are parsed on a worker thread ahead of the matcher, as `cashlink match` does;
 *   caller: parse and match one after the other on one thread (for comparison).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matcher, parseMemoryJson, parseOpenItems } from '../lib/bank/matching/index.ts';
import { parseStatementFilesAhead } from '../lib/bank/parsers/ahead/index.ts';

/** User + system CPU time in ms of the whole process (all threads, the garbage collector's included). */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return Math.round((usage.user + usage.system) / 1000);
}

async function runScale(dir: string, thread: 'worker' | 'caller'): Promise<Record<string, number>> {
  const openItems = parseOpenItems(JSON.parse(readFileSync(join(dir, 'open-items.json'), 'utf8'))).items;
  const memory = parseMemoryJson(readFileSync(join(dir, 'memory.json'), 'utf8'));
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => join(dir, name));
  const rssBefore = process.memoryUsage().rss;
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const parsed = parseStatementFilesAhead(files, { thread });
  const matcher = new Matcher(openItems, memory);
  const indexedAt = performance.now();
  let entries = 0;
  let automatic = 0;
  let waitedMs = 0;
  let waitStarted = performance.now();
  for await (const file of parsed) {
    waitedMs += performance.now() - waitStarted;
    if (!file.readable) throw new Error(`${file.file}: ${file.error}`);
    for (const statement of file.result.statements) {
      for (const entry of statement.entries) {
        entries++;
        if (matcher.match(entry).decision === 'auto') automatic++;
      }
    }
    waitStarted = performance.now();
  }
  const finished = performance.now();
  const cpuTotal = process.cpuUsage(cpuStarted);
  return {
    entries,
    openItems: openItems.length,
    automatic,
    indexMs: Math.round(indexedAt - started),
    // Time the matcher waited for parsed files (all of the parsing when it runs on the caller's thread).
    waitedForParseMs: Math.round(waitedMs),
    totalMs: Math.round(finished - started),
    totalCpuMs: cpuMs(cpuTotal),
    rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const [dir, thread = 'worker'] = process.argv.slice(2);
if (!dir || (thread !== 'worker' && thread !== 'caller')) {
  process.stderr.write('usage: tsx bench/matching-scale.ts DIR [worker|caller]\n');
  process.exitCode = 2;
} else {
  runScale(dir, thread).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
