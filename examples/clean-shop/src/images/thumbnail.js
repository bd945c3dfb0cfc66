'use strict';
// S3 ObjectCreated under incoming/ in the upload bucket: a 256px thumbnail into the thumbnail bucket.

const { execFile } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { promisify } = require('node:util');
const fs = require('node:fs/promises');
const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');

const run = promisify(execFile);
const s3 = new S3Client({});
const MAX_BYTES = 20 * 1024 * 1024;

async function processRecord(record) {
  const bucket = record.s3.bucket.name;
  const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
  if (record.s3.object.size > MAX_BYTES) {
    console.warn('image too large, skipped', record.s3.object.size);
    return;
  }
  // Local names never come from the object key.
  const id = randomUUID();
  const source = `/tmp/${id}.img`;
  const target = `/tmp/${id}.jpg`;

  try {
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await fs.writeFile(source, Buffer.from(await original.Body.transformToByteArray()));
    // execFile: no shell, fixed arguments.
    await run('convert', [source, '-auto-orient', '-thumbnail', '256x256^', '-gravity', 'center', '-extent', '256x256', target]);
    await s3.send(
      new PutObjectCommand({
        Bucket: process.env.THUMBNAIL_BUCKET,
        Key: `${key.slice('incoming/'.length)}.jpg`,
        Body: await fs.readFile(target),
        ContentType: 'image/jpeg',
      }),
    );
  } finally {
    await Promise.all([fs.rm(source, { force: true }), fs.rm(target, { force: true })]);
  }
}

exports.handler = async (event) => {
  for (const record of event.Records) {
    await processRecord(record);
  }
};
