import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.ts';
import { SynthError } from '../hub-error.ts';

/**
 * The CDK app as the hub runs it: `infra/app.ts`'s `buildApp` on an App that reads its context and
 * output directory from `CDK_CONTEXT_JSON` / `CDK_OUTDIR` (as under `cdk synth`) and synthesizes on exit.
 * cdk-nag runs as on every synth. CDK's built-in CloudFormation validation is left out: with
 * `@aws-cdk/core:validateAgainstDefaultRules` unset it only warns, never changes the template, and costs
 * about 4 s of WebAssembly; `cdk synth`/`cdk deploy` (infra/app.ts) still run it.
 */
const app = new App({ builtinCloudFormationValidation: false });
const tenant = app.node.tryGetContext('tenant');
if (typeof tenant !== 'string' || tenant === '')
  throw new SynthError('The hub runs the CDK app without a tenant');
buildApp({ app, tenant });
