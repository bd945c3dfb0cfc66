'use strict';
const AWS = require('aws-sdk');
const s3 = new AWS.S3();

module.exports.lookup = (event, context, callback) => {
  s3.getObject({ Bucket: process.env.BUCKET, Key: 'index.json' }, (err, data) => {
    if (err) {
      console.error('lookup failed', err);
      callback(null, { statusCode: 500, body: 'lookup failed' });
      return;
    }
    callback(null, { statusCode: 200, body: data.Body.toString() });
  });
};
