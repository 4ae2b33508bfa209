export * from './dynamo-receipt-records.ts';
export * from './receipt-routes.ts';
export * from './receipt-stores.ts';
export * from './s3-receipt-mailbox.ts';
