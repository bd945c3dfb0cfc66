/**
 * The AWS SDK clients, loaded only when the account is read: they are large, and a scan of a
 * repository must not pay for them (the CLI bundle keeps them external; scripts/bundle-cli.ts).
 */
import { importExternal } from '../external.js';

export async function loadSdk() {
  // The SDK warns on Node 20 that its releases after January 2027 will need Node 22; nightlight
  // pins its SDK versions, so the notice is only noise in a scan's output.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const [http, sts, cfn, lambda, iam, gw, gw2, sqs, sns, s3, eb, ddb, kinesis, sfn, idp, ci] = await Promise.all([
    importExternal<typeof import('@smithy/node-http-handler')>('@smithy/node-http-handler'),
    importExternal<typeof import('@aws-sdk/client-sts')>('@aws-sdk/client-sts'),
    importExternal<typeof import('@aws-sdk/client-cloudformation')>('@aws-sdk/client-cloudformation'),
    importExternal<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda'),
    importExternal<typeof import('@aws-sdk/client-iam')>('@aws-sdk/client-iam'),
    importExternal<typeof import('@aws-sdk/client-api-gateway')>('@aws-sdk/client-api-gateway'),
    importExternal<typeof import('@aws-sdk/client-apigatewayv2')>('@aws-sdk/client-apigatewayv2'),
    importExternal<typeof import('@aws-sdk/client-sqs')>('@aws-sdk/client-sqs'),
    importExternal<typeof import('@aws-sdk/client-sns')>('@aws-sdk/client-sns'),
    importExternal<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3'),
    importExternal<typeof import('@aws-sdk/client-eventbridge')>('@aws-sdk/client-eventbridge'),
    importExternal<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb'),
    importExternal<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis'),
    importExternal<typeof import('@aws-sdk/client-sfn')>('@aws-sdk/client-sfn'),
    importExternal<typeof import('@aws-sdk/client-cognito-identity-provider')>('@aws-sdk/client-cognito-identity-provider'),
    importExternal<typeof import('@aws-sdk/client-cognito-identity')>('@aws-sdk/client-cognito-identity'),
  ]);
  return { http, sts, cfn, lambda, iam, gw, gw2, sqs, sns, s3, eb, ddb, kinesis, sfn, idp, ci };
}

export type Sdk = Awaited<ReturnType<typeof loadSdk>>;
