const { Octokit } = require('@octokit/rest');
const github = new Octokit({ auth: process.env.GITHUB_TOKEN });

exports.handler = async () => {
  const { data } = await github.repos.get({ owner: 'acme', repo: 'shop' });
  return { statusCode: 200, body: data.full_name };
};
