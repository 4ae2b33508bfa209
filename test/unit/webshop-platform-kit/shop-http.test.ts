import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decimalRate,
  decimalToCents,
  retryAfterMs,
  ShopHttp,
} from '../../../lib/webshop/platform-kit/index.ts';
import { ShopApiError } from '../../../lib/webshop/shop-api-error.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<URL> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/x?a=1`);
}

describe('ShopHttp budgets and Retry-After', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    // Prepare
    const now = Date.parse('2026-10-30T12:00:00Z');
    // Act / Assess
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Fri, 30 Oct 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('stops reading an answer over the size budget and names no more than path and query', async () => {
    // Prepare
    const url = await serve((_req, res) => res.end('x'.repeat(5000)));
    const http = new ShopHttp({ platform: 'test', maxResponseBytes: 1000 });
    // Act
    const error = await http.exchange({ method: 'GET', url, headers: {} }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(ShopApiError);
    expect((error as ShopApiError).details).toMatchObject({ path: '/api/x?a=1', status: 200 });
  });

  it('gives up after the time budget, retryably', async () => {
    // Prepare
    const url = await serve(() => undefined);
    const http = new ShopHttp({ platform: 'test', timeoutMs: 200 });
    // Act
    const error = await http.exchange({ method: 'GET', url, headers: {} }).catch((caught: unknown) => caught);
    // Assess
    expect(error).toMatchObject({ retryable: true, details: { path: '/api/x?a=1' } });
  });

  it('reads decimals exactly and refuses what is not one', () => {
    expect(decimalToCents('0.125')).toEqual({ ok: true, cents: 13, exact: false });
    expect(decimalToCents('-0.005')).toEqual({ ok: true, cents: -1, exact: false });
    expect(decimalToCents(0.1 + 0.2)).toMatchObject({ ok: true, cents: 30 });
    expect(decimalToCents('1,50')).toMatchObject({ ok: false });
    expect(decimalToCents(Number.NaN)).toMatchObject({ ok: false });
    expect(decimalRate('21.000')).toBe('21');
    expect(decimalRate(5.5)).toBe('5.5');
    expect(decimalRate('-1')).toBeUndefined();
  });
});
