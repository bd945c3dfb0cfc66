/**
 * The IAM actions Lambda itself uses with a function's execution role, not the function's code: the
 * one list every analysis reads (least privilege leaves them out of "unused", the wildcard-write
 * risk exempts the writes among them, reachability and data access do not count them as what the
 * function does).
 */
import type { EntryPointKind } from '../../model/types.js';

/**
 * Its logs, traces and the network interfaces of a VPC function: the actions of the managed
 * policies AWSLambdaBasicExecutionRole, AWSXRayDaemonWriteAccess and
 * AWSLambdaVPCAccessExecutionRole.
 */
export const LAMBDA_RUNTIME_ACTIONS: readonly string[] = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries',
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** The writes among them (no Describe or Get): the wildcard writes every function needs and that reach nothing sensitive. */
export const LAMBDA_RUNTIME_WRITES: readonly string[] = LAMBDA_RUNTIME_ACTIONS.filter((a) => !/:(Describe|Get)/.test(a));

/** Tagging the function's log group, which the Serverless Framework's default role grants. */
export const LOG_GROUP_TAGGING: readonly string[] = ['logs:TagResource', 'logs:TagLogGroup'];

/** Durable functions: the checkpoint and state calls the Lambda runtime makes. */
export const DURABLE_EXECUTION_ACTIONS: readonly string[] = ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'];

/** Actions an event source mapping polls with, by entry kind. */
export const POLLER_ACTIONS: Partial<Record<EntryPointKind, string[]>> = {
  'sqs-queue': ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
  'dynamodb-stream': ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
  'kinesis-stream': ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard'],
};

const ANY_RUNTIME = new Set([...LAMBDA_RUNTIME_ACTIONS, ...LOG_GROUP_TAGGING, ...DURABLE_EXECUTION_ACTIONS, ...Object.values(POLLER_ACTIONS).flat()]);

/** Whether an action is one Lambda itself may use with the role, for any function (logs, traces, VPC, polling, durable execution). */
export function isRuntimeAction(action: string): boolean {
  return ANY_RUNTIME.has(action);
}
