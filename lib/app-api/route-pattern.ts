/**
 * An API Gateway style path template (`/v1/app/review/{id}/book`) compiled for matching: literal segments
 * must be equal, `{name}` takes one segment. Segments are decoded; a malformed escape (`%zz`) is kept as
 * sent, so it names nothing instead of crashing.
 */
export class RoutePattern {
  private readonly segments: readonly ({ literal: string } | { param: string })[];
  /** Lower is more specific: literal segments beat parameters. */
  readonly rank: number;

  constructor(readonly template: string) {
    this.segments = template
      .split('/')
      .filter((s) => s !== '')
      .map((segment) => {
        const param = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(segment);
        return param ? { param: param[1] as string } : { literal: segment };
      });
    this.rank = this.segments.filter((s) => 'param' in s).length;
  }

  /** The path parameters when `path` fits the template; undefined otherwise. */
  match(path: string): Record<string, string> | undefined {
    const parts = path.split('/').filter((s) => s !== '');
    if (parts.length !== this.segments.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const segment = this.segments[i];
      const part = parts[i] as string;
      if (!segment) return undefined;
      if ('literal' in segment) {
        if (segment.literal !== part) return undefined;
      } else {
        params[segment.param] = decodeSegment(part);
      }
    }
    return params;
  }
}

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
