import type { CashFields, ImportRequest } from '../../../lib/cash/rest/wire.ts';
import { CashSimulator, type CashSimulatorOptions } from '../../../lib/cash/simulator/index.ts';

export const KEY = 'test-key';
export const OTHER_KEY = 'other-key';

export interface Started {
  sim: CashSimulator;
  base: string;
  get(path: string, key?: string): Promise<Response>;
  post(path: string, body: unknown, key?: string): Promise<Response>;
  importCash(cash: Array<Record<string, CashFields[]>>, admin?: string): Promise<Response>;
}

/** Starts a simulator on a free port; the caller stops it. */
export async function startSimulator(options: Partial<CashSimulatorOptions> = {}): Promise<Started> {
  const sim = new CashSimulator({ apiKeys: { [KEY]: ['DEMO'], [OTHER_KEY]: [] }, ...options });
  const base = await sim.start();
  const get = (path: string, key = KEY) => fetch(`${base}${path}`, { headers: { Authorization: key } });
  const post = (path: string, body: unknown, key = KEY) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { Authorization: key, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const importCash = (cash: Array<Record<string, CashFields[]>>, admin = 'DEMO') => {
    const body: ImportRequest = { admin, format: 0, content: { cash } };
    return post('/import', body);
  };
  return { sim, base, get, post, importCash };
}

/** One 0301 line as its own element, the way the adapter sends it. */
export function line(fields: CashFields): Record<string, CashFields[]> {
  return { R301: [fields] };
}

/**
 * A balanced sales invoice in VRK: debtor line (relation + invoice), revenue and VAT. Amounts in decimal comma.
 */
export function salesInvoice(opts: {
  entry: string;
  date?: string;
  relation?: string;
  invoice: string;
  gross: string;
  net: string;
  vat: string;
}): Array<Record<string, CashFields[]>> {
  const shared = { F0901: 'VRK', F0302: opts.date ?? '260410', F0303: opts.entry };
  return [
    line({
      ...shared,
      F0201: '1300',
      F0307: opts.gross,
      F0101: opts.relation ?? '100004',
      F0309: opts.invoice,
    }),
    line({ ...shared, F0201: '8000', F0307: `-${opts.net}`, F0306: 'Onderhoud', F0242: '2' }),
    line({ ...shared, F0201: '1510', F0307: `-${opts.vat}`, F0306: 'BTW' }),
  ];
}

export async function json<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
