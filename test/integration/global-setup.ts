import type { TestProject } from 'vitest/node';
import { startAwsEmulators } from '../../lib/local/aws-emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    awsEndpoint: string;
  }
}

/**
 * Starts the AWS emulators once for all integration tests, or uses the endpoint the user gave
 * (`AWS_ENDPOINT_URL`, e.g. LocalStack).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.AWS_ENDPOINT_URL;
  if (given) {
    project.provide('awsEndpoint', given);
    return async () => {};
  }
  const emulators = await startAwsEmulators();
  project.provide('awsEndpoint', emulators.endpoint);
  return () => emulators.stop();
}
