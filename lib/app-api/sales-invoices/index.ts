export * from './credit-note-issuer.ts';
export * from './sales-invoice-issuer.ts';
export * from './sales-invoice-mail-request.ts';
export * from './sales-invoice-mailer.ts';
export * from './sales-invoice-request.ts';
export * from './sales-invoice-routes.ts';
