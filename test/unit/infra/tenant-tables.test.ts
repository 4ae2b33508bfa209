import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TenantTables } from '../../../infra/constructs/tenant-tables.ts';
import { InfraError } from '../../../infra/infra-error.ts';

/** The GSI names of the documents table a stack with `context` defines. */
function documentIndexes(context: Record<string, unknown>): string[] {
  const stack = new Stack(new App({ context }), 'Tables');
  const tables = new TenantTables(stack, 'Tables');
  const id = stack.getLogicalId(tables.documents.node.defaultChild as never);
  const table = Template.fromStack(stack).toJSON().Resources[id] as {
    Properties: { GlobalSecondaryIndexes?: Array<{ IndexName: string }> };
  };
  return (table.Properties.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName);
}

describe('TenantTables: the documents table’s GSIs', () => {
  it.each([
    [{}, ['review', 'administration', 'status', 'connector']],
    [{ documentIndexes: '1' }, ['review']],
    [{ documentIndexes: 3 }, ['review', 'administration', 'status']],
    [{ documentIndexes: '0' }, []],
  ])('with context %j defines %j (one more per deployment of an existing table)', (context, names) => {
    // Act
    const defined = documentIndexes(context);

    // Assess
    expect(defined).toEqual(names);
  });

  it.each(['5', '-1', 'two', '1.5'])(
    'refuses documentIndexes=%s naming the context and the range',
    (value) => {
      // Act
      const build = () => documentIndexes({ documentIndexes: value });

      // Assess
      expect(build).toThrow(InfraError);
      expect(build).toThrow(/documentIndexes: a whole number from 0 to 4/);
    },
  );
});
