'use strict';
const AWS = require('aws-sdk');
const s3 = new AWS.S3();

module.exports.lookup = (event, context, callback) => {
  s3.getObject({ Bucket: process.env.BUCKET, Key: 'index.json' }, (err, data) => {
    if (err) {
      // expect: code/no-verbose-error
      callback(null, { statusCode: 500, body: `lookup failed: ${err}` });
      return;
    }
    callback(null, { statusCode: 200, body: data.Body.toString() });
  });
};
