export * from './sales-invoice-issuer.ts';
export * from './sales-invoice-request.ts';
export * from './sales-invoice-routes.ts';
