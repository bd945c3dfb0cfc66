'use strict';
// S3 ObjectCreated on the upload bucket: makes a 256px thumbnail with ImageMagick (from a layer).

const { exec } = require('node:child_process');
const { promisify } = require('node:util');
const fs = require('node:fs/promises');
const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');

const run = promisify(exec);
const s3 = new S3Client({});

async function processRecord(record) {
  const bucket = record.s3.bucket.name;
  const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
  const source = `/tmp/${key}`;
  const target = `/tmp/thumb-${key}.jpg`;

  const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await fs.writeFile(source, Buffer.from(await original.Body.transformToByteArray()));

  await run(`convert "${source}" -auto-orient -thumbnail 256x256^ -gravity center -extent 256x256 "${target}"`);

  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `thumbnails/${key}.jpg`,
      Body: await fs.readFile(target),
      ContentType: 'image/jpeg',
    }),
  );
  await Promise.all([fs.rm(source, { force: true }), fs.rm(target, { force: true })]);
}

exports.handler = async (event) => {
  for (const record of event.Records) {
    await processRecord(record);
  }
};
