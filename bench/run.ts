/**
 * `npm run bench`: the numbers the README reports. Each part runs on its own and prints a table; a part
 * that fails prints its error and the run goes on.
 */
type Bench = () => Promise<Record<string, number | string>>;

const parts: Array<[string, () => Promise<Bench>]> = [
  ['CASH writer (simulator, 100 req/min)', async () => (await import('./writer.ts')).benchWriter as Bench],
  ['Invoices: parse + validate + map', async () => (await import('./invoices.ts')).benchInvoices as Bench],
  ['Bank matching', async () => (await import('./matching.ts')).benchMatching as Bench],
  ['Local hub start (hub-start)', async () => (await import('./hub-start.ts')).benchHubStart as Bench],
  [
    'Document queries: app API on the local hub (BENCH_DOCUMENTS, default 100,000)',
    async () => (await import('./document-queries.ts')).benchDocumentQueries as Bench,
  ],
  [
    'hub-latency: POST → booked on the local hub',
    async () => (await import('./hub-latency.ts')).benchHubLatency as Bench,
  ],
];

const only = process.argv.slice(2);
let failed = false;
for (const [name, load] of parts) {
  if (only.length > 0 && !only.some((o) => name.toLowerCase().includes(o.toLowerCase()))) continue;
  console.log(`\n## ${name}`);
  try {
    const run = await load();
    const result = await run();
    for (const [key, value] of Object.entries(result)) console.log(`  ${key.padEnd(48)} ${value}`);
  } catch (error) {
    failed = true;
    console.log(`  failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
