import { z } from 'zod';
import { BankDenyListInput, BankRuleInput } from '../partner-api/bank-rules.ts';
import { NewKeyInput } from './api-keys/api-keys-routes.ts';
import type { AppOperationDoc } from './app-openapi.ts';
import { OrderInput } from './bank-rules/bank-rules-routes.ts';
import { DeliveryRetryInput } from './deliveries/deliveries-routes.ts';
import { ReplayInput, RunInput } from './runs/runs-routes.ts';
import { CreditNoteRequest } from './sales-invoices/credit-note-issuer.ts';
import { SalesInvoiceMailRequest } from './sales-invoices/sales-invoice-mail-request.ts';
import { SettingsInput } from './settings/settings-routes.ts';
import { ChangeInput, NewUserInput } from './users/users-routes.ts';

/** An answer whose fields `lib/app-api/CONTRACT.md` lists; the routes' own tests hold them to it. */
const Answer = z.looseObject({}).describe('JSON; fields as in the contract (lib/app-api/CONTRACT.md)');
/** A body each route checks with its own schema; a refusal names every field, rule and value. */
const Body = z.looseObject({}).describe('JSON; checked by the route, a refusal names field, rule and value');

type Row = [
  method: AppOperationDoc['method'],
  path: string,
  action: AppOperationDoc['action'],
  operationId: string,
  summary: string,
  body?: z.ZodType | 'json',
  answer?: 'file' | 202 | 201 | 204,
];

const ADM = '/v1/app/administrations/{administration}';

const ROWS: readonly Row[] = [
  [
    'GET',
    '/v1/app/overview',
    'read',
    'appOverview',
    'Per connector the last run, counts, silence, DLQ depth, chart',
  ],
  ['GET', '/v1/app/runs', 'read', 'appListRuns', 'Runs per connector, newest first'],
  [
    'POST',
    '/v1/app/runs/{connector}/run',
    'operate',
    'appRunNow',
    'Start a connector now (Lambda Invoke)',
    RunInput,
    202,
  ],
  [
    'POST',
    '/v1/app/runs/{connector}/replay',
    'operate',
    'appReplay',
    'Preview or send a period again; booked documents are skipped',
    ReplayInput,
  ],
  [
    'GET',
    '/v1/app/deliveries/targets',
    'read',
    'appDeliveryTargets',
    'The systems this stack delivers to, and whether a failed delivery can be sent again',
  ],
  [
    'GET',
    '/v1/app/deliveries',
    'read',
    'appListDeliveries',
    'Delivery records of one administration and target (?status=, paged), with the target’s answer',
  ],
  [
    'POST',
    '/v1/app/deliveries/retry',
    'operate',
    'appRetryDelivery',
    'Send a failed delivery again, with what the CASH mirror holds now',
    DeliveryRetryInput,
    202,
  ],
  ['GET', `${ADM}/bank-rules`, 'read', 'appListBankRules', 'The bank rules in the order they apply'],
  ['POST', `${ADM}/bank-rules`, 'act', 'appCreateBankRule', 'Add a bank rule', BankRuleInput, 201],
  [
    'POST',
    `${ADM}/bank-rules/order`,
    'act',
    'appOrderBankRules',
    'Set the order of the bank rules (every rule once)',
    OrderInput,
  ],
  [
    'GET',
    `${ADM}/bank-rules/suggestions`,
    'read',
    'appBankRuleSuggestions',
    'Rules the matcher suggests from confirmed lines',
  ],
  [
    'POST',
    `${ADM}/bank-rules/suggestions/{id}/accept`,
    'act',
    'appAcceptBankRuleSuggestion',
    'Accept a suggested rule',
  ],
  [
    'POST',
    `${ADM}/bank-rules/suggestions/{id}/decline`,
    'act',
    'appDeclineBankRuleSuggestion',
    'Decline a suggested rule',
  ],
  ['GET', `${ADM}/bank-rules/{id}`, 'read', 'appGetBankRule', 'One bank rule'],
  [
    'PUT',
    `${ADM}/bank-rules/{id}`,
    'act',
    'appUpdateBankRule',
    'Edit a bank rule (its place stays)',
    BankRuleInput,
  ],
  ['DELETE', `${ADM}/bank-rules/{id}`, 'act', 'appDeleteBankRule', 'Remove a bank rule', undefined, 204],
  [
    'GET',
    `${ADM}/bank-deny-list`,
    'read',
    'appGetBankDenyList',
    'IBANs and names never matched automatically',
  ],
  [
    'PUT',
    `${ADM}/bank-deny-list`,
    'act',
    'appPutBankDenyList',
    'Replace the deny-list (If-Match)',
    BankDenyListInput,
  ],
  [
    'GET',
    `${ADM}/settings`,
    'operate',
    'appGetSettings',
    'Connector settings and mappings with the overrides',
  ],
  [
    'PUT',
    `${ADM}/settings`,
    'operate',
    'appPutSettings',
    'Store overrides the connectors read at their next run',
    SettingsInput,
  ],
  ['GET', '/v1/app/users', 'operate', 'appListUsers', 'The users of the web app'],
  [
    'POST',
    '/v1/app/users',
    'operate',
    'appCreateUser',
    'Invite a user with a role and administrations',
    NewUserInput,
    201,
  ],
  [
    'PUT',
    '/v1/app/users/{username}',
    'operate',
    'appUpdateUser',
    'Change role, administrations or enabled',
    ChangeInput,
  ],
  [
    'DELETE',
    '/v1/app/users/{username}',
    'operate',
    'appDeleteUser',
    'Remove a user (never the last operator)',
    undefined,
    204,
  ],
  [
    'POST',
    `${ADM}/receipts`,
    'act',
    'appUploadReceipt',
    'Upload a receipt photo or PDF; OCR proposes date, total, VAT',
    'json',
    202,
  ],
  ['GET', `${ADM}/relations`, 'read', 'appListRelations', 'Customers and suppliers from the CASH mirror'],
  [
    'POST',
    `${ADM}/relations`,
    'act',
    'appCreateRelation',
    'Create a relation (relation.upsert)',
    'json',
    202,
  ],
  [
    'PUT',
    `${ADM}/relations/{relation}`,
    'act',
    'appUpdateRelation',
    'Edit a relation (relation.upsert)',
    'json',
    202,
  ],
  [
    'GET',
    `${ADM}/business-status`,
    'read',
    'appBusinessStatus',
    'Cash position, receivables and payables with ageing, month figures',
  ],
  ['GET', `${ADM}/hours`, 'read', 'appListHours', 'Registered hours'],
  [
    'POST',
    `${ADM}/hours`,
    'act',
    'appRegisterHours',
    'Register hours for a customer or project',
    'json',
    201,
  ],
  ['DELETE', `${ADM}/hours/{id}`, 'act', 'appDeleteHours', 'Remove hours not yet invoiced', undefined, 204],
  [
    'POST',
    `${ADM}/sales-invoices`,
    'act',
    'appIssueSalesInvoice',
    'Invoice hours and articles (booked through the writer)',
    'json',
    201,
  ],
  [
    'GET',
    `${ADM}/sales-invoices`,
    'read',
    'appListSalesInvoices',
    'Invoices and credit notes, highest number first (limit, cursor), with last mailing and booking status',
  ],
  ['GET', `${ADM}/sales-invoices/{id}`, 'read', 'appGetSalesInvoice', 'One sales invoice'],
  [
    'GET',
    `${ADM}/sales-invoices/{id}/pdf`,
    'read',
    'appSalesInvoicePdf',
    'The invoice or credit note as PDF',
    undefined,
    'file',
  ],
  [
    'GET',
    `${ADM}/sales-invoices/{id}/ubl`,
    'read',
    'appSalesInvoiceUbl',
    'The invoice or credit note as SI-UBL 2.0 (Invoice or CreditNote)',
    undefined,
    'file',
  ],
  [
    'POST',
    `${ADM}/sales-invoices/{id}/email`,
    'act',
    'appEmailSalesInvoice',
    'E-mail the invoice or credit note with its PDF and SI-UBL 2.0 (once; again: true sends again)',
    SalesInvoiceMailRequest,
  ],
  [
    'POST',
    `${ADM}/sales-invoices/{id}/credit-note`,
    'act',
    'appCreditSalesInvoice',
    'Credit an invoice (all of it, the lines given or lineIndexes): an SI-UBL 2.0 credit note, booked with inverted signs; hours of credited lines become invoiceable again',
    CreditNoteRequest,
    201,
  ],
  ['GET', '/v1/app/api-keys', 'operate', 'appListApiKeys', 'Partner API keys (never their secrets)'],
  [
    'POST',
    '/v1/app/api-keys',
    'operate',
    'appCreateApiKey',
    'Create a key; the answer shows its secret once',
    NewKeyInput,
    201,
  ],
  ['DELETE', '/v1/app/api-keys/{id}', 'operate', 'appRevokeApiKey', 'Revoke a key', undefined, 204],
];

/** The operations of the areas beyond the core (operator, intake, API keys), from one table. */
export const AREA_APP_OPERATIONS: readonly AppOperationDoc[] = ROWS.map(
  ([method, path, action, operationId, summary, body, answer]) => ({
    method,
    path,
    action,
    operationId,
    summary,
    ...(body ? { body: body === 'json' ? Body : body } : {}),
    response: {
      status: typeof answer === 'number' ? answer : 200,
      description: summary,
      schema: answer === 'file' ? 'file' : Answer,
    },
    problems: { '404': 'unknown item', '400': 'a field refused (named with its rule)' },
  }),
);
