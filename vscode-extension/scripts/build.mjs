// Bundles the extension (one file, 'vscode' provided by the editor) and the end-to-end test.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // The test drives tools installed as npm packages; they stay in node_modules.
  build({ ...common, entryPoints: ['e2e/e2e.ts'], outfile: 'target/e2e/e2e.js', packages: 'external' }),
]);
