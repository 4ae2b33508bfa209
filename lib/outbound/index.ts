export * from './delivery-cursor.ts';
export * from './delivery-record.ts';
export * from './delivery-store.ts';
export * from './delivery-target.ts';
