// Puts the backend jar and the web client into the extension, then packs it into target/*.vsix.
// Run after `npm run build` and after Maven built ../server and ../web.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jar = join(root, '..', 'server', 'target', 'baton.jar');
const web = join(root, '..', 'web', 'target', 'classes', 'dev', 'baton', 'web');

for (const [what, path, how] of [
  ['the backend jar', jar, 'mvn -B -pl server -am package'],
  ['the web client bundle', join(web, 'asset-manifest.json'), 'mvn -B -pl web package'],
  ['the extension bundle', join(root, 'dist', 'extension.js'), 'npm run build'],
]) {
  if (!existsSync(path)) {
    console.error(`package: ${what} is missing (${path}); build it first: ${how}`);
    process.exit(1);
  }
}

rmSync(join(root, 'server'), { recursive: true, force: true });
rmSync(join(root, 'web'), { recursive: true, force: true });
mkdirSync(join(root, 'server'));
cpSync(jar, join(root, 'server', 'baton.jar'));
cpSync(web, join(root, 'web'), { recursive: true });

const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
mkdirSync(join(root, 'target'), { recursive: true });
const vsix = join(root, 'target', `${name}-${version}.vsix`);
// --no-dependencies: esbuild already bundled vscode-languageclient into dist/extension.js.
execFileSync(
  join(root, 'node_modules', '.bin', 'vsce'),
  ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
  { cwd: root, stdio: 'inherit' },
);
console.log(`package: ${vsix}`);
