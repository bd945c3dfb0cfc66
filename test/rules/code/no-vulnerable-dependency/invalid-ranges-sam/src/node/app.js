const _ = require('lodash');
const parse = require('minimist');

exports.handler = async (event) => ({ statusCode: 200, body: _.escape(JSON.stringify(parse([event.rawPath]))) });
