const { Octokit } = require('@octokit/rest');
// expect: code/no-hardcoded-secret
const GITHUB_TOKEN = 'ghp_R7kPq2Lm9XvB4tYw8ZcN3sJd6FhA1gUe5Qo0';
const github = new Octokit({ auth: GITHUB_TOKEN });

exports.handler = async () => {
  const { data } = await github.repos.get({ owner: 'acme', repo: 'shop' });
  return { statusCode: 200, body: data.full_name };
};
