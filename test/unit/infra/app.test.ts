import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, stackNameOf } from '../../../infra/app.ts';
import {
  connectorNames,
  connectors,
  ENV,
  listTenants,
  TenantConfigError,
} from '../../../lib/tenant/index.ts';
import { createProjectRoot, repoRoot, tenantsDirectory, testApp } from './synth-fixture.ts';

const project = createProjectRoot();
afterAll(() => project.cleanup());

describe('Function: buildApp', () => {
  it('synthesizes one stack per tenant file with -c tenant=all', () => {
    // Act
    const { stacks } = buildApp({ app: testApp(), tenant: 'all', projectRoot: project.root });

    // Assess
    expect(stacks.map((stack) => stack.stackName)).toEqual(listTenants(tenantsDirectory).map(stackNameOf));
  });

  it('synthesizes only the chosen tenant', () => {
    // Act
    const { app, stacks } = buildApp({ app: testApp(), tenant: 'example-bv', projectRoot: project.root });

    // Assess
    expect(stacks.map((stack) => stack.stackName)).toEqual(['cashlink-example-bv']);
    expect(app.node.children.filter((child) => child.node.id.startsWith('cashlink-'))).toHaveLength(1);
  });

  it('does not depend on cdk.json: a bare App builds and synthesizes too', () => {
    // Prepare
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-stack-trace': true },
      builtinCloudFormationValidation: false,
    });

    // Act & Assess
    buildApp({ app, tenant: 'demo', projectRoot: project.root });
    expect(() => app.synth()).not.toThrow();
  });

  it('fails with the tenant file named when a tenant does not exist', () => {
    // Act & Assess
    expect(() => buildApp({ app: testApp(), tenant: 'nobody', projectRoot: project.root })).toThrow(
      TenantConfigError,
    );
    expect(() => buildApp({ app: testApp(), tenant: 'nobody', projectRoot: project.root })).toThrow(
      /nobody\.json/,
    );
  });

  it('fails clearly when a connector’s handler entry is missing', () => {
    // Act & Assess
    expect(() =>
      buildApp({ app: testApp(), tenant: 'demo', projectRoot: join(project.root, 'empty') }),
    ).toThrow(/handler entry functions\/[a-z-]+\/index\.ts not found/);
  });
});

describe('cdk.json', () => {
  it('runs the app with tsx and defaults to the demo tenant', () => {
    // Act
    const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8'));

    // Assess
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
    expect(cdkJson.context.tenant).toBe('demo');
  });
});

describe('Connector registry', () => {
  it.each(connectorNames)('%s has its handler at functions/<name>/index.ts and sane limits', (name) => {
    // Prepare
    const definition = connectors[name];

    // Assess
    expect(definition.entry).toBe(`functions/${name}/index.ts`);
    expect(definition.timeoutSeconds).toBeGreaterThan(0);
    expect(definition.timeoutSeconds).toBeLessThanOrEqual(900);
    expect(definition.memorySizeMb).toBeGreaterThanOrEqual(256);
    expect(definition.grants.length).toBeGreaterThan(0);
  });

  it('has exactly one writer: only cash-writer consumes the event queue', () => {
    // Act
    const consumers = connectorNames.filter((name) => connectors[name].triggers.eventQueue !== undefined);

    // Assess
    expect(consumers).toEqual(['cash-writer']);
    expect(connectors['cash-writer'].grants).toContain('consume-events');
  });

  it('keeps environment variable names unique', () => {
    // Act
    const names = Object.values(ENV);

    // Assess
    expect(new Set(names).size).toBe(names.length);
  });
});
