import type { FunctionNode } from '../../../src/model/types.js';

/** A FunctionNode built by hand (the model builder is not needed for code analysis tests). */
export function fnNode(id: string, handler: string, codeUri: string | null, runtime: string, extra: Partial<FunctionNode> = {}): FunctionNode {
  return {
    id,
    logicalId: id,
    stack: 'template.yaml',
    name: id,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${id}`,
    runtime,
    handler: { handler, codeUri, inline: false },
    memoryMb: 128,
    timeoutSeconds: 3,
    architecture: 'x86_64',
    reservedConcurrency: null,
    provisionedConcurrency: null,
    roleId: null,
    roleArn: null,
    environment: {},
    layers: [],
    url: null,
    recursiveLoop: 'Terminate',
    permissions: [],
    location: { file: 'template.yaml', line: 10, column: 3 },
    ...extra,
  };
}
