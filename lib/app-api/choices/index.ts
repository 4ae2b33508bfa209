export * from './choice.ts';
export * from './choices-routes.ts';
export * from './vat-code-choices.ts';
