const _ = require('lodash');
const parse = require('minimist');

exports.greet = async (event) => ({ statusCode: 200, body: _.escape(event.rawPath) });
exports.report = async () => parse(['--a']);
