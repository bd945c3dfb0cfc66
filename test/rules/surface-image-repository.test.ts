/**
 * A public ECR repository is reported with the image functions it serves; an image URI the scan
 * cannot trace to a repository (a parameter) makes a public repository of the same template an
 * info finding that says so, never a silent pass; a repository no function uses is not reported.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/api.js';
import { tempDir } from '../diff/helpers.js';

const repo = (id: string) => `  ${id}:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Statement:
          - { Effect: Allow, Principal: '*', Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer] }
`;
const TEMPLATE = `Parameters:
  ImageUri: { Type: String }
Resources:
${repo('Images')}${repo('Unused')}  Orders:
    Type: AWS::Lambda::Function
    Properties:
      PackageType: Image
      Role: arn:aws:iam::123456789012:role/orders
      Code: { ImageUri: !Ref ImageUri }
`;

const tmp = tempDir();
after(() => tmp.cleanup());
const file = join(tmp.dir, 'template.yaml');
writeFileSync(file, TEMPLATE);

describe('public image repositories and the functions they serve', () => {
  it('an untraceable image URI gives info on each public repository of the template', async () => {
    const r = await analyze({ root: file });
    const got = r.findings.filter((f) => f.ruleId === 'surface/no-public-image-repository').map((f) => `${f.resource} ${f.severity}`).sort();
    assert.deepEqual(got, ['Images info', 'Unused info']);
    assert.match(r.findings.find((f) => f.ruleId === 'surface/no-public-image-repository')!.message, /could not be traced to a repository/);
  });

  it('a traced image names its repository only', async () => {
    writeFileSync(file, TEMPLATE.replace('!Ref ImageUri', '!Sub "${Images.RepositoryUri}:v1"'));
    const r = await analyze({ root: file });
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'surface/no-public-image-repository').map((f) => `${f.resource} ${f.severity}`), ['Images medium']);
    assert.equal(r.model.functions.find((f) => f.id === 'Orders')?.posture?.imageRepository, 'Images');
  });
});
