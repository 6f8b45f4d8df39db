import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { BackendOutput, maskPairing } from '../src/backend/backendOutput';

/** What an output channel was given; the one VS Code API the class needs. */
function recordingChannel(): { channel: vscode.OutputChannel; written: string[] } {
  const written: string[] = [];
  const channel = {
    name: 'Baton',
    append: (value: string) => written.push(value),
    appendLine: (value: string) => written.push(`${value}\n`),
    replace: (value: string) => written.splice(0, written.length, value),
    clear: () => written.splice(0),
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  } as vscode.OutputChannel;
  return { channel, written };
}

// The language client's trace of baton/startRemoteControl at "verbose": JSON.stringify(result, null, 4).
const TRACED_RESULT =
  "[Trace - 21:00:00] Received response 'baton/startRemoteControl - (3)' in 41ms.\nResult: " +
  JSON.stringify(
    {
      sessionId: 'abc',
      url: 'http://127.0.0.1:7420/s/abc#pair=P41R-C0DE&key=c0ntent_K3y-x',
      qrText: '█▀▀▀▀▀█ ▄ "x"',
      qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h7"/></svg>',
    },
    null,
    4,
  );

describe('the Baton output channel as the language client writes it', () => {
  it('masks the pairing code, the content key and the QR codes of a traced startRemoteControl result', () => {
    const masked = maskPairing(TRACED_RESULT);
    for (const secret of ['P41R-C0DE', 'c0ntent_K3y-x', '<svg', '█']) assert.ok(!masked.includes(secret), `${secret} in: ${masked}`);
    assert.match(masked, /"url": "http:\/\/127\.0\.0\.1:7420\/s\/abc#pair=…",/);
    assert.match(masked, /"qrText": "…",\n {4}"qrSvg": "…"\n}/);
    assert.match(masked, /^\[Trace - 21:00:00\] Received response 'baton\/startRemoteControl - \(3\)' in 41ms\./);
  });

  it('leaves text without a pairing link as it is', () => {
    const line = '[Info  - 21:00:00] Connection to server got closed. {"url": "http://127.0.0.1:7420/s/abc"}';
    assert.equal(maskPairing(line), line);
  });

  it('writes everything through to the extension channel, masked, and leaves that channel open', () => {
    const { channel, written } = recordingChannel();
    const output = new BackendOutput(channel);
    output.appendLine(TRACED_RESULT);
    output.append('see http://relay.example.com/s/abc#pair=X&key=Y\n');
    output.dispose();
    output.append('still open');
    assert.equal(written.join(''), `${maskPairing(TRACED_RESULT)}\nsee http://relay.example.com/s/abc#pair=…\nstill open`);
    assert.equal(output.name, 'Baton');
  });
});
