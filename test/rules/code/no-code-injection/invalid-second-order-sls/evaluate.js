import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event) => {
  const res = await s3.send(new GetObjectCommand({ Bucket: process.env.FORMULAS, Key: `${event.pathParameters.id}.txt` }));
  const formula = await res.Body.transformToString();
  // expect: code/no-code-injection
  const value = eval(formula);
  return { statusCode: 200, body: String(value) };
};
