import { afterAll, describe, expect, it } from 'vitest';
import { StackTemplate } from '../../../hub/template/stack-template.ts';
import { createProjectRoot, synthTenant } from '../infra/synth-fixture.ts';

type Raw = ConstructorParameters<typeof StackTemplate>[1];

function mapping(functionId: string, extra: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: {
      EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
      FunctionName: { Ref: functionId },
      BatchSize: 10,
      ...extra,
    },
  };
}

function templateWith(mappings: Record<string, unknown>): StackTemplate {
  return new StackTemplate('x', {
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Writer: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Code: {} } },
      Other: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Code: {} } },
      ...mappings,
    },
  } as Raw);
}

describe('SQS mapping concurrency from the template', () => {
  const project = createProjectRoot();
  afterAll(() => project.cleanup());

  it.each([
    ['demo', 2],
    ['example-bv', 3],
  ])(
    'reads the %s tenant’s cash-writer maxConcurrency (%i) from its synthesized stack',
    (tenant, expected) => {
      // Prepare
      const { template } = synthTenant(tenant, project.root);
      // Act
      const stack = new StackTemplate(tenant, template.toJSON() as Raw);
      // Assess
      expect(stack.sqsMappings).toHaveLength(1);
      const [writerMapping] = stack.sqsMappings;
      expect(writerMapping?.maximumConcurrency).toBe(expected);
      expect(stack.sqsConcurrencyOf(writerMapping?.functionId as string)).toBe(expected);
    },
  );

  it.each([
    { case: 'no mapping', mappings: {}, writer: 1 },
    { case: 'a mapping without ScalingConfig', mappings: { M1: mapping('Writer') }, writer: 1 },
    {
      case: 'a mapping with MaximumConcurrency 4',
      mappings: { M1: mapping('Writer', { ScalingConfig: { MaximumConcurrency: 4 } }) },
      writer: 4,
    },
    {
      case: 'two mappings of the same function',
      mappings: {
        M1: mapping('Writer', { ScalingConfig: { MaximumConcurrency: 2 } }),
        M2: mapping('Writer', { ScalingConfig: { MaximumConcurrency: 3 } }),
      },
      writer: 5,
    },
    {
      case: 'a disabled mapping',
      mappings: { M1: mapping('Writer', { Enabled: false, ScalingConfig: { MaximumConcurrency: 6 } }) },
      writer: 1,
    },
    {
      case: 'a mapping of another function',
      mappings: { M1: mapping('Other', { ScalingConfig: { MaximumConcurrency: 6 } }) },
      writer: 1,
    },
  ])('gives a function with $case $writer environment(s)', ({ mappings, writer }) => {
    // Act
    const template = templateWith(mappings);
    // Assess
    expect(template.sqsConcurrencyOf('Writer')).toBe(writer);
  });
});
