import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ccvshopDate, ccvshopHash, ccvshopPlatform } from '../../../lib/webshop/ccvshop/index.ts';
import { lightspeedPlatform } from '../../../lib/webshop/lightspeed/index.ts';

const now = new Date('2026-12-02T16:34:56Z');

describe('CCV Shop signatures', () => {
  // Vectors computed outside the code (openssl dgst -sha512 -hmac) from the SDK's algorithm in BaseEndpoint.php.
  it.each([
    {
      method: 'GET',
      uri: '/api/rest/v1/orders?start=0&size=25',
      body: '',
      hash: '7664074b70fbc12d0ac2a05c8d2d1c907e70387be260b7cf59506d0b96867bfe11ae19d8bc9a4a139fa4e23f1de90ff1cea4c4a55ee7bda3896a18c1ea413e66',
    },
    {
      method: 'POST',
      uri: '/api/rest/v1/products',
      body: '{"name":"Koffie","price":12.1}',
      hash: 'a53149357670ca5d8513cf7ab3ae11b0478783a85cb4c0e49e9edf74ccea32739ba869868414b3ab87f8c4dcda4db6627d30ed1b04f49e00a2d9ce71daf4ac8a',
    },
  ])('hashes $method $uri like the SDK', ({ method, uri, body, hash }) => {
    // Act
    const date = ccvshopDate(now);
    const result = ccvshopHash({ publicKey: 'pubkey123', secret: 'secret456', method, uri, body, date });

    // Assess
    expect(date).toBe('2026-12-02T16:34:56+00:00');
    expect(result).toBe(hash);
  });

  const body = Buffer.from('{"id":820001,"event":"orders.created"}');
  const signed = createHmac('sha512', 'webhook-key').update(body).digest('hex');

  it.each([
    { name: 'a signed delivery', headers: { 'x-hash': signed, 'x-date': ccvshopDate(now) }, ok: true },
    { name: 'upper-case hex', headers: { 'x-hash': signed.toUpperCase() }, ok: true },
    { name: 'no x-hash', headers: {}, reason: 'unsigned' },
    { name: 'a wrong hash', headers: { 'x-hash': signed.replace(/^./, '0') }, reason: 'bad-signature' },
    { name: 'a short hash', headers: { 'x-hash': 'abc' }, reason: 'bad-signature' },
    {
      name: 'an old x-date',
      headers: { 'x-hash': signed, 'x-date': '2026-12-02T15:00:00+00:00' },
      reason: 'stale',
    },
    { name: 'an unreadable x-date', headers: { 'x-hash': signed, 'x-date': 'gisteren' }, reason: 'stale' },
  ])('webhook: $name', ({ headers, ok, reason }) => {
    // Act
    const verdict = ccvshopPlatform.verifyWebhook({ rawBody: body, headers, secret: 'webhook-key', now });

    // Assess
    if (ok) expect(verdict.ok).toBe(true);
    else expect(verdict).toMatchObject({ ok: false, reason });
  });
});

describe('Lightspeed webhooks', () => {
  // md5 of the raw body followed by the secret, computed with md5sum.
  const raw = Buffer.from('{"order":{"id":1,"priceIncl":8.680000000000001}}');
  const signature = 'e2df3e7e8eaf64263840cb0cef4bc7f8';

  it.each([
    { name: 'the raw body', body: raw, headers: { 'x-signature': signature }, ok: true },
    { name: 'no X-Signature', body: raw, headers: {}, reason: 'unsigned' },
    {
      name: 'a wrong secret',
      body: raw,
      headers: { 'x-signature': signature },
      secret: 'other',
      reason: 'bad-signature',
    },
    {
      name: 're-serialised JSON (same content, other bytes)',
      body: Buffer.from(JSON.stringify(JSON.parse(raw.toString()), null, 1)),
      headers: { 'x-signature': signature },
      reason: 'bad-signature',
    },
    {
      name: 'a body with a changed amount',
      body: Buffer.from('{"order":{"id":1,"priceIncl":9.68}}'),
      headers: { 'x-signature': signature },
      reason: 'bad-signature',
    },
  ])('$name', ({ body, headers, secret, ok, reason }) => {
    // Act
    const verdict = lightspeedPlatform.verifyWebhook({
      rawBody: body,
      headers,
      secret: secret ?? 'topsecret',
      now,
    });

    // Assess
    if (ok) expect(verdict.ok).toBe(true);
    else expect(verdict).toMatchObject({ ok: false, reason });
  });
});
