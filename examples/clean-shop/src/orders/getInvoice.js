'use strict';
// GET /invoices/{invoiceId} : an invoice PDF of the signed-in customer, straight from S3.

const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});
const INVOICE_ID = /^INV-\d{4}-\d{6}$/;

exports.handler = async (event) => {
  const customerId = event.requestContext.authorizer.jwt.claims.sub;
  const invoiceId = event.pathParameters && event.pathParameters.invoiceId;
  if (!invoiceId || !INVOICE_ID.test(invoiceId)) {
    return { statusCode: 400, body: JSON.stringify({ message: 'invalid invoice id' }) };
  }

  try {
    // The customer's own prefix: nobody reads another customer's invoices.
    const res = await s3.send(new GetObjectCommand({ Bucket: process.env.INVOICE_BUCKET, Key: `${customerId}/${invoiceId}.pdf` }));
    const pdf = Buffer.from(await res.Body.transformToByteArray());
    return {
      statusCode: 200,
      isBase64Encoded: true,
      headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${invoiceId}.pdf"` },
      body: pdf.toString('base64'),
    };
  } catch (err) {
    if (err.name === 'NoSuchKey') return { statusCode: 404, body: JSON.stringify({ message: 'not found' }) };
    throw err;
  }
};
