import { type Finding, rejects } from '../findings.ts';
import type { OfficialAssert } from './svrl.ts';

/** Rule ids by verdict, each list sorted and without repeats. */
export interface RuleVerdict {
  fatal: string[];
  warning: string[];
}

/** Our validator's verdict next to the official one for the same document. */
export interface VerdictComparison {
  ours: RuleVerdict;
  official: RuleVerdict;
  /** Fatal for us, not fatal in the official rule set: we would reject what the standard accepts. */
  onlyOurs: string[];
  /** Fatal in the official rule set, not fatal for us: we would accept what the standard rejects. */
  onlyOfficial: string[];
  agree: boolean;
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

/**
 * Compares the rule ids that reject the document; warnings are listed but never make a difference, and
 * our own CASHLINK-… rules never reject (they are listed as warnings: at most a review).
 */
export function compareVerdicts(
  ours: readonly Finding[],
  official: readonly OfficialAssert[],
): VerdictComparison {
  const ourVerdict: RuleVerdict = {
    fatal: sorted(ours.filter(rejects).map((f) => f.rule)),
    warning: sorted(ours.filter((f) => !rejects(f) && f.severity !== 'info').map((f) => f.rule)),
  };
  const officialVerdict: RuleVerdict = {
    fatal: sorted(official.filter((a) => a.flag === 'fatal').map((a) => a.id)),
    warning: sorted(official.filter((a) => a.flag === 'warning').map((a) => a.id)),
  };
  const officialFatal = new Set(officialVerdict.fatal);
  const ourFatal = new Set(ourVerdict.fatal);
  const onlyOurs = ourVerdict.fatal.filter((id) => !officialFatal.has(id));
  const onlyOfficial = officialVerdict.fatal.filter((id) => !ourFatal.has(id));
  return {
    ours: ourVerdict,
    official: officialVerdict,
    onlyOurs,
    onlyOfficial,
    agree: onlyOurs.length === 0 && onlyOfficial.length === 0,
  };
}
