type JsonSchema = Record<string, unknown>;

const isSchema = (value: unknown): value is JsonSchema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The JSON Schema of an input whose optional properties may also be `null` (read as absent, see
 * withoutNulls), so a partner's generated client or validator accepts what the API accepts. Required
 * properties stay as they are.
 */
export function withNullableOptionals(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullableOptionals);
  if (!isSchema(schema)) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = withNullableOptionals(value);
  if (isSchema(out.properties)) {
    const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([name, property]) => [
        name,
        required.has(name) ? property : { anyOf: [property, { type: 'null' }] },
      ]),
    );
  }
  return out;
}
