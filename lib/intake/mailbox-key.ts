import { MailboxKeyError } from './errors/index.ts';

export const MAILBOX_FOLDERS = ['purchase', 'sales', 'inbox-email'] as const;
export type MailboxFolder = (typeof MAILBOX_FOLDERS)[number];

export interface MailboxKey {
  /** The decoded object key. */
  key: string;
  administration: string;
  folder: MailboxFolder;
  /** The file name (last segment); sub-folders below the direction folder are allowed. */
  filename: string;
}

const ADMINISTRATION = /^[A-Za-z0-9_-]{1,20}$/;

/**
 * Reads `<ADM>/<purchase|sales|inbox-email>/<file>`. `administrations` are the codes this connector serves
 * (compared case-insensitively, as the mailbox prefixes are); the configured spelling is returned.
 */
export function parseMailboxKey(key: string, administrations: readonly string[]): MailboxKey {
  const parts = key.split('/');
  if (parts.length < 3 || parts.some((p) => p === '')) {
    throw new MailboxKeyError(
      key,
      `object key "${key}" is not <administration>/<purchase|sales|inbox-email>/<file>`,
    );
  }
  const [adm = '', folder = '', ...rest] = parts;
  if (!ADMINISTRATION.test(adm))
    throw new MailboxKeyError(key, `"${adm}" in object key "${key}" is not an administration code`);
  const administration = administrations.find((a) => a.toLowerCase() === adm.toLowerCase());
  if (!administration)
    throw new MailboxKeyError(
      key,
      `administration "${adm}" of object key "${key}" is not served by this connector`,
    );
  const known = MAILBOX_FOLDERS.find((f) => f === folder.toLowerCase());
  if (!known)
    throw new MailboxKeyError(
      key,
      `folder "${folder}" of object key "${key}" is not one of ${MAILBOX_FOLDERS.join(', ')}`,
    );
  return { key, administration, folder: known, filename: rest.at(-1) as string };
}
