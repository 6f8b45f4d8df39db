import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { forwardWorkspaceTrust } from '../src/backend/trust';

describe('workspace trust', () => {
  it('tells the backend baton/workspaceTrust {trusted: true} each time VS Code grants trust, until disposed', () => {
    const listeners: (() => void)[] = [];
    let disposed = false;
    const sent: [string, unknown][] = [];
    const forwarding = forwardWorkspaceTrust(
      (listener) => {
        listeners.push(listener);
        return { dispose: () => (disposed = true) };
      },
      (method, params) => sent.push([method, params]),
    );

    assert.deepEqual(sent, [], 'nothing is sent before trust is granted');
    listeners.forEach((listener) => listener());
    assert.deepEqual(sent, [['baton/workspaceTrust', { trusted: true }]]);
    forwarding.dispose();
    assert.equal(disposed, true);
  });

  it('is declared as limited support for untrusted workspaces, saying what is off', () => {
    // npm test runs in vscode-extension/, next to the manifest.
    const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.match(untrusted.description, /\.mcp\.json/);
    assert.match(untrusted.description, /\.baton\/settings\.json/);
  });
});
