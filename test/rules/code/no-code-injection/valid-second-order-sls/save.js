import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';

const s3 = new S3Client({});

export const handler = async (event) => {
  const id = randomUUID();
  const name = JSON.parse(event.body).name;
  await s3.send(new PutObjectCommand({ Bucket: process.env.FORMULAS, Key: `${name}.txt`, Body: `SUM(${id.length}, 1)` }));
  return { statusCode: 201, body: id };
};
