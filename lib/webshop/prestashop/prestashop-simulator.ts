import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { XMLBuilder } from 'fast-xml-parser';
import {
  isObject,
  type JsonObject,
  LocalHttpServer,
  SimulatorRateLimit,
  sendJson,
} from '../platform-kit/index.ts';
import { PrestashopSimulatorStore } from './prestashop-simulator-store.ts';
import { buildPrestashopXml, readPrestashopXml } from './prestashop-xml.ts';

export interface PrestashopSimulatorOptions {
  /** The webservice key (32 characters) the simulator accepts. */
  webserviceKey: string;
  /** Requests per window before 429 (hosting in front of PrestaShop; the webservice has none itself). */
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
}

/** The singular element name PrestaShop writes per resource. */
const SINGULAR: Record<string, string> = {
  orders: 'order',
  order_details: 'order_detail',
  order_slip: 'order_slip',
  order_histories: 'order_history',
  customers: 'customer',
  addresses: 'address',
  countries: 'country',
  currencies: 'currency',
  products: 'product',
  stock_availables: 'stock_available',
};
/** order_slip's JSON list is `order_slips` (the resource name is singular). */
const LIST_KEY: Record<string, string> = { order_slip: 'order_slips' };
const NOT_WRITABLE = ['manufacturer_name', 'quantity', 'position_in_category'];
const BLANK_PRODUCT: JsonObject = {
  id: '',
  id_category_default: '',
  id_tax_rules_group: '',
  reference: '',
  ean13: '',
  price: '',
  active: '',
  state: '',
  available_for_order: '',
  show_price: '',
  minimal_quantity: '',
  visibility: '',
  name: { language: [{ '@_id': '1', '#text': '' }] },
  link_rewrite: { language: [{ '@_id': '1', '#text': '' }] },
};
const listBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

/**
 * A local PrestaShop webservice under `/api`: the key as the Basic user (PrestaShop's own refusals: no key
 * 401, a key not 32 long 400, an unknown key 401), JSON reads with `display`, `filter[…]`, `sort`, `limit`,
 * `[]` for an empty list, date filters only with `date=1` and the upper bound's day excluded
 * (PrestaShop#10822), XML writes checked for fields PrestaShop will not take, and `?schema=blank`.
 */
export class PrestashopSimulator {
  readonly store: PrestashopSimulatorStore;
  readonly requests: Array<{ method: string; path: string; query: string }> = [];
  private readonly server = new LocalHttpServer((req, body, res) => this.handle(req, body, res));
  private readonly limiter: SimulatorRateLimit | undefined;

  constructor(private readonly options: PrestashopSimulatorOptions) {
    const now = options.now ?? Date.now;
    this.store = new PrestashopSimulatorStore(now);
    this.limiter = options.rateLimit
      ? new SimulatorRateLimit(options.rateLimit.limit, options.rateLimit.windowMs, now)
      : undefined;
  }

  start(port = 0): Promise<string> {
    return this.server.start(port);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private async handle(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.search });
    const json = url.searchParams.get('output_format') === 'JSON';
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      json
        ? sendJson(res, status, { errors: [{ code: 0, message }] }, headers)
        : sendXml(res, status, errorXml(message), headers);
    const refusal = this.authenticate(req, url);
    if (refusal) {
      return fail(refusal.status, refusal.message, {
        'www-authenticate':
          'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required."',
      });
    }
    const allowed = this.limiter?.take();
    if (allowed?.waitMs !== undefined)
      return fail(429, 'Too many requests', { 'retry-after': String(Math.ceil(allowed.waitMs / 1000)) });
    const route = /^\/api\/([a-z_]+)(?:\/(\d+))?$/.exec(url.pathname);
    const resource = route?.[1];
    const list = resource === undefined ? undefined : this.store.resources[resource];
    if (!route || resource === undefined || !list)
      return fail(400, `Resource of type "${resource ?? ''}" does not exists`);
    const id = route[2];
    const element = SINGULAR[resource] as string;
    if (method === 'GET' && url.searchParams.get('schema') === 'blank') {
      return sendXml(
        res,
        200,
        buildPrestashopXml(element, resource === 'products' ? structuredClone(BLANK_PRODUCT) : {}),
      );
    }
    if (method === 'GET' && id !== undefined) {
      const found = list.find((entry) => entry.id === id);
      if (!found) return fail(404, `Id(s) not exists: ${id}`);
      return json
        ? sendJson(res, 200, { [element]: found })
        : sendXml(res, 200, buildPrestashopXml(element, toXmlValues(found)));
    }
    if (method === 'GET') {
      const selected = this.select(list, url.searchParams);
      if (typeof selected === 'string') return fail(400, selected);
      if (!json) return sendXml(res, 200, listXml(resource, element, selected));
      return sendJson(res, 200, selected.length === 0 ? [] : { [LIST_KEY[resource] ?? resource]: selected });
    }
    if (method === 'POST' || method === 'PUT') {
      const read = readPrestashopXml(body);
      if (!read || read.name !== element) return fail(400, 'Invalid XML');
      const unwritable =
        resource === 'products' ? NOT_WRITABLE.find((field) => field in read.resource) : undefined;
      if (unwritable)
        return fail(400, `parameter "${unwritable}" not writable. Please remove this attribute of this XML`);
      const saved = this.save(resource, list, read.resource, method === 'PUT' ? id : undefined);
      if (typeof saved === 'string') return fail(400, saved);
      return json
        ? sendJson(res, method === 'POST' ? 201 : 200, { [element]: saved })
        : sendXml(res, 200, buildPrestashopXml(element, saved));
    }
    return fail(405, `Method ${method} is not valid`);
  }

  private authenticate(req: IncomingMessage, url: URL): { status: number; message: string } | undefined {
    const header = req.headers.authorization;
    let key = url.searchParams.get('ws_key') ?? undefined;
    if (header?.startsWith('Basic '))
      key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
    if (key === undefined)
      return {
        status: 401,
        message: 'Please enter the authentication key as the login. No password required',
      };
    if (key.trim() === '') return { status: 401, message: 'Authentication key is empty' };
    if (key.trim().length !== 32) return { status: 400, message: 'Invalid authentication key format' };
    const wanted = Buffer.from(this.options.webserviceKey);
    const given = Buffer.from(key.trim());
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return { status: 401, message: 'No permission for this authentication key' };
    return undefined;
  }

  /** filter, sort, limit and display as PrestaShop applies them; a string is the error to answer. */
  private select(list: JsonObject[], query: URLSearchParams): JsonObject[] | string {
    let rows = [...list];
    for (const [name, value] of query) {
      const field = /^filter\[([a-z_0-9]+)\]$/.exec(name)?.[1];
      if (!field) continue;
      const isDate = field.startsWith('date_');
      if (isDate && query.get('date') !== '1')
        return `The field "${field}" is a date: add date=1 to filter on it`;
      const interval = /^\[([^,]*),([^,]*)\]$/.exec(value);
      if (interval) {
        const from = interval[1] as string;
        // PrestaShop#10822: the upper bound is compared as its day's start, so that day is left out.
        const to = isDate ? (interval[2] as string).slice(0, 10) : (interval[2] as string);
        rows = rows.filter(
          (row) =>
            compare(row[field], from) >= 0 &&
            (isDate ? String(row[field]) < to : compare(row[field], to) <= 0),
        );
        continue;
      }
      const set = /^\[(.*)\]$/.exec(value);
      if (!set) return `The filter "${name}" is malformed`;
      const wanted = (set[1] as string).split('|');
      rows = rows.filter((row) => wanted.includes(String(row[field] ?? '')));
    }
    const sorts = /^\[(.*)\]$/.exec(query.get('sort') ?? '')?.[1]?.split(',') ?? ['id_ASC'];
    rows.sort((a, b) => {
      for (const sort of sorts) {
        const match = /^([a-z_]+)_(ASC|DESC)$/.exec(sort);
        if (!match) continue;
        const order = compare(a[match[1] as string], b[match[1] as string]);
        if (order !== 0) return match[2] === 'ASC' ? order : -order;
      }
      return 0;
    });
    const limit = /^(?:(\d+),)?(\d+)$/.exec(query.get('limit') ?? '');
    if (limit) rows = rows.slice(Number(limit[1] ?? 0), Number(limit[1] ?? 0) + Number(limit[2]));
    const display = query.get('display');
    if (display === 'full') return structuredClone(rows);
    const fields = /^\[(.*)\]$/.exec(display ?? '')?.[1]?.split(',') ?? ['id'];
    return rows.map((row) =>
      Object.fromEntries(
        fields.filter((field) => field in row).map((field) => [field, structuredClone(row[field])]),
      ),
    );
  }

  private save(
    resource: string,
    list: JsonObject[],
    body: JsonObject,
    id: string | undefined,
  ): JsonObject | string {
    const values = fromXmlValues(body);
    if (
      resource === 'products' &&
      (typeof values.price !== 'string' || !/^\d+(\.\d+)?$/.test(values.price))
    ) {
      return 'Validation error: "Property Product->price is empty."';
    }
    if (resource === 'order_histories') {
      if (!this.store.order(String(values.id_order))) return `Id(s) not exists: ${String(values.id_order)}`;
      this.store.setState(String(values.id_order), String(values.id_order_state));
      return this.store.resources.order_histories?.at(-1) ?? {};
    }
    if (id !== undefined) {
      const existing = list.find((entry) => entry.id === id);
      if (!existing) return `Id(s) not exists: ${id}`;
      Object.assign(existing, values, { id, date_upd: this.store.time() });
      return structuredClone(existing);
    }
    const created = {
      ...values,
      id: this.store.id(),
      date_add: this.store.time(),
      date_upd: this.store.time(),
    };
    list.push(created);
    if (resource === 'products') {
      this.store.resources.stock_availables?.push({
        id: this.store.id(),
        id_product: created.id,
        id_product_attribute: '0',
        quantity: '0',
        depends_on_stock: '0',
        out_of_stock: '2',
      });
    }
    return structuredClone(created);
  }
}

/** Multilang fields as JSON gives them (`[{id, value}]`) ↔ as XML reads them (`{language:[{@_id, #text}]}`). */
function toXmlValues(resource: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(resource).map(([key, value]) => [
      key,
      Array.isArray(value) && value.every((entry) => isObject(entry) && 'value' in entry)
        ? {
            language: value.map((entry) => ({
              '@_id': String((entry as JsonObject).id),
              '#text': String((entry as JsonObject).value),
            })),
          }
        : value,
    ]),
  );
}

function fromXmlValues(resource: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(resource).map(([key, value]) => [
      key,
      isObject(value) && Array.isArray(value.language)
        ? value.language
            .filter(isObject)
            .map((entry) => ({ id: String(entry['@_id']), value: String(entry['#text'] ?? '') }))
        : value,
    ]),
  );
}

function compare(a: unknown, b: unknown): number {
  const left = String(a ?? '');
  const right = String(b ?? '');
  if (/^\d+(\.\d+)?$/.test(left) && /^\d+(\.\d+)?$/.test(right)) return Number(left) - Number(right);
  return left < right ? -1 : left > right ? 1 : 0;
}

function sendXml(
  res: ServerResponse,
  status: number,
  xml: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/xml;charset=utf-8',
    'content-length': String(Buffer.byteLength(xml)),
    ...headers,
  });
  res.end(xml);
}

function errorXml(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><errors><error><code><![CDATA[0]]></code><message><![CDATA[${message.replaceAll(']]>', ']]&gt;')}]]></message></error></errors></prestashop>`;
}

function listXml(resource: string, element: string, rows: JsonObject[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${listBuilder.build({ prestashop: { [resource]: { [element]: rows.map((row) => ({ '@_id': String(row.id) })) } } })}`;
}
