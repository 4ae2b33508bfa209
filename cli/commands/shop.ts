import { basename } from 'node:path';
import { readFileAtMost } from '../../lib/runtime/bounded-read.ts';
import { loadTenantConfig } from '../../lib/tenant/tenant-files.ts';
import { mapShopOrder } from '../../lib/webshop/mapping/index.ts';
import {
  availableShopPlatforms,
  isShopPlatformName,
  shopPlatform,
} from '../../lib/webshop/platform-registry.ts';
import type { ShopOrderMapping } from '../../lib/webshop/shop-mapping.ts';
import {
  type ParsedShopOrder,
  SHOP_PLATFORMS,
  type ShopFinding,
  type ShopPlatformName,
} from '../../lib/webshop/shop-order.ts';
import type { ShopPlatform } from '../../lib/webshop/shop-platform.ts';
import { ArgumentReader } from '../argument-reader.ts';
import { type CliIo, progressOf } from '../cli-io.ts';

const USAGE = `usage: cashlink shop --platform ${SHOP_PLATFORMS.join('|')} [--administration CODE] [--tenant NAME] [--handel] [--json] FILE...`;
/** Order payloads are JSON documents; a larger file is not an API answer. */
const MAX_BYTES = 50 * 1024 * 1024;
/** Where `--tenant NAME` is read from: `infra/tenants/NAME.json` under the working directory. */
const TENANTS_DIRECTORY = 'infra/tenants';

interface Options {
  platform: ShopPlatformName;
  administration: string;
  tenant?: string;
  handel: boolean;
  json: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Options | { usage: string; code: number } {
  const problems: string[] = [];
  const reader = new ArgumentReader(argv, problems);
  const options: Partial<Options> & { files: string[] } = {
    files: [],
    handel: false,
    json: false,
    administration: 'DEMO',
  };
  let platform: string | undefined;
  while (reader.next()) {
    const flag = reader.flag;
    if (flag === '--help' || flag === '-h') return { usage: USAGE, code: 0 };
    if (flag === '--platform') platform = reader.value('a platform name');
    else if (flag === '--administration') options.administration = reader.value('an administration code');
    else if (flag === '--tenant') options.tenant = reader.value('a tenant name');
    else if (flag === '--handel') options.handel = true;
    else if (flag === '--json') options.json = true;
    else if (flag.startsWith('--')) problems.push(`unknown option ${reader.argument.slice(0, 80)}`);
    else options.files.push(reader.argument);
  }
  if (platform === undefined && !problems.some((p) => p.startsWith('--platform')))
    problems.push('--platform is required');
  else if (platform !== undefined && !isShopPlatformName(platform)) {
    problems.push(
      `unknown platform ${JSON.stringify(platform.slice(0, 40))}; one of ${SHOP_PLATFORMS.join(', ')}`,
    );
  }
  if (options.administration !== undefined && !/^[A-Za-z0-9_-]{1,20}$/.test(options.administration)) {
    problems.push(
      `--administration ${JSON.stringify(options.administration.slice(0, 40))} is not an administration code`,
    );
  }
  if (options.files.length === 0) problems.push('no files given');
  if (problems.length > 0) return { usage: `cashlink shop: ${problems.join('; ')}\n${USAGE}`, code: 2 };
  return { ...options, platform } as Options;
}

interface ShopSettings {
  shop: string;
  settings: unknown;
  note?: string;
}

/**
 * The booking settings of the tenant's shop for this administration: `connectors.<platform>.settings.shops[]`
 * entries `{ name, administration?, booking }` (the connector's schema); without a tenant, or a tenant
 * without such a shop, the booking-settings defaults.
 */
function shopSettings(options: Options): ShopSettings {
  if (!options.tenant) return { shop: 'cli', settings: {} };
  const config = loadTenantConfig(options.tenant, TENANTS_DIRECTORY);
  const connectors = config.connectors as
    | Record<string, { settings?: Record<string, unknown> } | undefined>
    | undefined;
  const shops = connectors?.[options.platform]?.settings?.shops;
  const list = Array.isArray(shops) ? (shops as Array<Record<string, unknown>>) : [];
  const shop =
    list.find((s) => s.administration === options.administration) ??
    list.find((s) => s.administration === undefined);
  if (!shop) {
    return {
      shop: 'cli',
      settings: {},
      note: `tenant ${options.tenant} has no ${options.platform} shop for administration ${options.administration}: booking-settings defaults used`,
    };
  }
  return { shop: typeof shop.name === 'string' ? shop.name : 'cli', settings: shop.booking ?? {} };
}

function findingsOut(findings: ShopFinding[]) {
  return findings.map((f) => ({ rule: f.rule, message: f.message, path: f.path, severity: f.severity }));
}

function rejectedLine(file: string, platform: string, orderId: string | null, findings: ShopFinding[]) {
  return {
    file,
    platform,
    orderId,
    status: 'rejected',
    totals: null,
    vatBreakdown: [],
    events: [],
    findings: findingsOut(findings),
  };
}

function mappedLine(file: string, platform: string, parsed: ParsedShopOrder, mapping: ShopOrderMapping) {
  return {
    file,
    platform,
    orderId: mapping.orderId,
    status: mapping.status,
    ...(mapping.reason ? { reason: mapping.reason } : {}),
    totals: mapping.totals,
    vatBreakdown: mapping.vatBreakdown,
    events: mapping.events,
    findings: findingsOut([...parsed.findings, ...mapping.findings]),
  };
}

function describeLine(line: ReturnType<typeof mappedLine> | ReturnType<typeof rejectedLine>): string {
  const totals = line.totals ? ` gross ${line.totals.grossCents} VAT ${line.totals.vatCents}` : '';
  const reason = 'reason' in line && line.reason ? ` (${line.reason})` : '';
  const findings = line.findings.length
    ? ` - ${line.findings.map((f) => `${f.rule}: ${f.message}`).join('; ')}`
    : '';
  return `${line.file}: ${line.platform} order ${line.orderId ?? '?'} ${line.status}${reason}${totals}, ${line.events.length} events${findings}`;
}

/**
 * `cashlink shop --platform P --json FILE...`: each file holds order payloads as the platform's REST API returns
 * them; one JSON line per order with what the hub would emit. A file that is not JSON is one rejected line.
 * Exit 0 when every file could be read, 1 otherwise, 2 on wrong usage.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const options = parseArgs(argv);
  if ('usage' in options) {
    io.stderr(options.usage);
    return options.code;
  }
  const platform = shopPlatform(options.platform);
  if (!platform) {
    io.stderr(
      `cashlink shop: the ${options.platform} module is not in this build yet; available: ${availableShopPlatforms().join(', ')}`,
    );
    return 2;
  }
  let settings: ShopSettings;
  try {
    settings = shopSettings(options);
  } catch (error) {
    io.stderr(`cashlink shop: ${(error as Error).message}`);
    return 2;
  }
  if (settings.note) io.stderr(`cashlink shop: ${settings.note}`);
  const progress = progressOf(io, { label: 'shop', rateOf: 'orders' });
  try {
    return await printFiles(options, platform, settings, io, (done, orders) =>
      progress.update({ files: done, orders }, { files: options.files.length }),
    );
  } finally {
    progress.finish();
  }
}

async function printFiles(
  options: Options,
  platform: ShopPlatform,
  settings: ShopSettings,
  io: CliIo,
  onProgress: (files: number, orders: number) => void,
): Promise<number> {
  let unreadable = 0;
  let orders = 0;
  const print = (line: ReturnType<typeof mappedLine> | ReturnType<typeof rejectedLine>) =>
    io.stdout(options.json ? JSON.stringify(line) : describeLine(line));
  const context = {
    tenant: options.tenant ?? 'cli',
    administration: options.administration,
    connector: options.platform,
    handel: options.handel,
    settings: settings.settings,
    now: new Date(),
  };
  for (const [index, file] of options.files.entries()) {
    let text: string;
    try {
      text = Buffer.from(await readFileAtMost(file, MAX_BYTES)).toString('utf8');
    } catch (error) {
      unreadable++;
      const message = `cannot read ${basename(file)}: ${(error as Error).message.slice(0, 200)}`;
      io.stderr(`cashlink shop: ${message}`);
      print(
        rejectedLine(file, options.platform, null, [
          { rule: 'file-unreadable', message, path: '$', severity: 'error' },
        ]),
      );
      continue;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      const message = `not JSON: ${(error as Error).message.slice(0, 200)}`;
      print(
        rejectedLine(file, options.platform, null, [
          { rule: 'not-json', message, path: '$', severity: 'error' },
        ]),
      );
      continue;
    }
    for (const parsed of platform.parseOrders(payload, { shop: settings.shop })) {
      orders++;
      if (!parsed.order) print(rejectedLine(file, options.platform, parsed.orderId ?? null, parsed.findings));
      else print(mappedLine(file, options.platform, parsed, mapShopOrder(parsed.order, context)));
    }
    onProgress(index + 1, orders);
  }
  return unreadable > 0 ? 1 : 0;
}
