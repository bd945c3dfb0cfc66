/**
 * The AWS SDK clients, loaded only when the account is read: they are large, and a scan of a
 * repository must not pay for them (the CLI bundle keeps them external; scripts/bundle-cli.ts).
 */
export async function loadSdk() {
  const [sts, cfn, lambda, iam, gw, gw2, sqs, sns, s3, eb, ddb, sfn, idp, ci] = await Promise.all([
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
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-cognito-identity-provider'),
    import('@aws-sdk/client-cognito-identity'),
  ]);
  return { sts, cfn, lambda, iam, gw, gw2, sqs, sns, s3, eb, ddb, sfn, idp, ci };
}

export type Sdk = Awaited<ReturnType<typeof loadSdk>>;
