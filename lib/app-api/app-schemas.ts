import { z } from 'zod';
import { DOCUMENT_STATUSES } from '../documents/index.ts';
import { APP_ROLES } from '../identity/app-user.ts';

/** The JSON the app routes answer, as zod schemas for the API description (the routes build these shapes). */
const Status = z.enum(DOCUMENT_STATUSES);
const Cents = z.number().int().describe('integer cents');
const IsoDate = z.string().describe('YYYY-MM-DD');
const Time = z.string().describe('ISO 8601, UTC');

export const AppUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().optional(),
  name: z.string().optional(),
  tenant: z.string(),
  role: z.enum(APP_ROLES),
  administrations: z.union([z.array(z.string()), z.literal('*')]),
});

export const MeSchema = z.object({
  user: AppUserSchema,
  tenant: z.string(),
  administrations: z.array(z.object({ code: z.string(), name: z.string() })),
});

export const ChoiceListSchema = z.object({
  items: z.array(z.object({ value: z.string(), label: z.string(), detail: z.string().optional() })),
});

export const DocumentSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['file', 'event']),
  type: z.string(),
  administration: z.string(),
  connector: z.string(),
  status: Status,
  title: z.string(),
  amountCents: Cents.optional(),
  currency: z.string().optional(),
  date: IsoDate.optional(),
  relationName: z.string().optional(),
  createdAt: Time,
  updatedAt: Time,
});

export const ReviewItemSchema = z.object({
  id: z.string(),
  kind: z.string().describe('invoice, bank-line or event (file: a file without an action here)'),
  administration: z.string(),
  connector: z.string(),
  status: Status,
  reasons: z.array(z.string()),
  title: z.string(),
  amountCents: Cents.optional(),
  currency: z.string().optional(),
  date: IsoDate.optional(),
  relationName: z.string().optional(),
  createdAt: Time,
});

const OriginalSchema = z.object({ href: z.string(), contentType: z.string(), name: z.string() });

export const AppDocumentSchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    administration: z.string(),
    type: z.string(),
    kind: z.enum(['file', 'event']).optional(),
    status: Status,
    source: z.record(z.string(), z.unknown()),
    attempts: z.number().int(),
    history: z.array(z.object({ status: Status, at: Time, note: z.string().optional() })),
    errors: z.array(z.record(z.string(), z.unknown())).optional(),
    cash: z.record(z.string(), z.unknown()).optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    proposal: z.unknown().optional(),
    eventIds: z.array(z.string()).optional(),
    createdAt: Time,
    updatedAt: Time,
    summary: DocumentSummarySchema,
    original: OriginalSchema.optional(),
    events: z.array(DocumentSummarySchema).optional(),
  })
  .loose();

const StartingPointLineSchema = z.object({
  invoiceNumber: z.string().max(40).optional(),
  text: z.string().max(25).describe('CASH rubriek 0306'),
});

const StartingPointSchema = z.object({
  proposal: z.object({
    date: z.string().optional().describe('YYYY-MM-DD, the invoice date'),
    description: z.string().max(60).optional(),
    reference: z.string().max(40).optional(),
    lines: z.array(StartingPointLineSchema).length(2).describe('the cost line and the creditor line'),
  }),
  foreignCurrency: z
    .string()
    .optional()
    .describe('the invoice currency when not EUR: the person enters the amounts in euros'),
});

export const ReviewDetailSchema = z.object({
  item: ReviewItemSchema,
  document: AppDocumentSchema,
  proposal: z.unknown().optional(),
  candidates: z.array(z.unknown()).optional(),
  event: z.unknown().optional().describe('the event as queued'),
  eventSchema: z.record(z.string(), z.unknown()).optional(),
  startingPoint: StartingPointSchema.optional().describe(
    'invoice without a proposal: the booking to start from (no journal, accounts or amounts)',
  ),
  errors: z.array(z.record(z.string(), z.unknown())),
  original: OriginalSchema.optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().optional().describe('pass as ?cursor= for the next page'),
  });

export const ActionAcceptedSchema = z.object({
  documentId: z.string(),
  status: z.string(),
  eventId: z.string().optional(),
  previousId: z.string().optional(),
  externalId: z.string().optional(),
  correction: z.object({ status: z.string(), message: z.string().optional() }).optional(),
});
