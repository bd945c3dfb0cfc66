import { postureRule, type PostureGap } from '../kinds.js';
import { edgeExposure, edgeSeverity } from '../../analyses/posture/edge.js';
import { isUnresolved } from '../../model/types.js';
import { peers } from '../../engine/types.js';

/**
 * A CloudFront distribution whose viewers may connect with TLS older than 1.2 (Checkov CKV_AWS_174)
 * or in plain HTTP (a cache behaviour with `ViewerProtocolPolicy: allow-all`, CKV_AWS_34). With
 * CloudFront's own certificate (`*.cloudfront.net`) the minimum is TLSv1 whatever the template says:
 * raising it takes a certificate of the account. TLS 1.0 and 1.1 have known weaknesses and no
 * current client needs them: low when requests to routes or function URLs behind it cross it (tokens,
 * bodies), info for static files. Plain HTTP exposes every request and response on the network:
 * medium in front of the app's routes, low for static files (which can be altered in transit).
 */
export default postureRule({
  id: 'posture/require-viewer-tls',
  description: 'CloudFront distributions should accept viewers over HTTPS with TLS 1.2 or later only.',
  category: 'misconfiguration',
  severity: 'medium',
  cwe: [319, 326],
  sources: peers('checkov:CKV_AWS_174', 'checkov:CKV_AWS_34', 'cdk-nag:AwsSolutions-CFR4'),
  messages: {
    version: '{{res}} accepts viewers on {{version}} (MinimumProtocolVersion), older than TLS 1.2, and {{who}}.',
    default: '{{res}} serves its *.cloudfront.net name with CloudFront\'s certificate, which accepts viewers on TLSv1 whatever MinimumProtocolVersion says, and {{who}}. Use a certificate of your own (ACM) with TLSv1.2_2021.',
    plaintext: '{{res}} answers plain HTTP on {{path}} (ViewerProtocolPolicy allow-all), and {{who}}: requests and responses cross the network unencrypted and can be read or changed on the way.',
    unresolved: '{{res}}: the oldest TLS version it accepts could not be decided ({{why}}), and {{who}}.',
  },
  requires: ['surface'],
  resource(r, view) {
    const d = r.posture?.distribution;
    if (!d) return null;
    const e = edgeExposure(view.model, r);
    const out: PostureGap[] = [];
    const base = { functions: e.functions };
    const v = d.viewerTls.version;
    if (isUnresolved(v)) out.push({ ...base, messageId: 'unresolved', key: 'tls', data: { who: e.words, why: v.reason }, location: d.viewerTls.location, severity: 'info' });
    else if (!/^TLSv1\.[2-9]/.test(v)) out.push({ ...base, messageId: d.viewerTls.defaultCertificate ? 'default' : 'version', key: 'tls', data: { who: e.words, version: v }, location: d.viewerTls.location, severity: edgeSeverity(e, 'low', 'low') });
    for (const b of d.behaviours) {
      if (b.viewerProtocolPolicy !== 'allow-all') continue;
      // Judged by what this behaviour forwards to.
      const be = edgeExposure(view.model, r, b.origin);
      out.push({ messageId: 'plaintext', key: `http:${b.path}`, data: { who: be.words, path: b.path === '*' ? 'every path' : b.path }, location: b.location, functions: be.functions, severity: edgeSeverity(be, 'medium', 'medium', 'low') });
    }
    return out;
  },
});
