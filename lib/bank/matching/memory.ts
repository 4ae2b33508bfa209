import { z } from 'zod';
import { MatchMemoryFormatError } from './errors.ts';
import type { MatchMemory } from './types.ts';

const RelationCountSchema = z.object({ count: z.number().int().min(0), lastSeen: z.string() });
const LearnedSchema = z.object({ relations: z.record(z.string(), RelationCountSchema) });

const RuleSchema = z
  .object({
    id: z.string().min(1),
    origin: z.enum(['user', 'suggested']),
    conditions: z
      .object({
        counterpartyIban: z.string().optional(),
        nameContains: z.string().optional(),
        textContains: z.string().optional(),
        textRegex: z
          .string()
          .refine((pattern) => {
            try {
              new RegExp(pattern, 'i');
              return true;
            } catch {
              return false;
            }
          }, 'not a valid regular expression')
          .optional(),
        amountMinCents: z.number().int().optional(),
        amountMaxCents: z.number().int().optional(),
        direction: z.enum(['in', 'out']).optional(),
      })
      .refine((c) => Object.values(c).some((v) => v !== undefined), 'a rule needs at least one condition'),
    action: z
      .object({
        relationNumber: z
          .string()
          .regex(/^\d{1,6}$/)
          .optional(),
        ledgerAccount: z
          .string()
          .regex(/^[A-Z0-9]{1,6}$/)
          .optional(),
        vatCode: z
          .string()
          .regex(/^[A-Z0-9]{1,3}$/)
          .optional(),
        description: z.string().max(80).optional(),
      })
      .refine(
        (a) => (a.relationNumber === undefined) !== (a.ledgerAccount === undefined),
        'give relationNumber or ledgerAccount',
      ),
    confirmations: z.number().int().min(0).default(0),
    createdAt: z.string().optional(),
    draftedFrom: z.string().optional(),
  })
  .strip();

const MemorySchema = z.object({
  format: z.literal('cashlink.match-memory'),
  version: z.literal(1),
  ibans: z.record(z.string(), LearnedSchema).default({}),
  names: z.record(z.string(), LearnedSchema).default({}),
  rules: z.array(RuleSchema).default([]),
  denyList: z
    .object({
      ibans: z.array(z.string()).default([]),
      bankCodes: z.array(z.string()).default([]),
      namePatterns: z.array(z.string()).default([]),
    })
    .default({ ibans: [], bankCodes: [], namePatterns: [] }),
});

export function emptyMemory(): MatchMemory {
  return {
    format: 'cashlink.match-memory',
    version: 1,
    ibans: {},
    names: {},
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

/** Stable JSON (sorted keys) so a memory file diffs cleanly between runs. */
export function serializeMemory(memory: MatchMemory): string {
  return `${JSON.stringify(sortKeys(memory), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
