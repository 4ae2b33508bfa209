import type { HttpRouteDefinition } from '../template/stack-template.ts';

export interface RouteMatch {
  route: HttpRouteDefinition;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: HttpRouteDefinition;
  pattern: RegExp;
  names: string[];
  /** Lower sorts first: literal segments beat `{param}`, which beats `{proxy+}`; a method beats `ANY`. */
  rank: number[];
}

/**
 * API Gateway HTTP API route selection: the most specific route wins (literal paths before path
 * variables before greedy `{proxy+}`, a method before `ANY`), and `$default` catches the rest.
 */
export class RouteTable {
  private readonly compiled: CompiledRoute[];
  private readonly fallback: HttpRouteDefinition | undefined;

  constructor(routes: readonly HttpRouteDefinition[]) {
    this.fallback = routes.find((r) => r.routeKey === '$default');
    this.compiled = routes
      .filter((r) => r.routeKey !== '$default')
      .map((route) => compile(route))
      .sort((a, b) => compareRanks(a.rank, b.rank));
  }

  match(method: string, path: string): RouteMatch | undefined {
    const upper = method.toUpperCase();
    for (const candidate of this.compiled) {
      if (candidate.route.method !== 'ANY' && candidate.route.method !== upper) continue;
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, i) => {
        pathParameters[name] = decodeSegment(found[i + 1] ?? '');
      });
      return { route: candidate.route, pathParameters };
    }
    return this.fallback ? { route: this.fallback, pathParameters: {} } : undefined;
  }

  /** The routes in match order (most specific first). */
  get routes(): HttpRouteDefinition[] {
    return this.compiled.map((c) => c.route);
  }
}

function compile(route: HttpRouteDefinition): CompiledRoute {
  const names: string[] = [];
  let literalSegments = 0;
  let greedy = 0;
  const segments = route.path
    .split('/')
    .filter((s) => s !== '')
    .map((segment) => {
      const variable = /^\{([^}+]+)(\+)?\}$/.exec(segment);
      if (!variable) {
        literalSegments++;
        return `/${escapeRegExp(segment)}`;
      }
      names.push(variable[1] ?? '');
      if (variable[2]) {
        greedy = 1;
        return '/(.+)';
      }
      return '/([^/]+)';
    });
  const segmentCount = route.path.split('/').filter(Boolean).length;
  return {
    route,
    pattern: new RegExp(`^${segments.join('') || '/'}$`),
    names,
    rank: [greedy, segmentCount - literalSegments, -segmentCount, route.method === 'ANY' ? 1 : 0],
  };
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
