import type { JsonSchema } from '../api/index.ts';

/** The schema with nullable/optional wrappers (`anyOf: [X, {type:'null'}]`) unwrapped to X. */
export function effectiveSchema(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0) {
    const useful = variants.filter((v) => v.type !== 'null');
    if (useful.length === 1 && useful[0]) return { ...effectiveSchema(useful[0]), ...described(schema) };
  }
  if (Array.isArray(schema.type)) {
    const type = schema.type.find((t) => t !== 'null');
    return type ? { ...schema, type } : schema;
  }
  return schema;
}

function described(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  if (schema.title) out.title = schema.title;
  if (schema.description) out.description = schema.description;
  return out;
}

export type FieldKind =
  | 'object'
  | 'array'
  | 'enum'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'money'
  | 'date'
  | 'choice'
  | 'string'
  | 'json';

const ISO_DATE_PATTERNS = new Set(['^\\d{4}-\\d{2}-\\d{2}$', '^(\\d{4})-(\\d{2})-(\\d{2})$']);

/** The schema of a record's values (`additionalProperties`), when the object takes keys of its own choosing. */
export function recordValues(schema: JsonSchema): JsonSchema | undefined {
  const extra = effectiveSchema(schema).additionalProperties;
  return typeof extra === 'object' ? extra : undefined;
}

/** Which input edits a value of `schema` (a property called `cents` or `…Cents` is money). */
export function fieldKind(schema: JsonSchema, name: string): FieldKind {
  const s = effectiveSchema(schema);
  if (s.enum) return 'enum';
  switch (s.type) {
    case 'object':
      return s.properties || recordValues(s) ? 'object' : 'json';
    case 'array':
      return s.items ? 'array' : 'json';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return /(^c|C)ents$/.test(name) ? 'money' : 'integer';
    case 'number':
      return 'number';
    case 'string':
      if (s.format === 'date' || ISO_DATE_PATTERNS.has(s.pattern ?? '')) return 'date';
      return s['x-choice'] ? 'choice' : 'string';
    default:
      return s.properties ? 'object' : 'json';
  }
}

export interface SchemaProblem {
  path: string;
  rule: string;
  value?: unknown;
  /** The bound the value broke (`minimum` 1, `maxLength` 6, `pattern` ^[A-Z]$…). */
  limit?: number | string;
}

function typeOk(type: string | undefined, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** The problems of `value` against the parts of JSON Schema the form edits (the server validates fully). */
export function validateValue(schema: JsonSchema, value: unknown, path = ''): SchemaProblem[] {
  const s = effectiveSchema(schema);
  if (value === undefined) return [];
  const type = typeof s.type === 'string' ? s.type : undefined;
  if (!typeOk(type, value)) return [{ path: path || '(root)', rule: `type-${type}`, value }];
  if (s.enum && !s.enum.some((option) => option === value)) return [{ path, rule: 'enum', value }];
  const problems: SchemaProblem[] = [];
  if (typeof value === 'string') {
    if (s.minLength !== undefined && value.length < s.minLength)
      problems.push({ path, rule: 'minLength', value, limit: s.minLength });
    if (s.maxLength !== undefined && value.length > s.maxLength)
      problems.push({ path, rule: 'maxLength', value, limit: s.maxLength });
    if (s.pattern !== undefined && !matches(s.pattern, value))
      problems.push({ path, rule: 'pattern', value, limit: s.pattern });
  }
  if (typeof value === 'number') problems.push(...numberProblems(s, value, path));
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) {
      problems.push({ path, rule: 'minItems', value: value.length, limit: s.minItems });
    }
    const items = s.items;
    if (items) {
      value.forEach((item, i) => {
        problems.push(...validateValue(items, item, `${path}[${i}]`));
      });
    }
  }
  if (type === 'object') problems.push(...objectProblems(s, value as Record<string, unknown>, path));
  return problems;
}

function objectProblems(s: JsonSchema, record: Record<string, unknown>, path: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const properties = s.properties ?? {};
  for (const name of s.required ?? []) {
    if (record[name] === undefined || record[name] === '')
      problems.push({ path: join(path, name), rule: 'required' });
  }
  for (const [name, child] of Object.entries(properties)) {
    problems.push(...validateValue(child, record[name], join(path, name)));
  }
  const values = recordValues(s);
  for (const [name, item] of Object.entries(record)) {
    if (Object.hasOwn(properties, name) || item === undefined) continue;
    if (s.additionalProperties === false) problems.push({ path: join(path, name), rule: 'unknownKey' });
    if (s.propertyNames) problems.push(...validateValue(s.propertyNames, name, join(path, name)));
    if (values) problems.push(...validateValue(values, item, join(path, name)));
  }
  return problems;
}

function numberProblems(s: JsonSchema, value: number, path: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (s.minimum !== undefined && value < s.minimum)
    problems.push({ path, rule: 'minimum', value, limit: s.minimum });
  if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum)
    problems.push({ path, rule: 'exclusiveMinimum', value, limit: s.exclusiveMinimum });
  if (s.maximum !== undefined && value > s.maximum)
    problems.push({ path, rule: 'maximum', value, limit: s.maximum });
  if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum)
    problems.push({ path, rule: 'exclusiveMaximum', value, limit: s.exclusiveMaximum });
  if (s.multipleOf !== undefined && !isMultiple(value, s.multipleOf))
    problems.push({ path, rule: 'multipleOf', value, limit: s.multipleOf });
  return problems;
}

function decimals(n: number): number {
  const [mantissa = '', exponent = '0'] = String(n).split('e');
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent));
}

/** Whether `value` is a whole multiple of `step`, both scaled to integers: 0.07 / 0.01 is no integer in floats. */
function isMultiple(value: number, step: number): boolean {
  if (!(step > 0)) return true;
  const scale = 10 ** Math.min(15, Math.max(decimals(value), decimals(step)));
  const scaledStep = Math.round(step * scale);
  return scaledStep === 0 || Math.round(value * scale) % scaledStep === 0;
}

/** A schema's `pattern` (ECMA-262, as JSON Schema says) against `value`; one this browser cannot read passes. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

/**
 * A server path (`settings.bunq.0.apiKeySecretName`, dotted as zod joins it) as the form names the field
 * (`settings.bunq[0].apiKeySecretName`): array positions in brackets, found by walking the schema.
 */
export function formPath(schema: JsonSchema, dotted: string): string {
  const parts = dotted.split('.');
  let node: JsonSchema | undefined = schema;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const s: JsonSchema | undefined = node ? effectiveSchema(node) : undefined;
    const part = parts[i] as string;
    if (s?.type === 'array' && /^\d+$/.test(part)) {
      out += `[${part}]`;
      node = s.items;
      continue;
    }
    // A property whose name has dots of its own (`journals.purchase`): the longest run of parts naming one.
    let name = part;
    for (let end = parts.length; end > i + 1; end--) {
      const candidate = parts.slice(i, end).join('.');
      if (s?.properties && Object.hasOwn(s.properties, candidate)) {
        name = candidate;
        i = end - 1;
        break;
      }
    }
    out = join(out, name);
    node = s?.properties?.[name] ?? (s ? recordValues(s) : undefined);
  }
  return out;
}

/** An empty value for a new array item of `schema`. */
export function emptyValue(schema: JsonSchema): unknown {
  const s = effectiveSchema(schema);
  if (s.default !== undefined) return s.default;
  if (s.type === 'object') return {};
  if (s.type === 'array') return [];
  if (s.type === 'boolean') return false;
  if (s.type === 'string') return '';
  return undefined;
}
