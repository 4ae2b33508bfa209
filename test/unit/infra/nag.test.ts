import { type Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../../infra/app.ts';
import { listTenants } from '../../../lib/tenant/index.ts';
import { createProjectRoot, tenantsDirectory, testApp } from './synth-fixture.ts';

const project = createProjectRoot();
afterAll(() => project.cleanup());

function findings(scope: IConstruct): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`),
      ),
  );
}

function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  it.each(listTenants(tenantsDirectory))(
    '%s: no unacknowledged finding, errors or warnings',
    (tenant) => {
      // Prepare
      const app = testApp();

      // Act
      buildApp({ app, tenant, projectRoot: project.root });

      // Assess
      expect(findings(app)).toEqual([]);
      // Synthesis runs the same packs as validation plugins and would throw on a finding.
      expect(() => app.synth()).not.toThrow();
      // Two full synths of a stack with seven functions: seconds on a busy machine.
    },
    30_000,
  );

  it.each(listTenants(tenantsDirectory))(
    '%s: every acknowledgement names one rule and gives a reason',
    (tenant) => {
      // Prepare
      const app = testApp();
      buildApp({ app, tenant, projectRoot: project.root });

      // Act
      const acks = acknowledgements(app);

      // Assess
      expect(acks.length).toBeGreaterThan(0);
      for (const ack of acks) {
        expect(ack.id).toMatch(/^Annotation::(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
        expect(ack.reason.length).toBeGreaterThan(20);
      }
    },
  );

  it.each(listTenants(tenantsDirectory))(
    '%s: every acknowledgement silences a finding that really occurs',
    (tenant) => {
      // Prepare: the same app once with and once without acknowledgements.
      const acknowledged = testApp();
      buildApp({ app: acknowledged, tenant, projectRoot: project.root });
      const spy = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
      const bare = testApp();
      try {
        buildApp({ app: bare, tenant, projectRoot: project.root });
      } finally {
        spy.mockRestore();
      }

      // Act
      const raw = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
        pack
          .validateScope(bare)
          .violations.flatMap((v) =>
            v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath })),
          ),
      );
      const unused = acknowledgements(acknowledged).filter((ack) => {
        const rule = ack.id.replace(/^Annotation::/, '');
        return !raw.some((finding) => finding.rule === rule && `${finding.path}/`.startsWith(`${ack.path}/`));
      });

      // Assess
      expect(raw.length).toBeGreaterThan(0);
      expect(unused.map((ack) => `${ack.id} on ${ack.path}`)).toEqual([]);
    },
  );

  it('is really active: a bucket without TLS enforcement added to a tenant stack fails synth', () => {
    // Prepare
    const app = testApp();
    const { stacks } = buildApp({ app, tenant: 'demo', projectRoot: project.root });
    const stack = stacks[0] as Stack;
    new s3.Bucket(stack, 'CarelessBucket');

    // Act
    const found = findings(app);

    // Assess
    expect(found).toEqual(
      expect.arrayContaining([expect.stringMatching(/^error AwsSolutions-S10 .*CarelessBucket/)]),
    );
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });
});
