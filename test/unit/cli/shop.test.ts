import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/cli-io.ts';
import { run } from '../../../cli/commands/shop.ts';
import { main } from '../../../cli/main.ts';
import { corpusPath } from '../../support/corpus.ts';
import { describeWithCorpus } from '../../support/needs-shared.ts';

function captured() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) };
  return { io, stdout, stderr };
}

/** The fields issue 13 §3 asks of every line. */
const LINE_FIELDS = ['file', 'platform', 'orderId', 'status', 'totals', 'vatBreakdown', 'events', 'findings'];

function scratchFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cashlink-cli-shop-')), name);
  writeFileSync(file, content);
  return file;
}

const paidEuroOrder = {
  id: 88,
  number: '88',
  status: 'processing',
  currency: 'EUR',
  prices_include_tax: true,
  date_created_gmt: '2026-11-03T10:00:00',
  date_paid_gmt: '2026-11-03T10:01:00',
  total: '12.10',
  total_tax: '2.10',
  billing: { first_name: 'Piet', last_name: 'Klant', email: 'piet@example.nl', country: 'NL' },
  payment_method: 'stripe',
  line_items: [
    {
      id: 1,
      name: 'Mok',
      quantity: 1,
      sku: 'MOK',
      total: '10.00',
      total_tax: '2.10',
      taxes: [{ id: 1, total: '2.1' }],
    },
  ],
  tax_lines: [{ id: 5, rate_id: 1, tax_total: '2.10', shipping_tax_total: '0.00', rate_percent: 21 }],
  shipping_lines: [],
  fee_lines: [],
  refunds: [],
};

describeWithCorpus('cashlink shop over the WooCommerce corpus', () => {
  it('prints one line per order with the documented fields; USD orders are rejected naming the currency', async () => {
    // Prepare
    const { io, stdout } = captured();
    // Act
    const code = await run(
      [
        '--platform',
        'woocommerce',
        '--json',
        corpusPath('webshops', 'woocommerce', 'orders-list-response.json'),
      ],
      io,
    );
    // Assess
    expect(code).toBe(0);
    const lines = stdout.map((line) => JSON.parse(line));
    expect(lines.map((l) => l.orderId)).toEqual(['727', '723']);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(LINE_FIELDS));
      expect(line).toMatchObject({ platform: 'woocommerce', status: 'rejected' });
      expect(line.findings[0]).toMatchObject({ rule: 'currency', path: 'currency' });
    }
    expect(lines[0].totals).toEqual({ netCents: 2800, vatCents: 135, grossCents: 2935 });
  });
});

describe('cashlink shop', () => {
  it('prints the events of a paid order; --handel makes it a sales order', async () => {
    // Prepare
    const file = scratchFile('order.json', JSON.stringify(paidEuroOrder));
    const journal = captured();
    const handel = captured();
    // Act
    await run(['--platform', 'woocommerce', '--administration', 'SHOP1', '--json', file], journal.io);
    await run(['--platform=woocommerce', '--handel', '--json', file], handel.io);
    // Assess
    const [booked] = journal.stdout.map((line) => JSON.parse(line));
    expect(booked).toMatchObject({
      status: 'ok',
      orderId: '88',
      vatBreakdown: [{ ratePercent: '21', taxableCents: 1000, vatCents: 210 }],
    });
    expect(
      booked.events.map((e: { type: string; administration: string }) => [e.type, e.administration]),
    ).toEqual([
      ['journal-entry.book', 'SHOP1'],
      ['journal-entry.book', 'SHOP1'],
    ]);
    expect(JSON.parse(handel.stdout[0] as string).events.map((e: { type: string }) => e.type)).toEqual([
      'sales-order.create',
    ]);
  });

  it('prints a rejected line for a file that is not JSON or cannot be read, and goes on', async () => {
    // Prepare
    const broken = scratchFile('broken.json', '{"id": 1,');
    const { io, stdout, stderr } = captured();
    // Act
    const code = await run(
      [
        '--platform',
        'woocommerce',
        '--json',
        broken,
        join(tmpdir(), 'no-such-order.json'),
        scratchFile('ok.json', JSON.stringify([paidEuroOrder])),
      ],
      io,
    );
    // Assess
    expect(code).toBe(1);
    const lines = stdout.map((line) => JSON.parse(line));
    expect(lines.map((l) => l.status)).toEqual(['rejected', 'rejected', 'ok']);
    expect(lines[0].findings[0]).toMatchObject({ rule: 'not-json', path: '$' });
    expect(lines[1].findings[0]).toMatchObject({ rule: 'file-unreadable' });
    expect(stderr.join('\n')).toContain('cannot read no-such-order.json');
  });

  it.each([
    { argv: ['--platform', 'shopify', 'x.json'], message: 'unknown platform "shopify"' },
    { argv: ['x.json'], message: '--platform is required' },
    { argv: ['--platform', 'woocommerce'], message: 'no files given' },
    { argv: ['--platform', 'woocommerce', '--frobnicate', 'x.json'], message: 'unknown option --frobnicate' },
    { argv: ['--platform'], message: '--platform needs a platform name' },
  ])('usage error (exit 2): $message', async ({ argv, message }) => {
    const { io, stderr } = captured();
    expect(await run(argv, io)).toBe(2);
    expect(stderr.join('\n')).toContain(message);
    expect(stderr.join('\n')).toContain('usage: cashlink shop --platform');
  });

  it.each([
    ['magento', ['order-configurable-nl.json', 'orders-search-refunded.json']],
    ['prestashop', ['order-with-details.json', 'orders-empty.json', 'orders-rows-only.json']],
    ['lightspeed', ['order-webhook-b2c.json', 'orders-list.json', 'orders-broken.json']],
    ['ccvshop', ['order-b2c.json', 'orders-collection.json', 'orders-broken.json']],
  ])(
    'reads %s payloads (test/fixtures/webshops): every line has the fields §3 asks',
    async (platform, files) => {
      // Prepare
      const { io, stdout } = captured();
      const paths = files.map((file) =>
        fileURLToPath(new URL(`../../fixtures/webshops/${platform}/${file}`, import.meta.url)),
      );

      // Act
      const code = await run(['--platform', platform, '--json', ...paths], io);

      // Assess: one line per order, none lost, no crash
      expect(code).not.toBe(2);
      const lines = stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const line of lines) {
        expect(Object.keys(line)).toEqual(expect.arrayContaining(LINE_FIELDS));
        expect(line.platform).toBe(platform);
        expect(['ok', 'review', 'rejected', 'skipped']).toContain(line.status);
      }
      expect(new Set(lines.map((line) => line.file))).toEqual(
        new Set(paths.filter((path) => !path.endsWith('orders-empty.json'))),
      );
    },
  );

  it('uses the booking-settings defaults for a tenant without a shop, and says so', async () => {
    // Prepare
    const { io, stdout, stderr } = captured();
    // Act
    const code = await run(
      [
        '--platform',
        'woocommerce',
        '--tenant',
        'example-bv',
        '--json',
        scratchFile('o.json', JSON.stringify(paidEuroOrder)),
      ],
      io,
    );
    // Assess
    expect(code).toBe(0);
    expect(stderr[0]).toContain('booking-settings defaults used');
    expect(JSON.parse(stdout[0] as string).events[0].tenant).toBe('example-bv');
  });

  it('is reachable as `cashlink shop`', async () => {
    const { io, stderr } = captured();
    expect(await main(['shop', '--help'], io)).toBe(0);
    expect(stderr[0]).toMatch(/^usage: cashlink shop/);
  });
});
