export { type ApiAuth, ApiClient, type Query, seg, withQuery } from './api-client.ts';
export { ApiError, type Problem, type ProblemDetail } from './api-error.ts';
export type * from './types.ts';
