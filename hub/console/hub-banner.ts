import { join } from 'node:path';
import { truncateText } from '../../lib/runtime/quoted-text.ts';
import type { RuntimeAdministration } from '../cash/local-cash.ts';
import type { FunctionWorker } from '../functions/function-worker.ts';
import type { ProvisionedStack } from '../provision/stack-provisioner.ts';
import type { SynthesizedStack } from '../synth/stack-synthesizer.ts';
import type { StackTemplate } from '../template/stack-template.ts';
import type { ScheduleTrigger } from '../triggers/schedule-trigger.ts';
import type { BannerSection } from './hub-console.ts';

export interface HubBannerInput {
  tenant: string;
  template: StackTemplate;
  provisioned: ProvisionedStack;
  synthesized: SynthesizedStack;
  addresses: {
    api?: string;
    web?: string;
    identity?: string;
    aws: string;
    cashSimulator?: string;
    mailbox?: string;
    webshops?: Record<string, string>;
  };
  administrations: readonly RuntimeAdministration[];
  cashKey: string;
  partnerKey: string | undefined;
  /** The AWS endpoint is the user's own (LocalStack), not the hub's emulators. */
  external: boolean;
  dynamoEngine: string | undefined;
  workers: ReadonlyMap<string, FunctionWorker>;
  schedules: readonly ScheduleTrigger[];
  stateDir: string;
  startedAt: number;
  /** A path as the user should read it (relative to the project when inside it). */
  relative: (path: string) => string;
}

/** The title (with the ready line's "ready in … s") and the sections of the start-up banner. */
export function hubBanner(input: HubBannerInput): { title: string; sections: BannerSection[] } {
  const { template, addresses, relative } = input;
  const name = (id: string) => input.provisioned.names.get(id) ?? id;
  const sections: BannerSection[] = [];
  if (addresses.web) {
    sections.push({
      title: 'Web app',
      rows: [
        ['web app', addresses.web],
        [
          'sign in',
          addresses.identity
            ? `open the web app; it signs you in at ${addresses.identity}`
            : 'no sign-in provider runs: the app cannot sign in',
        ],
      ],
    });
  }
  if (addresses.api) {
    sections.push({
      title: 'Partner API (HTTP API, payload 2.0)',
      rows: [
        ['base URL', addresses.api],
        ...(input.partnerKey
          ? ([
              ['API key', input.partnerKey],
              ['try', `curl -H 'Authorization: Bearer ${input.partnerKey}' ${addresses.api}/v1/openapi.json`],
            ] as Array<[string, string]>)
          : []),
        ...template.routes
          .filter((r) => input.workers.has(r.functionId))
          .map((r): [string, string] => [
            r.method,
            `${addresses.api}${r.path}${r.authorizationType !== 'NONE' ? `  (gateway ${r.authorizationType} not enforced locally)` : ''}`,
          ]),
      ],
    });
  }
  const cashRows: Array<[string, string]> = input.administrations.map((adm) => [adm.code, adm.cashEndpoint]);
  if (addresses.cashSimulator) {
    const control = addresses.cashSimulator.replace('/api/4.0', '/_sim/state');
    const first = input.administrations[0]?.code ?? 'DEMO';
    cashRows.push(
      ['simulator', `${addresses.cashSimulator}  (API key ${input.cashKey})`],
      ['state', control],
      [
        'bookings',
        `curl -H 'Authorization: ${input.cashKey}' '${addresses.cashSimulator}/get/index/0301T?admin=${first}'`,
      ],
    );
  }
  sections.push({ title: 'CASH', rows: cashRows });
  const shopRows = Object.entries(addresses.webshops ?? {}).flatMap(
    ([shop, url]): Array<[string, string]> => [
      [shop, `${url}/wp-json/wc/v3/  (WooCommerce simulator)`],
      [
        'place an order',
        `curl -X POST ${url}/__admin/orders -d '{"lines":[{"sku":"BEL-01","quantity":2}],"paid":true}'`,
      ],
    ],
  );
  if (shopRows.length > 0) sections.push({ title: 'Webshops', rows: shopRows });
  sections.push({
    title: input.external
      ? 'AWS (your endpoint)'
      : `AWS emulators (fauxqs + ${input.dynamoEngine === 'dynamodb-local' ? 'DynamoDB Local' : 'dynalite'})`,
    rows: [
      ['endpoint', addresses.aws],
      ...template.queues.map((q): [string, string] => ['queue', name(q.logicalId)]),
      ...template.tables.map((t): [string, string] => ['table', name(t.logicalId)]),
      ...template.buckets.map((b): [string, string] => ['bucket', name(b.logicalId)]),
    ],
  });
  const functionRows: Array<[string, string]> = [...input.workers.values()].map((w) => [
    w.options.name,
    relative(w.options.logPath),
  ]);
  for (const schedule of input.schedules) {
    const next = schedule.nextFireTime();
    functionRows.push([
      'schedule',
      `${truncateText(schedule.expression.expression, 60)} ${schedule.expression.timeZone}, next ${next ? next.toISOString() : 'never'}`,
    ]);
  }
  sections.push({ title: 'Functions (logs)', rows: functionRows });
  if (addresses.mailbox) {
    const prefixes = [...new Set(template.notifications.map((n) => n.prefix).filter(Boolean))];
    sections.push({
      title: 'Mailbox — drop files here; they go to the mailbox bucket, then to processed/',
      rows: prefixes.map((p): [string, string] => ['folder', relative(join(addresses.mailbox as string, p))]),
    });
  }
  sections.push({
    title: 'State',
    rows: [
      ['directory', `${relative(input.stateDir)}  (npm run hub:reset wipes it)`],
      ['stack', `${input.synthesized.stackName}, template ${relative(input.synthesized.templatePath)}`],
    ],
  });
  const seconds = ((Date.now() - input.startedAt) / 1000).toFixed(1);
  return {
    title: `cashlink local hub — tenant ${input.tenant} — ready in ${seconds} s (Ctrl-C stops)`,
    sections,
  };
}
