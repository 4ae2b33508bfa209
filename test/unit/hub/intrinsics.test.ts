import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../hub/hub-error.ts';
import { type IntrinsicContext, resolveIntrinsics, resolveString } from '../../../hub/template/intrinsics.ts';

const context: IntrinsicContext = {
  region: 'eu-west-1',
  accountId: '000000000000',
  stackName: 'cashlink-demo',
  resources: new Map([
    [
      'EventQueue7D2669DD',
      {
        ref: 'http://127.0.0.1:4566/000000000000/cashlink-demo-EventQueue7D2669DD.fifo',
        attributes: { Arn: 'arn:aws:sqs:eu-west-1:000000000000:cashlink-demo-EventQueue7D2669DD.fifo' },
      },
    ],
    [
      'TablesDocumentsC1C1B0DC',
      { ref: 'cashlink-demo-TablesDocumentsC1C1B0DC', attributes: { Arn: 'arn:table' } },
    ],
  ]),
};

describe('resolveIntrinsics', () => {
  it.each([
    [
      'Ref to a queue is its URL',
      { Ref: 'EventQueue7D2669DD' },
      context.resources.get('EventQueue7D2669DD')?.ref,
    ],
    [
      'Ref to a table is its name',
      { Ref: 'TablesDocumentsC1C1B0DC' },
      'cashlink-demo-TablesDocumentsC1C1B0DC',
    ],
    ['GetAtt list form', { 'Fn::GetAtt': ['TablesDocumentsC1C1B0DC', 'Arn'] }, 'arn:table'],
    ['GetAtt dotted form', { 'Fn::GetAtt': 'TablesDocumentsC1C1B0DC.Arn' }, 'arn:table'],
    ['pseudo parameter', { Ref: 'AWS::Region' }, 'eu-west-1'],
    ['Join', { 'Fn::Join': ['/', ['a', { Ref: 'AWS::AccountId' }, 'b']] }, 'a/000000000000/b'],
    [
      'Sub with a GetAtt and a pseudo parameter',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a JS template
      { 'Fn::Sub': '${TablesDocumentsC1C1B0DC.Arn}/${AWS::Region}' },
      'arn:table/eu-west-1',
    ],
    [
      'Sub with local variables',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a JS template
      { 'Fn::Sub': ['${x}-${AWS::StackName}', { x: { Ref: 'AWS::Partition' } }] },
      'aws-cashlink-demo',
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not a JS template
    ['Sub escape', { 'Fn::Sub': '${!Literal}' }, '${Literal}'],
    ['Select of Split', { 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] }, 'b'],
  ])('%s', (_name, value, expected) => {
    // Act
    const resolved = resolveIntrinsics(value, context);
    // Assess
    expect(resolved).toEqual(expected);
  });

  it('resolves nested objects and drops AWS::NoValue', () => {
    // Act
    const resolved = resolveIntrinsics(
      {
        deadLetterTargetArn: { 'Fn::GetAtt': ['EventQueue7D2669DD', 'Arn'] },
        maxReceiveCount: 5,
        gone: { Ref: 'AWS::NoValue' },
      },
      context,
    );
    // Assess
    expect(resolved).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:cashlink-demo-EventQueue7D2669DD.fifo',
      maxReceiveCount: 5,
    });
  });

  it.each([
    ['an unknown logical id', { Ref: 'Missing' }, /Missing/],
    [
      'an unknown attribute',
      { 'Fn::GetAtt': ['TablesDocumentsC1C1B0DC', 'StreamArn'] },
      /StreamArn.*only Arn/,
    ],
    ['an unsupported function', { 'Fn::ImportValue': 'x' }, /Fn::ImportValue is not supported/],
    ['a Select outside the list', { 'Fn::Select': [3, ['a']] }, /outside/],
  ])('names the problem for %s', (_name, value, pattern) => {
    // Act + Assess
    expect(() => resolveIntrinsics(value, context)).toThrow(TemplateError);
    expect(() => resolveIntrinsics(value, context)).toThrow(pattern);
  });

  it('resolveString refuses a value that is not text and names where it was', () => {
    // Act + Assess
    expect(() => resolveString({ a: 1 }, context, 'Fn environment X')).toThrow(/Fn environment X/);
  });

  it('Fn::Join equals Array.join for any strings (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ unit: 'grapheme' })), (separator, items) => {
        // Act
        const joined = resolveIntrinsics({ 'Fn::Join': [separator, items] }, context);
        // Assess
        expect(joined).toBe(items.join(separator));
      }),
    );
  });

  it('never throws anything but TemplateError on arbitrary JSON (fuzz)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          resolveIntrinsics(value, context);
        } catch (error) {
          expect(error).toBeInstanceOf(TemplateError);
        }
      }),
    );
  });
});
