// EventBridge (source shop.ops, detail-type HotfixRollout): points each listed function at a new build.
import { LambdaClient, UpdateFunctionCodeCommand, PublishVersionCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';

const lambda = new LambdaClient({});

export const handler = async (event) => {
  const { functionNames, s3Bucket, s3Key } = event.detail;
  const results = [];
  for (const FunctionName of functionNames) {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, S3Bucket: s3Bucket, S3Key: s3Key }));
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName });
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName, Description: `hotfix ${s3Key}` }));
    results.push({ FunctionName, Version });
  }
  console.log('rollout done', JSON.stringify(results));
  return results;
};
