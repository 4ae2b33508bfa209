/**
 * The official e-invoice rule sets (EN 16931 UBL/CII, SI-UBL 2.0, its G-account extension) run with SaxonJS:
 * the truth our fast validator is held to, and the slow path of `cashlink ubl --validate official`.
 */
export { compareVerdicts, type RuleVerdict, type VerdictComparison } from './compare-verdicts.ts';
export { compiledStylesheet } from './compiled-stylesheet.ts';
export { ConformanceError } from './conformance-error.ts';
export { OFFICIAL_ARTIFACT_FILES, type OfficialArtifact, officialArtifactFor } from './official-artifact.ts';
export { checkOfficially, type OfficialCheck } from './official-check.ts';
export {
  DEFAULT_CONFORMANCE_DIR,
  DEFAULT_SEF_CACHE_DIR,
  OfficialValidator,
  type OfficialValidatorOptions,
  type OfficialVerdict,
} from './official-validator.ts';
export { failedAssertsOf, type OfficialAssert } from './svrl.ts';
