/** A Cognito-shaped error: `__type` and `message`, HTTP 400 like the service. */
export class CognitoFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'CognitoFault';
  }
}
