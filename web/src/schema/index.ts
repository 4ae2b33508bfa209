export { canonical } from './canonical.ts';
export { type FieldDecoration, SchemaForm } from './schema-form.tsx';
export {
  effectiveSchema,
  emptyValue,
  type FieldKind,
  fieldKind,
  formPath,
  recordValues,
  type SchemaProblem,
  validateValue,
} from './schema-model.ts';
export { problemText } from './schema-text.ts';
