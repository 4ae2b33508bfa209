import type { MatchMemory } from '../../bank/matching/index.ts';
import type { HttpProblemDetail } from '../../partner-api/http.ts';
import { quoted } from '../../partner-api/http.ts';

/**
 * The memory with its user rules in the order `ids` gives (the matcher applies user rules in array order,
 * before the suggested ones). `ids` must name every user rule exactly once; otherwise the problems, each
 * naming the index, the rule and the id.
 */
export function reorderUserRules(
  memory: MatchMemory,
  ids: readonly string[],
): { memory: MatchMemory } | { problems: HttpProblemDetail[] } {
  const users = memory.rules.filter((rule) => rule.origin === 'user');
  const byId = new Map(users.map((rule) => [rule.id, rule]));
  const problems: HttpProblemDetail[] = [];
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id))
      problems.push({
        path: `ids.${index}`,
        rule: 'duplicate-id',
        message: 'named twice',
        value: quoted(id),
      });
    else if (!byId.has(id))
      problems.push({
        path: `ids.${index}`,
        rule: 'unknown-rule',
        message: 'not a rule of this administration (suggestions are not ordered)',
        value: quoted(id),
      });
    seen.add(id);
  });
  for (const rule of users) {
    if (!seen.has(rule.id))
      problems.push({
        path: 'ids',
        rule: 'missing-id',
        message: 'every rule must be in the order',
        value: rule.id,
      });
  }
  if (problems.length > 0) return { problems };
  const ordered = ids.map((id) => byId.get(id)).filter((rule) => rule !== undefined);
  return {
    memory: { ...memory, rules: [...ordered, ...memory.rules.filter((rule) => rule.origin !== 'user')] },
  };
}
