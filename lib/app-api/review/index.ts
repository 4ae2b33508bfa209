export * from './book-invoice.ts';
export * from './correction-recording.ts';
export * from './match-bank-line.ts';
export * from './resend-event.ts';
export * from './review-detail.ts';
export * from './review-item.ts';
export * from './review-routes.ts';
export * from './review-services.ts';
