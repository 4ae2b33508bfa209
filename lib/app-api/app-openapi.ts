import { z } from 'zod';
import type { AppAction } from '../identity/app-user.ts';
import {
  ActionAcceptedSchema,
  AppDocumentSchema,
  ChoiceListSchema,
  DocumentSummarySchema,
  MeSchema,
  pageOf,
  ReviewDetailSchema,
  ReviewItemSchema,
} from './app-schemas.ts';
import { AREA_APP_OPERATIONS } from './area-openapi.ts';
import { CHOICE_KINDS } from './choices/choices-routes.ts';
import { BookInvoiceBody } from './review/book-invoice.ts';
import { MatchBankLineBody } from './review/match-bank-line.ts';
import { ResendEventBody } from './review/resend-event.ts';

/** One operation of the app API as the API description shows it. */
export interface AppOperationDoc {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  action: AppAction;
  query?: Record<string, { schema: Record<string, unknown>; description?: string; required?: boolean }>;
  body?: z.ZodType;
  /** The success answer: a zod schema for JSON, or `file` for a download. */
  response: { status: number; description: string; schema: z.ZodType | 'file' };
  /** Problems besides the router's (401, 403, 404 unknown-route, 413, 415). */
  problems?: Record<string, string>;
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

const text = (max: number) => ({ type: 'string', maxLength: max });
const page = {
  limit: { schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
  cursor: {
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.~-]{1,2048}$' },
    description: 'nextCursor of the previous page',
  },
};
const administrationQuery = {
  administration: {
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,20}$' },
    description: 'all granted when absent',
  },
};

/** The core areas (api-core): me, choices, review, documents. */
export const CORE_APP_OPERATIONS: readonly AppOperationDoc[] = [
  {
    method: 'GET',
    path: '/v1/app/me',
    operationId: 'appGetMe',
    summary: 'Who is signed in, with the administrations granted',
    action: 'read',
    response: { status: 200, description: 'the user', schema: MeSchema },
  },
  {
    method: 'GET',
    path: '/v1/app/administrations/{administration}/choices',
    operationId: 'appGetChoices',
    summary:
      'Options for a form field from the CASH mirror (VAT codes from the settings), searched by code or name',
    action: 'read',
    query: {
      kind: { schema: { type: 'string', enum: [...CHOICE_KINDS] }, required: true },
      q: { schema: text(100) },
      limit: page.limit,
    },
    response: { status: 200, description: 'the options', schema: ChoiceListSchema },
  },
  {
    method: 'GET',
    path: '/v1/app/review',
    operationId: 'appListReview',
    summary: 'The review queue (Te beoordelen), oldest first',
    action: 'read',
    query: {
      ...administrationQuery,
      connector: { schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' } },
      kind: { schema: { type: 'string', enum: ['invoice', 'bank-line', 'event'] } },
      reason: { schema: text(100) },
      ...page,
    },
    response: { status: 200, description: 'one page of the queue', schema: pageOf(ReviewItemSchema) },
  },
  {
    method: 'GET',
    path: '/v1/app/review/{id}',
    operationId: 'appGetReview',
    summary: 'One waiting document with its proposal, candidates or event schema',
    action: 'read',
    response: { status: 200, description: 'the item', schema: ReviewDetailSchema },
    problems: { '404': 'unknown document, or of an administration not granted' },
  },
  {
    method: 'POST',
    path: '/v1/app/review/{id}/book',
    operationId: 'appBookInvoice',
    summary: 'Book a waiting invoice as confirmed or corrected; a changed ledger account is learned',
    action: 'act',
    body: BookInvoiceBody,
    response: { status: 202, description: 'sent to the writer', schema: ActionAcceptedSchema },
    problems: {
      '400': 'invalid booking, or one CASH would refuse',
      '404': 'unknown document',
      '409': 'not an invoice, or not waiting',
    },
  },
  {
    method: 'POST',
    path: '/v1/app/review/{id}/match',
    operationId: 'appMatchBankLine',
    summary: 'Match a waiting bank line to an open invoice or a ledger account (a bank-match correction)',
    action: 'act',
    body: MatchBankLineBody,
    response: { status: 202, description: 'learned and booked', schema: ActionAcceptedSchema },
    problems: {
      '400': 'invalid decision, or refused by the bank connector',
      '404': 'unknown document',
      '409': 'not a bank line, or not waiting',
    },
  },
  {
    method: 'POST',
    path: '/v1/app/review/{id}/resend',
    operationId: 'appResendEvent',
    summary:
      'Send a rejected or failed event again: the same data under its id, changed data under <old>#v<newVersion>',
    action: 'act',
    body: ResendEventBody,
    response: { status: 202, description: 'sent to the writer', schema: ActionAcceptedSchema },
    problems: {
      '400': 'invalid event data',
      '404': 'unknown document',
      '409': 'changed-needs-version, or not resendable',
    },
  },
  {
    method: 'GET',
    path: '/v1/app/documents',
    operationId: 'appListDocuments',
    summary: 'Documents, newest first, filtered and searched',
    action: 'read',
    query: {
      ...administrationQuery,
      status: { schema: { type: 'string' } },
      connector: { schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' } },
      kind: { schema: { type: 'string', enum: ['invoice', 'bank-line', 'bank-file', 'event', 'file'] } },
      from: { schema: { type: 'string', format: 'date' } },
      to: { schema: { type: 'string', format: 'date' } },
      minCents: { schema: { type: 'integer' } },
      maxCents: { schema: { type: 'integer' } },
      relation: { schema: text(100) },
      q: { schema: text(100) },
      ...page,
    },
    response: { status: 200, description: 'one page of documents', schema: pageOf(DocumentSummarySchema) },
  },
  {
    method: 'GET',
    path: '/v1/app/documents/{id}',
    operationId: 'appGetDocument',
    summary: 'One document with its history, errors and (for a file) its events',
    action: 'read',
    response: { status: 200, description: 'the document', schema: AppDocumentSchema },
    problems: { '404': 'unknown document, or of an administration not granted' },
  },
  {
    method: 'GET',
    path: '/v1/app/documents/{id}/original',
    operationId: 'appGetOriginal',
    summary: 'The original file (Content-Disposition: attachment)',
    action: 'read',
    response: { status: 200, description: 'the file', schema: 'file' },
    problems: {
      '404': 'unknown document, or no original',
      '422': 'the file is larger than a download here may be',
    },
  },
];

/** Every area's operations; each team adds its list here. */
export const APP_OPERATIONS: readonly AppOperationDoc[] = [...CORE_APP_OPERATIONS, ...AREA_APP_OPERATIONS];

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The OpenAPI paths of the app API, each operation with `bearerAuth` and the router's problems. */
export function appOpenApiPaths(
  operations: readonly AppOperationDoc[] = APP_OPERATIONS,
): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const pathParams = [...op.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = Object.entries(op.query ?? {}).map(([name, q]) => ({
      name,
      in: 'query',
      ...(q.required ? { required: true } : {}),
      ...(q.description ? { description: q.description } : {}),
      schema: q.schema,
    }));
    const success =
      op.response.status === 204
        ? { description: op.response.description }
        : op.response.schema === 'file'
          ? {
              description: op.response.description,
              content: {
                'application/octet-stream': {
                  schema: { type: 'string', contentMediaType: 'application/octet-stream' },
                },
              },
            }
          : {
              description: op.response.description,
              content: { 'application/json': { schema: jsonSchema(op.response.schema) } },
            };
    const entry = paths[op.path] ?? {};
    paths[op.path] = entry;
    entry[op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      description: `Needs a role that may ${op.action}${op.path.includes('{administration}') ? ' on the administration' : ''}.`,
      tags: ['web app'],
      security: [{ bearerAuth: [] }],
      ...(pathParams.length + queryParams.length > 0 ? { parameters: [...pathParams, ...queryParams] } : {}),
      ...(op.body
        ? {
            requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } },
          }
        : {}),
      responses: {
        [String(op.response.status)]: success,
        ...(op.query ? { '400': problem('invalid query parameters (each named with its rule)') } : {}),
        '401': problem('no token, or one that is not valid'),
        '403': problem('the role may not do this, or the administration is not granted'),
        ...(op.body
          ? { '413': problem('body over 1 MB'), '415': problem('the body is not application/json') }
          : {}),
        ...Object.fromEntries(Object.entries(op.problems ?? {}).map(([status, d]) => [status, problem(d)])),
      },
    };
  }
  return paths;
}

/** The security scheme of the app routes: the sign-in provider's access token. */
export const APP_BEARER_AUTH = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'the access token of the web app’s sign-in (Amazon Cognito, or the hub’s local provider)',
};
