export { moveItem } from './reorder.ts';
export { draftFromFields, fieldsFromRule, RuleForm } from './rule-form.tsx';
