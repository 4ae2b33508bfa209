export * from './credit-note-form.tsx';
export * from './email-address.ts';
export * from './invoice-email-form.tsx';
export * from './sales-invoice-list.tsx';
