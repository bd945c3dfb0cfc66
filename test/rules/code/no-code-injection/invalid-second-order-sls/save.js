import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';

const s3 = new S3Client({});

export const handler = async (event) => {
  const id = randomUUID();
  await s3.send(new PutObjectCommand({ Bucket: process.env.FORMULAS, Key: `${id}.txt`, Body: JSON.parse(event.body).formula }));
  return { statusCode: 201, body: id };
};
