import { z } from 'zod';

/** ISO calendar date, `YYYY-MM-DD`, checked to be a real day. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date');

export const IsoDateTime = z.iso.datetime({ offset: true });

/** Integer cents; JSON numbers beyond 2^53 are refused so no amount is silently rounded. */
export const Cents = z.number().int('must be whole cents').refine(Number.isSafeInteger, 'out of range');

export const Tenant = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, at most 40');

/** CASH administration code (the "admin" of the REST API). */
export const AdministrationCode = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,20}$/, 'letters, digits, _ or -, at most 20');

/** CASH relation number: up to 6 digits (rubriek 0101). */
export const RelationNumber = z.string().regex(/^\d{1,6}$/, 'up to 6 digits');

/** CASH ledger account (grootboekrekening, rubriek 0201): up to 6 characters. */
export const LedgerAccount = z.string().regex(/^[A-Z0-9]{1,6}$/, 'up to 6 uppercase letters or digits');

/** CASH journal code (dagboek, rubriek 0901). */
export const JournalCode = z.string().regex(/^[A-Z0-9]{1,6}$/, 'up to 6 uppercase letters or digits');

export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2');
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217');

export const Iban = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'not an IBAN'));

/** A stored original or attachment: an object in a bucket, or a URI. */
export const DocumentLocation = z.object({
  bucket: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  uri: z.string().min(1).optional(),
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FILE_NAME_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/**
 * Why a file name is unsafe as a base name (storage key, CASH rubriek 1540), or undefined: a path separator,
 * `..`, or a control or bidi-override character.
 */
export function fileNameProblem(name: string): { rule: string; message: string } | undefined {
  if (/[/\\]/.test(name)) return { rule: 'file-name-separator', message: 'a file name has no / or \\' };
  if (name.includes('..')) return { rule: 'file-name-dot-dot', message: 'a file name has no ..' };
  if (FILE_NAME_CONTROL.test(name)) {
    return { rule: 'file-name-control', message: 'a file name has no control or bidi-override characters' };
  }
  return undefined;
}

/** The base name of a stored file, safe to use in a key and in CASH. */
export const FileName = z
  .string()
  .min(1)
  .max(200)
  .superRefine((name, ctx) => {
    const problem = fileNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule } });
  })
  .describe(
    'A base name: no / or \\, no .., no control or bidi-override characters (U+202A–202E, U+2066–2069).',
  );

export const Attachment = z.object({
  filename: FileName,
  mimeType: z.string().min(3),
  location: DocumentLocation,
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  bytes: z.number().int().nonnegative().optional(),
});

/** Quantities may carry decimals (hours, kilos); bounded to 4 decimals so CASH's I12,2-style fields stay exact. */
export const Quantity = z
  .number()
  .finite()
  .refine((n) => Math.abs(n) < 1e9, 'too large')
  .refine((n) => Math.round(n * 1e4) / 1e4 === n, 'at most 4 decimals');

/** CASH BTW-code. The code list differs per administration, so only the shape is checked here. */
export const VatCode = z.string().regex(/^[A-Z0-9]{1,3}$/, 'up to 3 uppercase letters or digits');

/** Kostenplaats (rubriek 0911): at most 3 characters in CASH. */
export const CostCentreCode = z.string().regex(/^[A-Z0-9]{1,3}$/, 'up to 3 uppercase letters or digits');
