import type { InvoiceNumberRegistry } from './invoice-number-registry.ts';

/** Registry kept in process memory: for tests, the CLI and single-process runs. */
export class InMemoryInvoiceNumberRegistry implements InvoiceNumberRegistry {
  readonly #byNumber = new Map<string, string>();
  readonly #byOriginal = new Map<string, string>();

  async lookup(relationKey: string, original: string): Promise<string | undefined> {
    return this.#byOriginal.get(`${relationKey}\u0000${original}`);
  }

  async claim(relationKey: string, original: string, candidate: string): Promise<boolean> {
    const numberKey = `${relationKey}\u0000${candidate}`;
    const owner = this.#byNumber.get(numberKey);
    if (owner !== undefined && owner !== original) return false;
    this.#byNumber.set(numberKey, original);
    this.#byOriginal.set(`${relationKey}\u0000${original}`, candidate);
    return true;
  }
}
