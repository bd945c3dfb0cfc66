'use strict';
// GET /invoices?file=INV-2024-000123.pdf : streams an invoice PDF, cached in /tmp between invocations.

const fs = require('node:fs/promises');
const path = require('node:path');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});
const CACHE_DIR = '/tmp/invoices';

async function download(customerId, file, target) {
  const res = await s3.send(new GetObjectCommand({ Bucket: process.env.INVOICE_BUCKET, Key: `${customerId}/${file}` }));
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, Buffer.from(await res.Body.transformToByteArray()));
}

exports.handler = async (event) => {
  const customerId = event.requestContext.authorizer.jwt.claims.sub;
  const file = (event.queryStringParameters || {}).file;
  if (!file || !file.endsWith('.pdf') && !file.includes('%')) {
    return { statusCode: 400, body: JSON.stringify({ message: 'file must be a PDF invoice' }) };
  }

  const cached = path.join(CACHE_DIR, decodeURIComponent(file));
  try {
    await fs.access(cached);
  } catch {
    await download(customerId, file, cached);
  }

  const pdf = await fs.readFile(cached);
  return {
    statusCode: 200,
    isBase64Encoded: true,
    headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${path.basename(cached)}"` },
    body: pdf.toString('base64'),
  };
};
