import { randomBytes } from 'node:crypto';
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { errorMessage } from '../runtime/error-message.ts';
import { MailMessageError, MailSendError, type MailSendFailure } from './mail-errors.ts';
import { buildMimeMessage } from './mime-message.ts';
import type { MailSender, OutgoingMail, SentMail } from './outgoing-mail.ts';

/** SES v2's limit for a message with attachments, after encoding. */
export const SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

export interface SesMailSenderOptions {
  /** SES configuration set for the message's events (bounces, complaints); none when absent. */
  configurationSetName?: string;
  now?: () => Date;
  /** Random hex for the Message-ID and boundary (tests pass a fixed one). */
  random?: () => string;
}

/** SES error names (SESv2 `SendEmail`) by what they mean for the person sending. */
const FAILURES: Record<string, MailSendFailure> = {
  MessageRejected: 'rejected',
  BadRequestException: 'rejected',
  MailFromDomainNotVerifiedException: 'sender-not-verified',
  NotFoundException: 'sender-not-verified',
  AccountSuspendedException: 'throttled',
  SendingPausedException: 'throttled',
  LimitExceededException: 'throttled',
  TooManyRequestsException: 'throttled',
};

/**
 * Sends through Amazon SES v2 (`SendEmail` with `Content.Raw`): the MIME message with its attachments is
 * built here, From, To and Reply-To go in the request as well, the configuration set when configured.
 */
export class SesMailSender implements MailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailSenderOptions = {},
  ) {}

  async send(mail: OutgoingMail): Promise<SentMail> {
    const random = this.options.random ?? (() => randomBytes(12).toString('hex'));
    const domain = mail.from.address.split('@')[1] ?? 'cashlink.invalid';
    const raw = Buffer.from(
      buildMimeMessage(mail, {
        date: (this.options.now ?? (() => new Date()))(),
        messageId: `${random()}@${domain}`,
        boundary: `=_cashlink_${random()}`,
      }),
      'ascii',
    );
    if (raw.byteLength > SES_MAX_MESSAGE_BYTES)
      throw new MailMessageError(
        'attachments',
        'message-size',
        `the message is ${raw.byteLength} bytes; SES takes at most ${SES_MAX_MESSAGE_BYTES}`,
      );
    try {
      const answer = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: mail.from.address,
          Destination: { ToAddresses: mail.to.map((a) => a.address) },
          ...(mail.replyTo?.length ? { ReplyToAddresses: mail.replyTo.map((a) => a.address) } : {}),
          Content: { Raw: { Data: raw } },
          ...(this.options.configurationSetName
            ? { ConfigurationSetName: this.options.configurationSetName }
            : {}),
        }),
      );
      if (!answer.MessageId)
        throw new MailSendError('unavailable', 'NoMessageId', 'SES answered no MessageId');
      return { messageId: answer.MessageId };
    } catch (error) {
      if (error instanceof MailSendError) throw error;
      const code = (error as { name?: string }).name ?? 'Error';
      // SES answers an unverified sender as MessageRejected "Email address is not verified. …".
      const failure =
        code === 'MessageRejected' && /not verified/i.test(errorMessage(error))
          ? 'sender-not-verified'
          : (FAILURES[code] ?? 'unavailable');
      throw new MailSendError(failure, code, `SES: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}
