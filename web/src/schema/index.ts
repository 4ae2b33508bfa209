export { SchemaForm } from './schema-form.tsx';
export {
  effectiveSchema,
  emptyValue,
  type FieldKind,
  fieldKind,
  type SchemaProblem,
  validateValue,
} from './schema-model.ts';
