// The baseline of `npm run bench`: a plain parse, with the `yaml` library, of the template files a
// scan of <dir> reads (every .yaml, .yml and .json file outside node_modules, .git and build
// output), nothing else. Plain JavaScript, no tsx: it stands for "read the files and parse them".
//
//   node bench/yaml-baseline.mjs <dir>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const SKIP = new Set(['node_modules', '.git', 'cdk.out', '.aws-sam', '.serverless', 'dist', 'build']);

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (!SKIP.has(name)) walk(p, out);
    } else if (/\.(ya?ml|json)$/i.test(name)) out.push(p);
  }
  return out;
}

const root = process.argv[2];
if (!root) {
  console.error('usage: node bench/yaml-baseline.mjs <dir>');
  process.exit(2);
}
const files = statSync(root).isDirectory() ? walk(root, []) : [root];
let documents = 0;
let bytes = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += text.length;
  const parsed = parseAllDocuments(text);
  for (const doc of Array.isArray(parsed) ? parsed : []) {
    try {
      doc.toJS({ maxAliasCount: 100 });
    } catch {
      // a document with errors counts as parsed: the work was done
    }
    documents++;
  }
}
console.log(JSON.stringify({ files: files.length, documents, bytes }));
