import type { JsonSchema } from '../api/index.ts';
import { interpolate, type Messages } from '../i18n/index.ts';
import { effectiveSchema, type SchemaProblem } from './schema-model.ts';

function shown(value: unknown, m: Messages): string {
  if (typeof value === 'boolean') return value ? m.app.yes : m.app.no;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The description with the bounds and the default a person needs to know before typing. */
export function helpOf(schema: JsonSchema, m: Messages, withDefault: boolean): string | undefined {
  const s = effectiveSchema(schema);
  const min = s.minimum ?? s.exclusiveMinimum;
  const max = s.maximum ?? s.exclusiveMaximum;
  const range =
    min !== undefined && max !== undefined
      ? interpolate(m.schema.range, { min: String(min), max: String(max) })
      : min !== undefined
        ? interpolate(m.schema.atLeast, { min: String(min) })
        : max !== undefined
          ? interpolate(m.schema.atMost, { max: String(max) })
          : '';
  const fallback =
    withDefault && s.default !== undefined
      ? interpolate(m.schema.defaultValue, { value: shown(s.default, m) })
      : '';
  const parts = [s.description, range, fallback].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** The default as an empty field's placeholder. */
export function placeholderOf(schema: JsonSchema): string | undefined {
  const fallback = effectiveSchema(schema).default;
  return fallback === undefined || typeof fallback === 'object' ? undefined : String(fallback);
}

/** A problem as the field shows it: the server's sentence, or the client's rule in the app's language. */
export function problemText(problem: SchemaProblem & { message?: string }, m: Messages): string {
  if (problem.message) return problem.message;
  const n = String(problem.limit ?? '');
  const texts: Record<string, string> = {
    required: m.errors.required,
    minLength: interpolate(m.errors.tooShort, { n }),
    maxLength: interpolate(m.errors.tooLong, { n }),
    minimum: interpolate(m.errors.tooSmall, { n }),
    maximum: interpolate(m.errors.tooLarge, { n }),
    exclusiveMinimum: interpolate(m.errors.moreThan, { n }),
    exclusiveMaximum: interpolate(m.errors.lessThan, { n }),
    multipleOf: interpolate(m.errors.multipleOf, { n }),
    pattern: interpolate(m.errors.patternOf, { n }),
    minItems: interpolate(m.errors.tooFewItems, { n }),
    enum: m.errors.choose,
    unknownKey: m.errors.unknownKey,
  };
  if (problem.rule.startsWith('type-')) {
    const type = problem.rule.slice('type-'.length);
    return type === 'integer' || type === 'number'
      ? m.errors.number
      : interpolate(m.errors.type, { n: type });
  }
  return texts[problem.rule] ?? problem.rule;
}
