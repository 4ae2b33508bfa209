import { z } from 'zod';
import { defaultOrNull, optionalOrNull } from '../../runtime/optional-or-null.ts';
import { MatchMemoryFormatError } from './errors.ts';
import type { LearnedCounterparty, MatchMemory, RelationCount } from './types.ts';

const RelationCountSchema = z.object({ count: z.number().int().min(0), lastSeen: z.string() });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A JSON object keyed by outside data (IBANs, names, relation numbers) read into a Map. Not `z.record`: it
 * builds a plain object, where a key such as `__proto__` is lost and `constructor` collides with the
 * prototype. Issues name the key.
 */
function mapOf<T extends z.ZodType>(valueSchema: T) {
  return z
    .custom<Record<string, unknown>>(isPlainObject, 'must be a JSON object')
    .transform((object, ctx) => {
      const map = new Map<string, z.output<T>>();
      for (const [key, raw] of Object.entries(object)) {
        const result = valueSchema.safeParse(raw);
        if (result.success) map.set(key, result.data);
        else
          for (const issue of result.error.issues)
            ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
      return map;
    });
}

const LearnedSchema = z.object({
  relations: defaultOrNull(mapOf(RelationCountSchema), new Map<string, RelationCount>()),
});

const RuleSchema = z
  .object({
    id: z.string().min(1),
    origin: z.enum(['user', 'suggested']),
    conditions: z
      .object({
        counterpartyIban: optionalOrNull(z.string()),
        nameContains: optionalOrNull(z.string()),
        textContains: optionalOrNull(z.string()),
        textRegex: optionalOrNull(
          z.string().refine((pattern) => {
            try {
              new RegExp(pattern, 'i');
              return true;
            } catch {
              return false;
            }
          }, 'not a valid regular expression'),
        ),
        amountMinCents: optionalOrNull(z.number().int()),
        amountMaxCents: optionalOrNull(z.number().int()),
        direction: optionalOrNull(z.enum(['in', 'out'])),
      })
      .refine((c) => Object.values(c).some((v) => v !== undefined), 'a rule needs at least one condition'),
    action: z
      .object({
        relationNumber: optionalOrNull(z.string().regex(/^\d{1,6}$/)),
        ledgerAccount: optionalOrNull(z.string().regex(/^[A-Z0-9]{1,6}$/)),
        vatCode: optionalOrNull(z.string().regex(/^[A-Z0-9]{1,3}$/)),
        description: optionalOrNull(z.string().max(80)),
      })
      .refine(
        (a) => (a.relationNumber === undefined) !== (a.ledgerAccount === undefined),
        'give relationNumber or ledgerAccount',
      ),
    confirmations: defaultOrNull(z.number().int().min(0), 0),
    createdAt: optionalOrNull(z.string()),
    draftedFrom: optionalOrNull(z.string()),
  })
  .strip();

const DenyListSchema = z.object({
  ibans: defaultOrNull(z.array(z.string()), []),
  bankCodes: defaultOrNull(z.array(z.string()), []),
  namePatterns: defaultOrNull(z.array(z.string()), []),
});

const MemorySchema = z.object({
  format: z.literal('cashlink.match-memory'),
  version: z.literal(1),
  ibans: defaultOrNull(mapOf(LearnedSchema), new Map<string, LearnedCounterparty>()),
  names: defaultOrNull(mapOf(LearnedSchema), new Map<string, LearnedCounterparty>()),
  rules: defaultOrNull(z.array(RuleSchema), []),
  denyList: defaultOrNull(DenyListSchema, { ibans: [], bankCodes: [], namePatterns: [] }),
});

export function emptyMemory(): MatchMemory {
  return {
    format: 'cashlink.match-memory',
    version: 1,
    ibans: new Map(),
    names: new Map(),
    rules: [],
    denyList: { ibans: [], bankCodes: [], namePatterns: [] },
  };
}

/** Validates a parsed memory document; throws MatchMemoryFormatError naming each bad field. */
export function parseMemory(value: unknown): MatchMemory {
  const result = MemorySchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new MatchMemoryFormatError(`match memory is not valid: ${issues.join('; ')}`, issues, {
      cause: result.error,
    });
  }
  return result.data as MatchMemory;
}

/** Reads a memory from JSON text. */
export function parseMemoryJson(text: string): MatchMemory {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MatchMemoryFormatError('match memory is not valid JSON', ['(root): not JSON'], {
      cause: error,
    });
  }
  return parseMemory(value);
}

/** Stable JSON (sorted keys) so a memory file diffs cleanly between runs; Maps become JSON objects. */
export function serializeMemory(memory: MatchMemory): string {
  return `${JSON.stringify(sortKeys(memory), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  // Object.fromEntries defines own properties, so a `__proto__` key is written like any other.
  if (value instanceof Map)
    return Object.fromEntries(
      [...value.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [String(key), sortKeys(entry)]),
    );
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
