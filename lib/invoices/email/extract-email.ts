import { sanitizeAttachmentName } from '../attachment-name.ts';
import { ContainerError } from '../errors.ts';
import type { EmbeddedFile } from '../model.ts';

export interface EmailContent {
  subject?: string;
  from?: string;
  attachments: EmbeddedFile[];
}

export function looksLikeEmail(bytes: Uint8Array, filename: string, mimeType?: string): boolean {
  if (mimeType === 'message/rfc822' || /\.eml$/i.test(filename)) return true;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.byteLength, 2048)));
  return (
    /^(?:[A-Za-z-]+:[^\n]*\r?\n)+/.test(head) &&
    /^(?:MIME-Version|Content-Type|From|Received|Return-Path):/im.test(head) &&
    !head.trimStart().startsWith('<')
  );
}

/** Opens a MIME message and returns its attachments (inline parts with a file name included). */
export async function extractEmail(bytes: Uint8Array): Promise<EmailContent> {
  try {
    // Loaded on the first e-mail: mailparser and its charset tables are a quarter of a second to load,
    // which every function that may meet an e-mail would otherwise pay at its cold start.
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(Buffer.from(bytes), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    return {
      subject: mail.subject,
      from: mail.from?.text,
      attachments: mail.attachments.map((a, i) => ({
        filename: sanitizeAttachmentName(a.filename ?? `attachment-${i + 1}`, a.contentType),
        mimeType: a.contentType || 'application/octet-stream',
        content: new Uint8Array(a.content),
      })),
    };
  } catch (cause) {
    throw new ContainerError(
      'EMAIL-UNREADABLE',
      `the e-mail cannot be parsed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
