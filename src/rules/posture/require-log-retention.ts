import { postureRule, type PostureGap } from '../kinds.js';
import { OUTSIDE } from '../../analyses/posture/api.js';
import { isUnresolved } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/** A year: attacks are commonly found months after they start, and most audit regimes ask for one. */
const MIN_DAYS = 365;

/**
 * A CloudWatch Logs group that keeps its events for less than a year, or forever. A function's own
 * group (`/aws/lambda/<name>`) that callers from outside the account reach loses the record of an
 * attack before it is usually found: low. A group that never expires keeps what the functions log
 * (request data, personal data) and its storage cost without end: info, as is a short retention on a
 * group no outside caller's requests reach. The Serverless Framework's generated function groups
 * are read with `provider.logRetentionInDays`.
 */
export default postureRule({
  id: 'posture/require-log-retention',
  description: 'Log groups of functions reached from outside should keep events for at least a year, and no group forever.',
  category: 'missing-observability',
  severity: 'low',
  cwe: [778],
  messages: {
    short: '{{res}} keeps log events {{days}} days{{whose}}: the record of an attack is gone before one is usually found (keep at least {{min}} days).',
    forever: '{{res}} has no RetentionInDays: its events{{whose}} are kept, and billed, forever.',
    unresolved: '{{res}}: its retention could not be resolved ({{why}}){{whose}}.',
  },
  requires: ['surface'],
  sources: peers('checkov:CKV_AWS_66', 'checkov:CKV_AWS_338'),
  resource(r, view): PostureGap | null {
    const ret = r.posture?.retention;
    if (!ret) return null;
    // The function whose own group this is: of the group's stack first (two stacks scanned together
    // may both name one `upload`), else another's; the last of that name, as Lambda's would be.
    const named = typeof r.name === 'string' ? view.model.functions.filter((f) => typeof f.name === 'string' && `/aws/lambda/${f.name}` === r.name) : [];
    const fn = named.findLast((f) => f.stack === r.stack) ?? named.at(-1);
    const caller = fn ? view.caller(fn.id) : null;
    const base = { key: 'retention', location: ret.location, functions: fn ? [fn.id] : [] };
    const data = { whose: fn && caller ? ` (those of ${fn.id}; ${caller.words})` : '', min: String(MIN_DAYS) };
    if (isUnresolved(ret.days)) return { ...base, messageId: 'unresolved', data: { ...data, why: ret.days.reason }, severity: 'info' };
    if (ret.days === null) return { ...base, messageId: 'forever', data, severity: 'info' };
    return ret.days < MIN_DAYS ? { ...base, messageId: 'short', data: { ...data, days: String(ret.days) }, severity: caller && OUTSIDE.has(caller.reach) ? 'low' : 'info' } : null;
  },
});
