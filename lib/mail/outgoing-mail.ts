/** One address of a message: the address itself (ASCII, as SES takes it) and an optional display name. */
export interface MailAddress {
  address: string;
  /** Shown by mail programs; any Unicode (encoded in the header as RFC 2047 words when needed). */
  name?: string;
}

/** A file sent with the message (base64 in the MIME body). */
export interface MailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

/** A message as cashlink sends it: plain text with attachments. */
export interface OutgoingMail {
  from: MailAddress;
  to: MailAddress[];
  replyTo?: MailAddress[];
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

/** What the sending service answered: its id of the message (SES's MessageId). */
export interface SentMail {
  messageId: string;
}

/** Sends a message; throws MailSendError (with the service's error as `cause`) when it is not taken. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<SentMail>;
}
