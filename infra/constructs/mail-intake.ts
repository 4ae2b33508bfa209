import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import type { MailInbound } from '../../lib/tenant/index.ts';

export interface MailIntakeProps {
  settings: MailInbound;
  administrations: readonly string[];
  mailbox: s3.IBucket;
}

/** One receiving address and the mailbox prefix its raw messages are written under. */
export interface MailRoute {
  administration: string;
  recipient: string;
  prefix: string;
}

/**
 * The addresses and prefixes for a tenant: `single` gives `<adm>@domain` → `<adm>/inbox-email/`,
 * `per-direction` gives `<adm>-purchase@domain` → `<adm>/purchase/`, `<adm>-sales@domain` → `<adm>/sales/` and
 * `<adm>-bank@domain` → `<adm>/bank/` (bank statements mailed as attachments).
 * Addresses are lowercase because mail systems compare local parts case-insensitively in practice.
 */
export function mailRoutes(settings: MailInbound, administrations: readonly string[]): MailRoute[] {
  return administrations.flatMap((administration) => {
    const local = administration.toLowerCase();
    if (settings.layout === 'single') {
      return [
        {
          administration,
          recipient: `${local}@${settings.domain}`,
          prefix: `${administration}/inbox-email/`,
        },
      ];
    }
    return (['purchase', 'sales', 'bank'] as const).map((direction) => ({
      administration,
      recipient: `${local}-${direction}@${settings.domain}`,
      prefix: `${administration}/${direction}/`,
    }));
  });
}

/**
 * SES inbound: receipt rules, added to the account's active rule set, that write each raw message (MIME)
 * for an administration's address into the mailbox bucket, spam- and virus-scanned and over TLS only.
 */
export class MailIntake extends Construct {
  readonly rules: ses.ReceiptRule[] = [];
  readonly routes: MailRoute[];

  constructor(scope: Construct, id: string, props: MailIntakeProps) {
    super(scope, id);
    const ruleSet = ses.ReceiptRuleSet.fromReceiptRuleSetName(this, 'RuleSet', props.settings.ruleSetName);
    this.routes = mailRoutes(props.settings, props.administrations);
    for (const route of this.routes) {
      const rule = new ses.ReceiptRule(this, `Rule-${route.recipient}`, {
        ruleSet,
        recipients: [route.recipient],
        scanEnabled: true,
        tlsPolicy: ses.TlsPolicy.REQUIRE,
        enabled: true,
        actions: [new sesActions.S3({ bucket: props.mailbox, objectKeyPrefix: route.prefix })],
      });
      this.rules.push(rule);
    }
  }
}
