export * from './mail-errors.ts';
export * from './mime-message.ts';
export * from './outgoing-mail.ts';
export * from './ses-mail-sender.ts';
