import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type LayerRule,
  layerViolations,
  repositoryLayerViolations,
  sourceFiles,
} from '../../support/layer-imports.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** What ships (events → lib → functions) never reaches into the stack, the local hub, tools or tests. */
const TOOLING = ['infra', 'hub', 'cli', 'bench', 'test', 'scripts'];
const LAYERS: readonly LayerRule[] = [
  { from: 'events', forbidden: ['lib', 'functions', ...TOOLING] },
  { from: 'lib', forbidden: ['functions', ...TOOLING] },
  { from: 'functions', forbidden: TOOLING },
];

describe('Layer imports', () => {
  it.each([
    ['a static import', "import { ENV } from '../../infra/env-names.ts';", ['../../infra/env-names.ts']],
    ['a type-only import', "import type { X } from '../../infra/x.ts';", ['../../infra/x.ts']],
    [
      'a re-export',
      "export { TenantStack } from '../../infra/tenant-stack.ts';",
      ['../../infra/tenant-stack.ts'],
    ],
    ['a dynamic import', "const m = await import('../../infra/app.ts');", ['../../infra/app.ts']],
    ['a require', "const m = require('../../test/support/corpus.ts');", ['../../test/support/corpus.ts']],
    ['a side-effect import', "import '../../hub/start.ts';", ['../../hub/start.ts']],
    ['an import within the layer', "import { z } from 'zod';\nimport { a } from '../tenant/index.ts';", []],
    ['a path in a comment or string', "// see '../../infra/app.ts'\nconst p = '../../infra/app.ts';", []],
  ])('finds %s that crosses a layer', (_what, source, expected) => {
    // Prepare
    const file = 'lib/runtime/some-module.ts';

    // Act
    const violations = layerViolations(file, source, LAYERS);

    // Assess
    expect(violations.map((v) => v.specifier)).toEqual(expected);
  });

  it('names the file, line and folder of a violation', () => {
    // Prepare
    const source = "import { z } from 'zod';\n\nimport { connectors } from '../../infra/connectors.ts';\n";

    // Act
    const violations = layerViolations('functions/partner-api/index.ts', source, LAYERS);

    // Assess
    expect(violations).toEqual([
      {
        file: 'functions/partner-api/index.ts',
        line: 3,
        specifier: '../../infra/connectors.ts',
        target: 'infra',
      },
    ]);
  });

  it('lets infra/ and the tools import the shipped layers', () => {
    // Prepare
    const source = "import { connectors } from '../lib/tenant/index.ts';";

    // Act & Assess
    expect(layerViolations('infra/tenant-stack.ts', source, LAYERS)).toEqual([]);
    expect(layerViolations('hub/local-hub.ts', source, LAYERS)).toEqual([]);
  });

  it('scans the real folders (the rules are not vacuous)', () => {
    // Act
    const counts = LAYERS.map((rule) => sourceFiles(repoRoot, rule.from).length);

    // Assess
    for (const count of counts) expect(count).toBeGreaterThan(0);
  });

  it('holds for every file under events/, lib/ and functions/', () => {
    // Act
    const violations = repositoryLayerViolations(repoRoot, LAYERS);

    // Assess
    expect(
      violations.map((v) => `${v.file}:${v.line} imports ${v.specifier} (${v.target}/)`),
      'events/ → lib/ → functions/ must not import infra/, hub/, cli/, bench/, test/ or scripts/',
    ).toEqual([]);
  });
});
