/**
 * Lambda runtimes AWS has deprecated, with the date deprecation began (function updates are
 * blocked some months later; invocations go on). Facts from the AWS Lambda Developer Guide,
 * "Lambda runtimes" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, deprecated
 * and supported runtime tables) and "Runtime deprecation"
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html).
 *
 * Checked on 2026-12-07 against two tables that copy AWS's, each citing the page above:
 * tflint-ruleset-aws `rules/aws_lambda_function_deprecated_runtime.go` (python3.9 and nodejs18.x
 * as AWS updated them in 2025, PR #969) and endoflife.date `products/aws-lambda.md` (phase-1
 * dates). They agree on every date below except: nodejs4.3 (2020-03-05 in both, was 03-06 here:
 * corrected); ruby2.7 (endoflife.date 2023-12-07, tflint 2023-11-27, an earlier projection: kept
 * 12-07); dotnet6 (tflint 2024-11-12, Microsoft's end of support; AWS moved Lambda's to
 * 2024-12-20: kept). The Amazon Linux 2 runtimes (python3.10, python3.11, java8.al2, java11, java17,
 * provided.al2) were projected for 2026-06-30 with Amazon Linux 2's end of life, but AWS's page
 * says they keep receiving critical and selected important patches after it; they are not listed
 * until AWS publishes their deprecation date.
 * Only runtimes whose deprecation date is on or before `RUNTIMES_AS_OF` are listed: rules have no
 * clock, so a runtime deprecated later is added when this table is next updated.
 */
export const RUNTIMES_AS_OF = '2026-12-07';

export interface DeprecatedRuntime {
  /** `YYYY-MM-DD`. */
  deprecated: string;
  /** A supported runtime of the same language to move to. */
  upgrade: string;
}

export const DEPRECATED_RUNTIMES: Readonly<Record<string, DeprecatedRuntime>> = {
  nodejs: { deprecated: '2016-10-31', upgrade: 'nodejs22.x' },
  'nodejs4.3': { deprecated: '2020-03-05', upgrade: 'nodejs22.x' },
  'nodejs4.3-edge': { deprecated: '2019-04-30', upgrade: 'nodejs22.x' },
  'nodejs6.10': { deprecated: '2019-08-12', upgrade: 'nodejs22.x' },
  'nodejs8.10': { deprecated: '2020-03-06', upgrade: 'nodejs22.x' },
  'nodejs10.x': { deprecated: '2021-07-30', upgrade: 'nodejs22.x' },
  'nodejs12.x': { deprecated: '2023-03-31', upgrade: 'nodejs22.x' },
  'nodejs14.x': { deprecated: '2023-12-04', upgrade: 'nodejs22.x' },
  'nodejs16.x': { deprecated: '2024-06-12', upgrade: 'nodejs22.x' },
  'nodejs18.x': { deprecated: '2025-09-01', upgrade: 'nodejs22.x' },
  'nodejs20.x': { deprecated: '2026-04-30', upgrade: 'nodejs22.x' },
  'python2.7': { deprecated: '2021-07-15', upgrade: 'python3.13' },
  'python3.6': { deprecated: '2022-07-18', upgrade: 'python3.13' },
  'python3.7': { deprecated: '2023-12-04', upgrade: 'python3.13' },
  'python3.8': { deprecated: '2024-10-14', upgrade: 'python3.13' },
  'python3.9': { deprecated: '2025-12-15', upgrade: 'python3.13' },
  'ruby2.5': { deprecated: '2021-07-30', upgrade: 'ruby3.4' },
  'ruby2.7': { deprecated: '2023-12-07', upgrade: 'ruby3.4' },
  'ruby3.2': { deprecated: '2026-03-31', upgrade: 'ruby3.4' },
  java8: { deprecated: '2024-01-08', upgrade: 'java21' },
  'go1.x': { deprecated: '2024-01-08', upgrade: 'provided.al2023' },
  provided: { deprecated: '2024-01-08', upgrade: 'provided.al2023' },
  'dotnetcore1.0': { deprecated: '2019-07-30', upgrade: 'dotnet8' },
  'dotnetcore2.0': { deprecated: '2019-05-30', upgrade: 'dotnet8' },
  'dotnetcore2.1': { deprecated: '2022-01-05', upgrade: 'dotnet8' },
  'dotnetcore3.1': { deprecated: '2023-04-03', upgrade: 'dotnet8' },
  'dotnet5.0': { deprecated: '2022-05-10', upgrade: 'dotnet8' },
  dotnet6: { deprecated: '2024-12-20', upgrade: 'dotnet8' },
  dotnet7: { deprecated: '2024-05-14', upgrade: 'dotnet8' },
};
