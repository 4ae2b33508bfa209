import { createHash } from 'node:crypto';
import type { JournalEntryBook, NormalizedEvent, RelationUpsert } from '../../events/index.ts';
import { createEvent, formatIssues, toFieldIssues } from '../../events/index.ts';
import { sanitizeAttachmentName } from './attachment-name.ts';
import type { InvoiceContext, InvoiceFileInput } from './context.ts';
import type { LedgerChoice, PartyQuery } from './directory/party-directory.ts';
import { normaliseIban, normaliseKvk, normaliseName, normaliseVatId } from './directory/party-directory.ts';
import { InvoiceError, InvoiceStoreError } from './errors.ts';
import type { Finding } from './findings.ts';
import { fatal, hasFatal, ownRuleReviewReasons, warning } from './findings.ts';
import { extractInvoice } from './intake.ts';
import type { BookingResult, RelationTarget } from './mapping/book-invoice.ts';
import { amountToCents, bookInvoice } from './mapping/book-invoice.ts';
import type { EmbeddedFile, InvoiceDocument, InvoiceParty as ModelParty } from './model.ts';
import { documentTaxTotal, kvkOf, registeredNameOf, vatIdOf } from './model.ts';
import type { AttachmentInfo, InvoiceResult } from './result.ts';
import type { Direction } from './settings.ts';
import { validateInvoice } from './validation/validate-invoice.ts';

export const INVOICE_CONNECTOR = 'invoice-mailbox';

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function emptyResult(file: string): InvoiceResult {
  return {
    file,
    status: 'rejected',
    source: 'unknown',
    profile: null,
    documentType: null,
    invoiceNumber: null,
    issueDate: null,
    currency: null,
    party: null,
    totals: null,
    vatBreakdown: [],
    findings: [],
    events: [],
    attachments: [],
    reviewReasons: [],
    proposal: null,
    relationKey: null,
    dedupKey: null,
    duplicateOf: null,
    files: [],
  };
}

/** The party the booking is about: the supplier for purchases, the customer for sales. */
export function counterpartyOf(doc: InvoiceDocument, direction: Direction): ModelParty {
  return direction === 'purchase' ? doc.seller : doc.buyer;
}

function counterpartyIban(doc: InvoiceDocument, direction: Direction): string | undefined {
  if (direction === 'purchase') return doc.paymentMeans.find((pm) => pm.iban)?.iban;
  return doc.paymentMeans.find((pm) => pm.payerIban)?.payerIban;
}

/** Invoice numbers compared without case, spaces and separators: "INV 2026-001" = "inv2026001". */
export function normaliseInvoiceNumber(invoiceNumber: string): string {
  const compact = invoiceNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact || invoiceNumber.trim();
}

/** Identity keys of a party, strongest first; every one of them is a valid dedup anchor. */
function identityKeys(doc: InvoiceDocument, direction: Direction): string[] {
  const party = counterpartyOf(doc, direction);
  const keys: string[] = [];
  const vat = normaliseVatId(vatIdOf(party));
  const kvk = normaliseKvk(kvkOf(party));
  const iban = normaliseIban(counterpartyIban(doc, direction));
  const name = normaliseName(registeredNameOf(party));
  if (vat) keys.push(`vat:${vat}`);
  if (kvk) keys.push(`kvk:${kvk}`);
  if (iban) keys.push(`iban:${iban}`);
  if (name) keys.push(`name:${name}`);
  return keys;
}

function boundedId(id: string): string {
  return id.length <= 200
    ? id
    : `${id.slice(0, 150)}#${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

function relationData(doc: InvoiceDocument, direction: Direction): RelationUpsert {
  const party = counterpartyOf(doc, direction);
  const name = (registeredNameOf(party) ?? party.name ?? 'Onbekend').replace(/\s+/g, ' ').trim().slice(0, 35);
  const vatId = normaliseVatId(vatIdOf(party));
  const kvk = normaliseKvk(kvkOf(party));
  const iban = normaliseIban(counterpartyIban(doc, direction));
  const address = party.address;
  const email = party.endpointScheme === 'EM' ? party.endpointId : undefined;
  const candidate: RelationUpsert = {
    name,
    roles: [direction === 'purchase' ? 'supplier' : 'customer'],
    ...(address
      ? {
          address: {
            ...(address.street ? { street: address.street.slice(0, 60) } : {}),
            ...(address.postalCode ? { postalCode: address.postalCode.slice(0, 10) } : {}),
            ...(address.city ? { city: address.city.slice(0, 35) } : {}),
            ...(address.countryCode && /^[A-Z]{2}$/.test(address.countryCode)
              ? { countryCode: address.countryCode }
              : {}),
          },
        }
      : {}),
    ...(vatId && /^[A-Z]{2}[A-Z0-9+*.]{2,13}$/.test(vatId) ? { vatId } : {}),
    ...(kvk ? { kvk } : {}),
    ...(iban && /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban) ? { iban } : {}),
    ...(email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 80 ? { email } : {}),
  };
  return candidate;
}

function summarise(result: InvoiceResult, doc: InvoiceDocument, direction: Direction): void {
  const party = counterpartyOf(doc, direction);
  result.profile = doc.profile;
  result.documentType = doc.documentType;
  result.invoiceNumber = doc.invoiceNumber ?? null;
  result.issueDate = doc.issueDate ?? null;
  result.currency = doc.currency ?? null;
  result.party = {
    ...(registeredNameOf(party) ? { name: registeredNameOf(party) } : {}),
    ...(vatIdOf(party) ? { vatId: vatIdOf(party) } : {}),
    ...(kvkOf(party) ? { kvk: kvkOf(party) } : {}),
    ...(counterpartyIban(doc, direction) ? { iban: counterpartyIban(doc, direction) } : {}),
  };
  const taxTotal = documentTaxTotal(doc);
  result.totals = {
    netCents: amountToCents(doc.totals.taxExclusive),
    vatCents: amountToCents(taxTotal?.taxAmount),
    grossCents: amountToCents(doc.totals.taxInclusive),
    payableCents: amountToCents(doc.totals.payable),
  };
  result.vatBreakdown = (taxTotal?.subtotals ?? []).map((s) => ({
    category: s.vat.category,
    ratePercent: s.vat.ratePercent !== undefined ? Number(s.vat.ratePercent) : null,
    taxableCents: amountToCents(s.taxableAmount),
    vatCents: amountToCents(s.taxAmount),
  }));
}

function describeError(error: unknown): Finding {
  if (error instanceof InvoiceError) return fatal(error.rule, error.message, '/');
  const message = error instanceof Error ? error.message : String(error);
  return fatal('INTERNAL', `processing failed unexpectedly: ${message.slice(0, 300)}`, '/');
}

/** Runs a store call, turning its failure into an InvoiceStoreError. */
async function store<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new InvoiceStoreError(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * Takes one received file (UBL/CII XML, PDF, e-mail) through parse → validate → map and returns what
 * would be booked. Pure apart from the context's stores; every problem with the document is a finding.
 * Only a failing store (InvoiceStoreError) is thrown, so the caller retries instead of losing the file.
 */
export async function processInvoiceFile(
  input: InvoiceFileInput,
  ctx: InvoiceContext,
): Promise<InvoiceResult> {
  const result = emptyResult(input.filename);
  try {
    await processInto(result, input, ctx);
  } catch (error) {
    // A failing store is retried by the caller; only document problems become findings.
    if (error instanceof InvoiceStoreError) throw error;
    result.status = 'rejected';
    result.events = [];
    result.findings.push(describeError(error));
  }
  return result;
}

async function processInto(
  result: InvoiceResult,
  input: InvoiceFileInput,
  ctx: InvoiceContext,
): Promise<void> {
  const { settings } = ctx;
  const parties = { find: (query: PartyQuery) => store('party lookup', () => ctx.parties.find(query)) };
  const extracted = await extractInvoice(input, settings, parties);
  result.source = extracted.source;
  result.findings.push(...extracted.findings);
  const doc = extracted.document;
  const files: EmbeddedFile[] = [...extracted.files, ...(doc?.attachments ?? [])];
  result.files = files;
  result.attachments = files.map(
    (f): AttachmentInfo => ({
      filename: f.filename,
      mimeType: f.mimeType,
      bytes: f.content.byteLength,
      sha256: sha256(f.content),
    }),
  );
  if (!doc) {
    result.status = hasFatal(result.findings) ? 'rejected' : 'review';
    if (result.status === 'review') result.reviewReasons.push(...extracted.reviewReasons);
    return;
  }
  summarise(result, doc, input.direction);
  if (doc.syntax !== 'pdf-text') result.findings.push(...validateInvoice(doc));
  if (hasFatal(result.findings)) {
    result.status = 'rejected';
    return;
  }

  // Who is it? The CASH mirror first (VAT id, KvK, IBAN, name), else a new relation or a review.
  const party = counterpartyOf(doc, input.direction);
  const match = await store('party lookup', () =>
    ctx.parties.find({
      vatId: vatIdOf(party),
      kvk: kvkOf(party),
      iban: counterpartyIban(doc, input.direction),
      name: registeredNameOf(party),
    }),
  );
  const identities = identityKeys(doc, input.direction);
  const identity = identities[0] ?? 'unknown';
  result.relationKey = match ? `rel:${match.relationNumber}` : identity;
  const reviewReasons = [...extracted.reviewReasons, ...ownRuleReviewReasons(result.findings)];
  let relation: RelationTarget = {};
  let relationEvent: NormalizedEvent | undefined;
  const base = {
    tenant: input.tenant,
    administration: input.administration,
    ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
  };
  const source = (externalId: string) => ({
    connector: INVOICE_CONNECTOR,
    externalId: boundedId(externalId),
    ...(input.document ? { document: input.document } : {}),
  });
  if (match) relation = { relationNumber: match.relationNumber };
  else if (identity === 'unknown')
    reviewReasons.push(
      `the ${input.direction === 'purchase' ? 'supplier' : 'customer'} cannot be identified (no VAT id, KvK, IBAN or name)`,
    );
  else if (settings.allowNewRelations) {
    const relationExternalId = boundedId(`relation:${input.direction}:${identity}`);
    relation = { relationRef: relationExternalId.slice(0, 80) };
    const data = relationData(doc, input.direction);
    try {
      relationEvent = createEvent({
        ...base,
        type: 'relation.upsert',
        source: source(relation.relationRef),
        data,
      });
    } catch (error) {
      const issues =
        error && typeof error === 'object' && 'issues' in error
          ? formatIssues(toFieldIssues(error as never, data))
          : String(error);
      reviewReasons.push(`the new relation could not be described: ${issues}`);
    }
  } else {
    const reason = `unknown ${input.direction === 'purchase' ? 'supplier' : 'customer'} "${registeredNameOf(party) ?? identity}" and new relations are not allowed`;
    result.findings.push(warning('CASHLINK-PARTY-UNKNOWN', reason, `/${doc.rootName}`));
    reviewReasons.push(reason);
  }

  // Learned ledger account / cost centre for this relation.
  // A choice learned while the party was still new sits under its identity key; the relation key wins.
  let learned: LedgerChoice | undefined;
  for (const key of [result.relationKey, ...identities]) {
    learned ??= await store('ledger memory', () => ctx.ledgerMemory.get(key));
  }
  const attachments: JournalEntryBook['attachments'] = files.slice(0, 20).map((f) => {
    const hash = sha256(f.content);
    // Names are sanitised at extraction; this keeps files from any other source within the schema too.
    const filename = sanitizeAttachmentName(f.filename, f.mimeType);
    return {
      filename,
      mimeType: f.mimeType.length >= 3 ? f.mimeType : 'application/octet-stream',
      location: input.attachmentLocation?.({ filename, sha256: hash }) ?? {
        key: `attachments/${hash}/${filename}`,
      },
      sha256: hash,
      bytes: f.content.byteLength,
    };
  });
  const booking: BookingResult = bookInvoice({
    document: doc,
    direction: input.direction,
    settings,
    relation,
    learned,
    attachments,
  });
  result.findings.push(...booking.findings);
  reviewReasons.push(...booking.reviewReasons);
  if (settings.reviewOnWarnings && result.findings.some((f) => f.severity === 'warning')) {
    reviewReasons.push('the document has warnings and the administration reviews those');
  }
  result.proposal = booking.entry ?? null;

  // The same invoice in any form: direction + any party identity + normalised number.
  const number = doc.invoiceNumber ? normaliseInvoiceNumber(doc.invoiceNumber) : undefined;
  const anchors = [...(match ? [`rel:${match.relationNumber}`] : []), ...identities];
  const dedupKeys = number ? anchors.map((a) => `${input.direction}|${doc.documentType}|${a}|${number}`) : [];
  result.dedupKey = dedupKeys[0] ?? null;
  const documentId = input.documentId ?? sha256(input.bytes);
  for (const key of dedupKeys) {
    const first = await store('duplicate registry', () => ctx.duplicates.seen(key));
    if (first !== undefined && first !== documentId) {
      result.status = 'duplicate';
      result.duplicateOf = first;
      result.findings.push(
        warning(
          'CASHLINK-DUPLICATE',
          `invoice ${doc.invoiceNumber} of this party was already received (document ${first})`,
          `/${doc.rootName}/cbc:ID`,
        ),
      );
      return;
    }
  }
  for (const key of dedupKeys)
    await store('duplicate registry', () => ctx.duplicates.remember(key, documentId));

  if (reviewReasons.length || !booking.entry) {
    result.status = 'review';
    result.reviewReasons = [...new Set(reviewReasons)];
    return;
  }
  const externalId = `${input.direction}:${dedupKeys[0] ?? documentId}`;
  try {
    const entryEvent = createEvent({
      ...base,
      type: 'journal-entry.book',
      source: source(externalId),
      data: booking.entry,
    });
    result.events = relationEvent ? [relationEvent, entryEvent] : [entryEvent];
    result.status = 'ok';
  } catch (error) {
    const issues =
      error && typeof error === 'object' && 'issues' in error
        ? formatIssues(toFieldIssues(error as never, booking.entry))
        : String(error);
    result.findings.push(
      warning(
        'CASHLINK-EVENT',
        `the booking does not form a valid journal entry: ${issues}`,
        `/${doc.rootName}`,
      ),
    );
    result.status = 'review';
    result.reviewReasons = [`the booking does not form a valid journal entry: ${issues}`];
  }
}

/** Feeds a person's correction back: the ledger account / cost centre becomes the default for that relation. */
export async function learnCorrection(
  ctx: Pick<InvoiceContext, 'ledgerMemory'>,
  relationKey: string,
  choice: { ledgerAccount?: string; costCentre?: string },
): Promise<void> {
  await ctx.ledgerMemory.learn(relationKey, choice);
}
