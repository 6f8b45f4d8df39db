import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { BackendOutput, lastMeaningfulLine, maskPairing } from '../src/backend/backendOutput';

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

  it("remembers what the current backend process said on stderr (appended), not the client's own lines", () => {
    const { channel } = recordingChannel();
    const output = new BackendOutput(channel);
    output.append('baton: made 2 files and folders under /home/ada/.baton private to you\n');
    output.append('baton: /home/ada/.baton/config.json is not valid JSON: Unexpected end-of-input\n');
    output.appendLine('[Error - 21:00:00] Server process exited with code 2.');
    assert.equal(output.lastStderrLine(), '/home/ada/.baton/config.json is not valid JSON: Unexpected end-of-input');
    output.processStarting();
    assert.equal(output.lastStderrLine(), undefined);
    output.append('one line in ');
    output.append('two chunks');
    assert.equal(output.lastStderrLine(), 'one line in two chunks');
  });
});

describe("a backend's last meaningful line on stderr", () => {
  it('is the last line that says something, without stack frames or the baton: prefix', () => {
    const jvm =
      'Error: LinkageError occurred while loading main class dev.baton.server.cli.BatonCli\n' +
      '\tjava.lang.UnsupportedClassVersionError: dev/baton/server/cli/BatonCli has been compiled by a more recent version of the Java Runtime\n';
    assert.equal(
      lastMeaningfulLine(jvm),
      'java.lang.UnsupportedClassVersionError: dev/baton/server/cli/BatonCli has been compiled by a more recent version of the Java Runtime',
    );
    const trace = 'Exception in thread "main" java.lang.IllegalStateException: no home\n\tat dev.baton.X.run(X.java:12)\n\t... 3 more\r\n\n';
    assert.equal(lastMeaningfulLine(trace), 'Exception in thread "main" java.lang.IllegalStateException: no home');
    assert.equal(lastMeaningfulLine('baton: bad\n'), 'bad');
    assert.equal(lastMeaningfulLine(' \n\n'), undefined);
    assert.equal(lastMeaningfulLine(''), undefined);
  });

  it('is cut to 300 characters', () => {
    const line = lastMeaningfulLine(`${'x'.repeat(400)}\n`);
    assert.equal(line, `${'x'.repeat(299)}…`);
  });
});
