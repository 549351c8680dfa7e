// Bundles the HTML views' page script (src/report/html/client/*.ts) into src/report/html/client-bundle.generated.ts,
// which the build compiles like any other module. Run after changing the client: npx tsx scripts/bundle-html-client.ts
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CLIENT_DIR, writeBundle } from '../test/report/html/client-bundle.js';

// the client has its own compiler settings (DOM types, no Node): check them first
execFileSync(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', CLIENT_DIR], { stdio: 'inherit' });
const { bytes, changed } = writeBundle();
process.stdout.write(`${changed ? 'wrote' : 'unchanged:'} src/report/html/client-bundle.generated.ts (${(bytes / 1024).toFixed(1)} KB)\n`);
