export { fieldsFromRelation, type RelationFields, relationData } from './relation-draft.ts';
export { RelationForm } from './relation-form.tsx';
