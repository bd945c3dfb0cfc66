/**
 * The AWS SDK clients, loaded only when the account is read: they are large, and a scan of a
 * repository must not pay for them (the CLI bundle keeps them external; scripts/bundle-cli.ts).
 */
export async function loadSdk() {
  // The SDK warns on Node 20 that its releases after January 2027 will need Node 22; nightlight
  // pins its SDK versions, so the notice is only noise in a scan's output.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const [http, sts, cfn, lambda, iam, gw, gw2, sqs, sns, s3, eb, ddb, kinesis, sfn, idp, ci] = await Promise.all([
    import('@smithy/node-http-handler'),
    import('@aws-sdk/client-sts'),
    import('@aws-sdk/client-cloudformation'),
    import('@aws-sdk/client-lambda'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-api-gateway'),
    import('@aws-sdk/client-apigatewayv2'),
    import('@aws-sdk/client-sqs'),
    import('@aws-sdk/client-sns'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-eventbridge'),
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-kinesis'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-cognito-identity-provider'),
    import('@aws-sdk/client-cognito-identity'),
  ]);
  return { http, sts, cfn, lambda, iam, gw, gw2, sqs, sns, s3, eb, ddb, kinesis, sfn, idp, ci };
}

export type Sdk = Awaited<ReturnType<typeof loadSdk>>;
