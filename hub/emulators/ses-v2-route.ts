import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AwsEmulators, EndpointHandler } from '../../lib/local/aws-emulators.ts';
import { buildMimeMessage } from '../../lib/mail/index.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import { truncateText } from '../../lib/runtime/quoted-text.ts';
import type { BannerSection } from '../console/hub-console.ts';
import type { StackTemplate } from '../template/stack-template.ts';

export interface SesV2RouteOptions {
  /** Where each accepted message is written as `<time>-<MessageId>.eml`. */
  outboxDir: string;
  /** Identities verified for sending: addresses, or domains (which cover their subdomains' addresses). */
  verifiedIdentities: readonly string[];
  /** Configuration sets that exist; a message naming another is refused as SES does. */
  configurationSets: readonly string[];
  region: string;
  now?: () => Date;
  /** Told of each stored message (the console's line). */
  onSent?: (sent: { messageId: string; file: string; from: string; to: string[] }) => void;
}

export interface SesAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const PREFIX = '/v2/email/';
const SEND_PATH = /^\/v2\/email\/outbound-emails\/?(?:\?.*)?$/;
/** SES v2's message limit (with attachments, encoded), and the request's (base64 in JSON, plus room). */
export const SES_MESSAGE_LIMIT_BYTES = 40 * 1024 * 1024;
const REQUEST_LIMIT_BYTES = Math.ceil((SES_MESSAGE_LIMIT_BYTES * 4) / 3) + 1024 * 1024;
const MAX_RECIPIENTS = 50;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** The header block of a raw message, unfolded, by lowercase name (each occurrence). */
function rawHeaders(raw: Buffer): Map<string, string[]> {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** The addresses of an address header: `<a@b>` parts, or bare addresses. */
function addressesIn(values: readonly string[]): string[] {
  return values.flatMap((value) => {
    const bracketed = [...value.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].map((m) => m[1] as string);
    if (bracketed.length > 0) return bracketed;
    return [...value.matchAll(/[^\s,;<>"]+@[^\s,;<>"]+/g)].map((m) => m[0]);
  });
}

/** Whether `address` is covered: the address itself, its domain or a parent domain verified. */
export function isVerifiedSender(address: string, identities: readonly string[]): boolean {
  const lower = address.toLowerCase();
  const domain = lower.split('@')[1] ?? '';
  return identities.some((raw) => {
    const identity = raw.toLowerCase();
    if (identity.includes('@')) return identity === lower;
    return domain === identity || domain.endsWith(`.${identity}`);
  });
}

/**
 * Amazon SES v2's `SendEmail` (`POST /v2/email/outbound-emails`, restJson1) on the hub's emulator
 * endpoint. Validates as SES does — a sender (`FromEmailAddress` or the raw message's From), at least one
 * and at most 50 recipients, the 40 MB limit, a verified sender identity, an existing configuration set —
 * and answers SES's error shapes (`x-amzn-ErrorType`, `{ message }`): `MessageRejected`,
 * `BadRequestException`, `NotFoundException`. An accepted message is written to the outbox directory as an
 * `.eml` file (what a mail program opens) and answered with a MessageId.
 */
export class SesV2Route implements EndpointHandler {
  constructor(private readonly options: SesV2RouteOptions) {}

  matches(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(PREFIX);
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= REQUEST_LIMIT_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = size > REQUEST_LIMIT_BYTES ? undefined : Buffer.concat(chunks);
      void this.answer(req.method ?? 'GET', req.url ?? '/', body).then((answer) => {
        res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
      });
    });
  }

  /** The answer to one request; `body` undefined when it was over the request limit (pure of sockets). */
  async answer(method: string, path: string, body: Buffer | undefined): Promise<SesAnswer> {
    if (method !== 'POST' || !SEND_PATH.test(path))
      return this.error(
        404,
        'UnknownOperationException',
        `Unknown operation ${method} ${truncateText(path, 80)}`,
      );
    if (!body) return this.tooLarge();
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return this.error(400, 'SerializationException', `Could not parse the request: ${errorMessage(error)}`);
    }
    if (!isObject(request))
      return this.error(400, 'SerializationException', 'The request is not a JSON object');
    const content = request.Content;
    const kinds = isObject(content)
      ? ['Simple', 'Raw', 'Template'].filter((k) => content[k] !== undefined)
      : [];
    if (!isObject(content) || kinds.length !== 1)
      return this.error(
        400,
        'BadRequestException',
        'Content must have exactly one of Simple, Raw or Template',
      );
    const destination = isObject(request.Destination) ? request.Destination : {};
    const listed = [
      ...strings(destination.ToAddresses),
      ...strings(destination.CcAddresses),
      ...strings(destination.BccAddresses),
    ];
    const replyTo = strings(request.ReplyToAddresses);
    let raw: Buffer;
    let from = typeof request.FromEmailAddress === 'string' ? request.FromEmailAddress : undefined;
    let recipients = listed;
    if (isObject(content.Raw)) {
      const data = content.Raw.Data;
      if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data.replace(/\s+/g, '')))
        return this.error(400, 'SerializationException', 'Content.Raw.Data must be base64');
      raw = Buffer.from(data, 'base64');
      if (raw.length > SES_MESSAGE_LIMIT_BYTES) return this.tooLarge();
      const headers = rawHeaders(raw);
      from ??= addressesIn(headers.get('from') ?? [])[0];
      if (!from) return this.error(400, 'MessageRejected', "Missing required header 'From'.");
      if (recipients.length === 0)
        recipients = addressesIn([
          ...(headers.get('to') ?? []),
          ...(headers.get('cc') ?? []),
          ...(headers.get('bcc') ?? []),
        ]);
    } else if (isObject(content.Simple)) {
      if (!from) return this.error(400, 'BadRequestException', 'Missing required parameter FromEmailAddress');
      const simple = content.Simple;
      const subject = isObject(simple.Subject) ? simple.Subject.Data : undefined;
      const text = isObject(simple.Body) && isObject(simple.Body.Text) ? simple.Body.Text.Data : undefined;
      if (typeof subject !== 'string' || typeof text !== 'string')
        return this.error(
          400,
          'BadRequestException',
          'Content.Simple needs Subject.Data and Body.Text.Data (the hub writes text mail only)',
        );
      try {
        raw = Buffer.from(
          buildMimeMessage(
            {
              from: { address: from },
              to: listed.map((address) => ({ address })),
              replyTo: replyTo.map((address) => ({ address })),
              subject,
              text,
              attachments: [],
            },
            {
              date: this.now(),
              messageId: `${randomUUID()}@${this.options.region}.amazonses.com`,
              boundary: `=_ses_${randomBytes(8).toString('hex')}`,
            },
          ),
          'ascii',
        );
      } catch (error) {
        return this.error(400, 'BadRequestException', errorMessage(error));
      }
    } else {
      return this.error(400, 'BadRequestException', 'The hub stand-in does not send templated mail');
    }
    if (recipients.length === 0)
      return this.error(400, 'MessageRejected', 'Missing final destination: no recipients.');
    if (recipients.length > MAX_RECIPIENTS)
      return this.error(400, 'MessageRejected', 'Recipient count exceeds 50.');
    if (!isVerifiedSender(from, this.options.verifiedIdentities))
      return this.error(
        400,
        'MessageRejected',
        `Email address is not verified. The following identities failed the check in region ${this.options.region.toUpperCase()}: ${truncateText(from, 254)}`,
      );
    const set = request.ConfigurationSetName;
    if (set !== undefined && (typeof set !== 'string' || !this.options.configurationSets.includes(set)))
      return this.error(
        404,
        'NotFoundException',
        `Configuration set ${truncateText(String(set), 64)} does not exist.`,
      );

    const messageId = `0102${randomBytes(8).toString('hex')}-${randomUUID()}-000000`;
    const at = this.now().toISOString().replace(/[:.]/g, '-');
    const file = join(this.options.outboxDir, `${at}-${messageId}.eml`);
    await mkdir(this.options.outboxDir, { recursive: true });
    await writeFile(file, raw, { mode: 0o600 });
    this.options.onSent?.({ messageId, file, from, to: recipients });
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify({ MessageId: messageId }),
    };
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private tooLarge(): SesAnswer {
    return this.error(
      400,
      'MessageRejected',
      `Message length is more than ${SES_MESSAGE_LIMIT_BYTES} bytes (40 MB).`,
    );
  }

  private error(status: number, type: string, message: string): SesAnswer {
    return {
      status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': type,
        'x-amzn-requestid': randomUUID(),
      },
      body: JSON.stringify({ message }),
    };
  }
}

/** The tenant's sending configuration (`mailOutbound`) as the stack hands it to its functions. */
function mailOutboundOf(template: StackTemplate): { identity?: string; configurationSet?: string } {
  for (const fn of template.functions) {
    const raw = fn.environment.TENANT_CONFIG;
    if (typeof raw !== 'string') continue;
    try {
      const config = JSON.parse(raw) as {
        mailOutbound?: { enabled?: boolean; identity?: string; configurationSet?: string };
      };
      if (config.mailOutbound?.enabled) return config.mailOutbound;
    } catch {
      // Not this function's concern: the function itself reports a TENANT_CONFIG it cannot read.
    }
    return {};
  }
  return {};
}

/**
 * SES v2 on the emulator endpoint for the stack's functions: the tenant's `mailOutbound.identity` counts
 * as verified (in AWS it must be verified in SES), mail goes to `<stateDir>/mail/outbox/`.
 */
export function serveSesV2(
  emulators: AwsEmulators,
  options: {
    template: StackTemplate;
    stateDir: string;
    region: string;
    relative: (path: string) => string;
    onSent?: SesV2RouteOptions['onSent'];
  },
): { outboxDir: string; banner: BannerSection } {
  const outboxDir = join(options.stateDir, 'mail', 'outbox');
  const outbound = mailOutboundOf(options.template);
  emulators.serve(
    new SesV2Route({
      outboxDir,
      verifiedIdentities: outbound.identity ? [outbound.identity] : [],
      configurationSets: outbound.configurationSet ? [outbound.configurationSet] : [],
      region: options.region,
      ...(options.onSent ? { onSent: options.onSent } : {}),
    }),
  );
  return {
    outboxDir,
    banner: {
      title: 'E-mail (SES v2 stand-in)',
      rows: [
        ['sent mail', `${options.relative(outboxDir)}/ (.eml files; nothing leaves this machine)`],
        [
          'sender',
          outbound.identity
            ? `${outbound.identity} (verified here)`
            : 'none: set mailOutbound in the tenant file',
        ],
      ],
    },
  };
}
