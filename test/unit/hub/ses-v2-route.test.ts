import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isVerifiedSender,
  SES_MESSAGE_LIMIT_BYTES,
  SesV2Route,
} from '../../../hub/emulators/ses-v2-route.ts';

const outbox = mkdtempSync(join(tmpdir(), 'cashlink-ses-unit-'));
afterAll(() => rmSync(outbox, { recursive: true, force: true }));

const route = new SesV2Route({
  outboxDir: outbox,
  verifiedIdentities: ['demo.example', 'los@elders.example'],
  configurationSets: [],
  region: 'eu-west-1',
  now: () => new Date('2026-12-02T08:00:00Z'),
});
const PATH = '/v2/email/outbound-emails';
const raw = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n')).toString('base64');
const send = (request: unknown) => route.answer('POST', PATH, Buffer.from(JSON.stringify(request)));
const MESSAGE = 'From: Demo <facturen@demo.example>\nTo: klant@example.nl\nSubject: Test\n\nHallo\n';

describe('Class: SesV2Route', () => {
  it('stores a raw message as .eml and answers a MessageId', async () => {
    // Act
    const answer = await send({ Content: { Raw: { Data: raw(MESSAGE) } } });

    // Assess
    expect(answer.status).toBe(200);
    const { MessageId } = JSON.parse(answer.body);
    const file = readdirSync(outbox).find((f) => f.includes(MessageId)) as string;
    expect(file).toMatch(/^2026-12-02T08-00-00-000Z-0102[0-9a-f]{16}-.+-000000\.eml$/);
    expect(readFileSync(join(outbox, file), 'utf8')).toContain('Subject: Test');
  });

  it('writes Simple text content as a MIME message', async () => {
    // Act
    const answer = await send({
      FromEmailAddress: 'los@elders.example',
      Destination: { ToAddresses: ['klant@example.nl'] },
      Content: { Simple: { Subject: { Data: 'Één' }, Body: { Text: { Data: 'Tekst' } } } },
    });

    // Assess
    expect(answer.status).toBe(200);
  });

  const many = Array.from({ length: 51 }, (_, i) => `k${i}@example.nl`);
  it.each([
    ['another path', 'GET', '/v2/email/identities', '{}', 404, 'UnknownOperationException'],
    ['a body that is no JSON', 'POST', PATH, '{', 400, 'SerializationException'],
    ['no content', 'POST', PATH, '{}', 400, 'BadRequestException'],
    [
      'Raw and Simple at once',
      'POST',
      PATH,
      JSON.stringify({ Content: { Raw: { Data: '' }, Simple: {} } }),
      400,
      'BadRequestException',
    ],
    [
      'Raw that is not base64',
      'POST',
      PATH,
      JSON.stringify({ Content: { Raw: { Data: '%%%' } } }),
      400,
      'SerializationException',
    ],
    [
      'a raw message without From',
      'POST',
      PATH,
      JSON.stringify({ Content: { Raw: { Data: raw('To: a@b.nl\n\nx') } } }),
      400,
      'MessageRejected',
    ],
    [
      'no recipient',
      'POST',
      PATH,
      JSON.stringify({ Content: { Raw: { Data: raw('From: facturen@demo.example\n\nx') } } }),
      400,
      'MessageRejected',
    ],
    [
      '51 recipients',
      'POST',
      PATH,
      JSON.stringify({ Destination: { ToAddresses: many }, Content: { Raw: { Data: raw(MESSAGE) } } }),
      400,
      'MessageRejected',
    ],
    [
      'an unverified sender',
      'POST',
      PATH,
      JSON.stringify({ FromEmailAddress: 'x@demo.example.evil', Content: { Raw: { Data: raw(MESSAGE) } } }),
      400,
      'MessageRejected',
    ],
    [
      'an unknown configuration set',
      'POST',
      PATH,
      JSON.stringify({ ConfigurationSetName: 'x', Content: { Raw: { Data: raw(MESSAGE) } } }),
      404,
      'NotFoundException',
    ],
  ])('answers %s as SES does', async (_name, method, path, body, status, type) => {
    // Act
    const answer = await route.answer(method, path, Buffer.from(body));

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.headers['x-amzn-errortype']).toBe(type);
    expect(typeof JSON.parse(answer.body).message).toBe('string');
  });

  it('refuses a message over 40 MB and a request over its limit', async () => {
    // Prepare
    const big = Buffer.alloc(SES_MESSAGE_LIMIT_BYTES + 1, 65).toString('base64');

    // Act
    const over = await send({ Content: { Raw: { Data: big } } });
    const unread = await route.answer('POST', PATH, undefined);

    // Assess
    expect(JSON.parse(over.body).message).toContain('40 MB');
    expect([over.status, unread.status]).toEqual([400, 400]);
    expect(unread.headers['x-amzn-errortype']).toBe('MessageRejected');
  });

  it.each([
    ['an address at the domain', 'a@demo.example', true],
    ['an address at a subdomain', 'a@mail.demo.example', true],
    ['a look-alike domain', 'a@notdemo.example', false],
    ['the verified address', 'LOS@elders.example', true],
    ['another address at its domain', 'ander@elders.example', false],
  ])('isVerifiedSender: %s', (_name, address, verified) => {
    // Act / Assess
    expect(isVerifiedSender(address, ['demo.example', 'los@elders.example'])).toBe(verified);
  });
});
