import { defineRule } from '../../engine/types.js';
import { callerWords } from '../../analyses/posture/invocation.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { isUnresolved } from '../../model/types.js';

/** A year: attacks are commonly found months after they start, and most audit regimes ask for one. */
const MIN_DAYS = 365;

/**
 * A CloudWatch Logs group that keeps its events for less than a year, or forever. A function's own
 * group (`/aws/lambda/<name>`) that callers from outside the account reach loses the record of an
 * attack before it is usually found: low. A group that never expires keeps what the functions log
 * (request data, personal data) and its storage cost without end: info, as is a short retention on a
 * group no outside caller's requests reach. The Serverless Framework's generated groups
 * (`provider.logRetentionInDays`) are left out.
 */
export default defineRule({
  id: 'posture/require-log-retention',
  meta: {
    description: 'Log groups of functions reached from outside should keep events for at least a year, and no group forever.',
    category: 'missing-observability',
    severity: 'low',
    cwe: [778],
    profile: 'hardening',
    messages: {
      short: '{{group}} keeps log events {{days}} days{{whose}}: the record of an attack is gone before one is usually found (keep at least {{min}} days).',
      forever: '{{group}} has no RetentionInDays: its events{{whose}} are kept, and billed, forever.',
      unresolved: '{{group}}: its retention could not be resolved ({{why}}){{whose}}.',
    },
    requires: ['surface'],
    sources: [
      { tool: 'checkov', id: 'CKV_AWS_66' },
      { tool: 'checkov', id: 'CKV_AWS_338' },
    ],
  },
  create(context) {
    const byLogGroup = new Map<string, string>();
    for (const fn of context.model.functions) if (typeof fn.name === 'string') byLogGroup.set(`/aws/lambda/${fn.name}`, fn.id);
    for (const r of context.model.resources) {
      const ret = r.posture?.retention;
      if (!ret || r.cloud !== undefined) continue;
      const fnId = typeof r.name === 'string' ? byLogGroup.get(r.name) : undefined;
      const caller = fnId ? callerWords(context.model, context.analyses.surface, fnId) : null;
      const fnName = fnId ?? '';
      const whose = caller ? ` (those of ${fnName}; ${caller.words})` : '';
      const base = { subject: r.id, key: 'retention', location: ret.location, functions: fnId ? [fnId] : [] };
      const data = { group: r.id, whose, min: String(MIN_DAYS) };
      if (isUnresolved(ret.days)) context.report({ ...base, messageId: 'unresolved', data: { ...data, why: ret.days.reason }, severity: 'info' });
      else if (ret.days === null) context.report({ ...base, messageId: 'forever', data, severity: 'info' });
      else if (ret.days < MIN_DAYS) context.report({ ...base, messageId: 'short', data: { ...data, days: String(ret.days) }, severity: caller && OUTSIDE.has(caller.reach) ? 'low' : 'info' });
    }
  },
});
