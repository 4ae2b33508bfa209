/** The official validation could not run: a stylesheet missing, not compilable, or a transform failing. */
export class ConformanceError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConformanceError';
  }
}
