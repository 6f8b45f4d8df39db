import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, parseAssetManifest, qrPanelHtml, sessionPanelHtml } from '../src/panels/html';

const cspOf = (html: string) => /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';

describe('session panel HTML', () => {
  const html = sessionPanelHtml({
    scriptUri: 'https://file+.vscode-resource.test/ext/web/assets/app-1a2b.js',
    styleUri: 'https://file+.vscode-resource.test/ext/web/assets/app-1a2b.css',
    cspSource: 'https://*.vscode-resource.test',
    nonce: 'n0nce',
  });

  it('tells the web client to use the postMessage transport', () => {
    assert.match(html, /<html lang="en" data-transport="vscode">/);
  });

  it('loads the hashed bundle, the script only by its nonce', () => {
    assert.match(html, /<script nonce="n0nce" src="https:\/\/file\+\.vscode-resource\.test\/ext\/web\/assets\/app-1a2b\.js">/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.test\/ext\/web\/assets\/app-1a2b\.css">/);
  });

  it('has a CSP that denies by default and admits only the webview resources', () => {
    assert.equal(
      cspOf(html),
      "default-src 'none'; script-src 'nonce-n0nce'; style-src https://*.vscode-resource.test; " +
        'img-src https://*.vscode-resource.test data:; font-src https://*.vscode-resource.test',
    );
  });
});

describe('QR panel HTML', () => {
  const url = 'http://127.0.0.1:7420/s/abc#pair=btp_x<y>&"z"';
  const html = qrPanelHtml({ svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', url, cspSource: 'vs', nonce: 'q' });

  it('shows the URL as escaped text', () => {
    assert.ok(html.includes('<code data-testid="qr-url">http://127.0.0.1:7420/s/abc#pair=btp_x&#60;y&#62;&#38;&#34;z&#34;</code>'));
  });

  it('says nothing of who can open the link unless told, and shows what it is told escaped, above the code', () => {
    assert.ok(!html.includes('qr-reach'));
    const hinted = qrPanelHtml({ svg: '<svg/>', url, reachHint: 'Only this computer <b>', cspSource: 'vs', nonce: 'q' });
    assert.ok(hinted.includes('<p data-testid="qr-reach">Only this computer &#60;b&#62;</p>'));
    assert.ok(hinted.indexOf('qr-reach') < hinted.indexOf('qr-code'));
  });

  it('shows the SVG as a data image, so its markup never runs in the page', () => {
    const encoded = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>').toString('base64');
    assert.ok(html.includes(`src="data:image/svg+xml;base64,${encoded}"`));
    assert.match(cspOf(html), /^default-src 'none'; script-src 'nonce-q'; style-src 'nonce-q'; img-src data:$/);
  });
});

describe('asset manifest', () => {
  it('reads the hashed entry points', () => {
    assert.deepEqual(parseAssetManifest('{"js":"assets/app-1.js","css":"assets/app-1.css"}'), {
      js: 'assets/app-1.js',
      css: 'assets/app-1.css',
    });
  });

  it('names what is missing', () => {
    assert.throws(() => parseAssetManifest('{"js":"assets/app-1.js"}'), /lacks "js" or "css"/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
