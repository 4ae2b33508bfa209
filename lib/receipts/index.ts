export * from './ocr-packages.ts';
export * from './package-file-resolver.ts';
export * from './receipt-amounts.ts';
export * from './receipt-date.ts';
export * from './receipt-file.ts';
export * from './receipt-ocr.ts';
export * from './receipt-ocr-error.ts';
export * from './receipt-text-parser.ts';
