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
  | 'string'
  | 'json';

const ISO_DATE_PATTERNS = new Set(['^\\d{4}-\\d{2}-\\d{2}$', '^(\\d{4})-(\\d{2})-(\\d{2})$']);

/** Which input edits a value of `schema` (a property called `…Cents` is money). */
export function fieldKind(schema: JsonSchema, name: string): FieldKind {
  const s = effectiveSchema(schema);
  if (s.enum) return 'enum';
  switch (s.type) {
    case 'object':
      return s.properties ? 'object' : 'json';
    case 'array':
      return s.items ? 'array' : 'json';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return /Cents$/.test(name) ? 'money' : 'integer';
    case 'number':
      return 'number';
    case 'string':
      return s.format === 'date' || ISO_DATE_PATTERNS.has(s.pattern ?? '') ? 'date' : 'string';
    default:
      return s.properties ? 'object' : 'json';
  }
}

export interface SchemaProblem {
  path: string;
  rule: string;
  value?: unknown;
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
      problems.push({ path, rule: 'minLength', value });
    if (s.maxLength !== undefined && value.length > s.maxLength)
      problems.push({ path, rule: 'maxLength', value });
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) problems.push({ path, rule: 'minimum', value });
    if (s.maximum !== undefined && value > s.maximum) problems.push({ path, rule: 'maximum', value });
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) {
      problems.push({ path, rule: 'minItems', value: value.length });
    }
    const items = s.items;
    if (items) {
      value.forEach((item, i) => {
        problems.push(...validateValue(items, item, `${path}[${i}]`));
      });
    }
  }
  if (type === 'object' && s.properties) {
    const record = value as Record<string, unknown>;
    for (const name of s.required ?? []) {
      if (record[name] === undefined || record[name] === '')
        problems.push({ path: join(path, name), rule: 'required' });
    }
    for (const [name, child] of Object.entries(s.properties)) {
      problems.push(...validateValue(child, record[name], join(path, name)));
    }
  }
  return problems;
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
