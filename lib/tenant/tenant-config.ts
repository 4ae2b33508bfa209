import { z } from 'zod';
import { AdministrationCode, Tenant } from '../../events/fields.ts';
import { CashRateLimitSettings } from '../cash/rate-limit/cash-rate-limit-settings.ts';
import { CashAdapterSettings } from '../cash/settings/cash-adapter-settings.ts';
import { RelationNumbering } from '../writer/relation-numbering.ts';
import {
  type ConnectorName,
  type ConnectorTriggers,
  connectorNames,
  connectors,
} from './connector-registry.ts';
import { checkSubscriptions, DeliverySettings, DeliverySubscription } from './delivery-subscriptions.ts';

/**
 * The tenant file, `infra/tenants/<tenant>.json`: one per customer, one stack each. The runtime reads the
 * same shape (minus `deployment`) from the TENANT_CONFIG environment variable.
 */

const ScheduleExpression = z
  .string()
  .regex(
    /^(cron\(\S+( \S+){5}\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\))$/,
    'must be cron(min hour day month weekday year) or rate(n unit)',
  );

export const ConnectorSchedule = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'kebab-case, at most 32 characters'),
    expression: ScheduleExpression.describe('evaluated in Europe/Amsterdam'),
    description: z.string().max(200).default(''),
  })
  .strict();
export type ConnectorSchedule = z.infer<typeof ConnectorSchedule>;

/** Translation tables a connector applies, e.g. `vatCodes: { "21": "1" }` (btw-code per tarief). */
export const ConnectorMappings = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'mapping names are camelCase'),
  z.record(z.string().min(1), z.string()),
);

/**
 * The mapping tables whose values are CASH codes, with the list of the CASH mirror (or the VAT booking
 * rules) a value is chosen from: the settings form offers those choices.
 */
export const MAPPING_CHOICES = {
  vatCodes: { choice: 'vatCodes', description: 'VAT rate or code of the source → CASH btw-code' },
  ledgerAccounts: { choice: 'ledgerAccounts', description: 'code of the source → CASH ledger account' },
  journals: { choice: 'journals', description: 'code of the source → CASH journal (dagboek)' },
  costCentres: { choice: 'costCentres', description: 'code of the source → CASH cost centre' },
} as const;

function connectorEntry(settings: z.ZodType<Record<string, unknown>>) {
  return z
    .object({
      enabled: z.boolean().default(true),
      /** Administrations this connector serves; all when omitted. */
      administrations: z.array(AdministrationCode).min(1).optional(),
      settings: settings.default({}),
      mappings: ConnectorMappings.default({}),
      /** Replace the registry's default schedules (or add them where the connector allows it). */
      schedules: z.array(ConnectorSchedule).optional(),
      /** Change events this connector receives (targets with the `deliveries` trigger only). */
      subscriptions: z.array(DeliverySubscription).optional(),
      delivery: DeliverySettings.optional(),
    })
    .strict();
}

const connectorShape = Object.fromEntries(
  connectorNames.map((name) => [name, connectorEntry(connectors[name].settings).optional()]),
) as Record<ConnectorName, z.ZodOptional<ReturnType<typeof connectorEntry>>>;

export const Administration = z
  .object({
    code: AdministrationCode.describe('CASH administration code'),
    name: z.string().min(1).max(100),
    cashEndpoint: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .describe('CASH REST 4.0 base URL, e.g. https://…/api/4.0'),
    apiKeySecretName: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'a Secrets Manager secret name')
      .describe('secret holding the CASH API key; the value never enters the tenant file'),
    cashTarget: z
      .enum(['rest', 'xml-outbox'])
      .default('rest')
      .describe('rest: CASH REST 4.0; xml-outbox: CASH XML import files in the archive bucket for CASHWin'),
    cashSettings: CashAdapterSettings.partial()
      .strict()
      .optional()
      .describe('CASH adapter settings for details public sources do not confirm (lib/cash/settings)'),
    outboxNumbering: z
      .object({
        firstEntryNumber: z.number().int().min(1).max(999_999).optional(),
        firstRelationNumber: z.number().int().min(1).max(999_999).optional(),
        firstOrderNumber: z.number().int().min(1).max(999_999).optional(),
      })
      .strict()
      .optional()
      .describe('xml-outbox only: first numbers to hand out (CASHWin cannot be asked)'),
    relationNumbering: RelationNumbering.optional().describe(
      'ranges for new relatienummers per role, e.g. customers 10000-19999, suppliers 70000-79999; ' +
        'without it a new relation gets the highest number in CASH + 1',
    ),
  })
  .strict();
export type Administration = z.infer<typeof Administration>;

export const MailInbound = z
  .object({
    enabled: z.boolean(),
    /** A domain verified in SES for receiving, whose MX points at SES inbound. */
    domain: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'a lowercase domain name'),
    /** The account's active receipt rule set (SES allows one active set per region). */
    ruleSetName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -'),
    /**
     * `single`: `<adm>@domain` → `<adm>/inbox-email/`; `per-direction`: `<adm>-purchase@domain` →
     * `<adm>/purchase/` and `<adm>-sales@domain` → `<adm>/sales/`.
     */
    layout: z.enum(['single', 'per-direction']).default('per-direction'),
  })
  .strict();
export type MailInbound = z.infer<typeof MailInbound>;

/**
 * Sending mail (sales invoices from Uren en facturen) through Amazon SES v2: the identity verified in SES
 * (a domain or one address), the From address within it, and optionally a configuration set for bounce
 * and complaint events. The app-api function may send as this identity only.
 */
export const MailOutbound = z
  .object({
    enabled: z.boolean(),
    identity: z
      .string()
      .regex(
        /^(([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@)?([a-z0-9-]+\.)+[a-z]{2,})$/,
        'a verified SES identity: a lowercase domain or an e-mail address',
      ),
    fromAddress: z.email().describe('the From address of sent mail, at the identity'),
    configurationSet: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -')
      .optional(),
  })
  .strict()
  .refine(
    (mail) => {
      const identity = mail.identity.toLowerCase();
      const address = mail.fromAddress.toLowerCase();
      const domain = address.split('@')[1] ?? '';
      return identity.includes('@')
        ? identity === address
        : domain === identity || domain.endsWith(`.${identity}`);
    },
    { message: 'the From address must be the identity or at its domain', path: ['fromAddress'] },
  );
export type MailOutbound = z.infer<typeof MailOutbound>;

export const PartnerApi = z
  .object({
    /**
     * `api-key`: the partner-api function authenticates each request itself (API keys per partner, stored
     * hashed, or HMAC signatures), because the grants (administrations, event types, rate limit) live with
     * the key; a gateway authorizer in front would be a second credential partners must hold.
     */
    authorization: z
      .object({
        type: z.literal('api-key', {
          error:
            'the partner API checks API keys and signatures itself; use { "type": "api-key" } or omit it',
        }),
      })
      .strict()
      .default({ type: 'api-key' }),
    throttle: z
      .object({
        rateLimit: z.number().int().min(1).max(10_000).default(25),
        burstLimit: z.number().int().min(1).max(5_000).default(50),
      })
      .strict()
      .default({ rateLimit: 25, burstLimit: 50 }),
  })
  .strict();
export type PartnerApi = z.infer<typeof PartnerApi>;

export const WebApp = z
  .object({
    enabled: z.boolean(),
    /** The app's own host name (e.g. `app.example.nl`); CloudFront's own domain when omitted. */
    domainName: z
      .string()
      .regex(
        /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/,
        'a lowercase host name such as app.example.nl',
      )
      .optional(),
    /** An ACM certificate for `domainName`; CloudFront only takes certificates from us-east-1. */
    certificateArn: z
      .string()
      .regex(
        /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
        'an ACM certificate ARN in us-east-1 (CloudFront takes no other region)',
      )
      .optional(),
  })
  .strict()
  .refine((web) => (web.domainName === undefined) === (web.certificateArn === undefined), {
    message: 'domainName and certificateArn go together: a custom domain needs its certificate',
    path: ['certificateArn'],
  });
export type WebApp = z.infer<typeof WebApp>;

export const Deployment = z
  .object({
    account: z
      .string()
      .regex(/^\d{12}$/, '12 digits')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-central-1')
      .optional(),
    logRetentionDays: z
      .union([z.literal(7), z.literal(14), z.literal(30), z.literal(90), z.literal(180), z.literal(365)])
      .default(90),
    alarmEmail: z.email().optional(),
    terminationProtection: z.boolean().default(true),
  })
  .strict();
export type Deployment = z.infer<typeof Deployment>;

export const TenantConfig = z
  .object({
    tenant: Tenant,
    displayName: z.string().min(1).max(100),
    deployment: Deployment.default({ logRetentionDays: 90, terminationProtection: true }),
    administrations: z.array(Administration).min(1, 'at least one administration'),
    partnerApi: PartnerApi.default({
      authorization: { type: 'api-key' },
      throttle: { rateLimit: 25, burstLimit: 50 },
    }),
    mailInbound: MailInbound.optional(),
    mailOutbound: MailOutbound.optional().describe(
      'sending sales invoices by e-mail (SES v2); off when omitted',
    ),
    webApp: WebApp.optional().describe('the web app on S3 + CloudFront (issue 12); off when omitted'),
    cashRateLimit: CashRateLimitSettings.optional().describe(
      'how the writers and cash-sync share each CASH API key (lib/cash/rate-limit); defaults: token bucket, burst 20, 60/min',
    ),
    connectors: z.object(connectorShape).strict().default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const codes = new Set<string>();
    config.administrations.forEach((adm, index) => {
      // S3 prefixes and mail addresses are case-insensitive in practice; two codes that differ only by case would collide.
      const key = adm.code.toLowerCase();
      if (codes.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['administrations', index, 'code'],
          message: `duplicate code ${adm.code}`,
        });
      }
      codes.add(key);
    });
    for (const name of connectorNames) {
      const entry = config.connectors[name];
      if (!entry) continue;
      const definition = connectors[name];
      if (definition.core && !entry.enabled) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectors', name, 'enabled'],
          message: `${name} is a core function of the hub and cannot be disabled`,
        });
      }
      entry.administrations?.forEach((code, index) => {
        if (!config.administrations.some((adm) => adm.code === code)) {
          ctx.addIssue({
            code: 'custom',
            path: ['connectors', name, 'administrations', index],
            message: `unknown administration ${code}`,
          });
        }
      });
      if (entry.schedules && !definition.triggers.schedules && !definition.triggers.optionalSchedules) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectors', name, 'schedules'],
          message: `${name} is not started by schedules`,
        });
      }
      checkSubscriptions(
        name,
        entry,
        (definition.triggers as ConnectorTriggers).deliveries,
        config.administrations.map((adm) => adm.code),
        (path, message) => ctx.addIssue({ code: 'custom', path, message }),
      );
      const names = new Set<string>();
      entry.schedules?.forEach((schedule, index) => {
        if (names.has(schedule.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['connectors', name, 'schedules', index, 'name'],
            message: `duplicate schedule name ${schedule.name}`,
          });
        }
        names.add(schedule.name);
      });
    }
  });
export type TenantConfig = z.infer<typeof TenantConfig>;
export type TenantConfigInput = z.input<typeof TenantConfig>;
export type ConnectorConfig = NonNullable<TenantConfig['connectors'][ConnectorName]>;

/** What the functions receive in TENANT_CONFIG: everything but the deployment settings. */
export type TenantRuntimeConfig = Omit<TenantConfig, 'deployment'>;

export function toRuntimeConfig(config: TenantConfig): TenantRuntimeConfig {
  const { deployment: _deployment, ...runtime } = config;
  return runtime;
}
