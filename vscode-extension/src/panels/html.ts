// The webviews' HTML, as pure functions of what they show, so the CSP and escaping are unit-tested.

/** `web/asset-manifest.json` in the web client's bundle: the content-hashed entry points. */
export interface AssetManifest {
  js: string;
  css: string;
}

export function parseAssetManifest(text: string): AssetManifest {
  const parsed = JSON.parse(text) as Partial<AssetManifest>;
  if (typeof parsed.js !== 'string' || typeof parsed.css !== 'string') {
    throw new Error(`asset-manifest.json lacks "js" or "css": ${text}`);
  }
  return { js: parsed.js, css: parsed.css };
}

/**
 * The web client inside the editor: `data-transport="vscode"` makes it talk postMessage, and the CSP
 * admits only the bundle's own files (by the webview's resource origin) and the one nonce'd script.
 */
export function sessionPanelHtml(page: { scriptUri: string; styleUri: string; cspSource: string; nonce: string }): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}'`,
    `style-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
    `font-src ${page.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en" data-transport="vscode">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baton session</title>
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">
</head>
<body>
<div id="app"></div>
<script nonce="${escapeHtml(page.nonce)}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>`;
}

/**
 * The pairing QR code (the backend's SVG) and its URL as text with a copy button; `reachHint`, when
 * given, says above the code who can open the link.
 */
export function qrPanelHtml(page: {
  svg: string;
  url: string;
  reachHint?: string | undefined;
  cspSource: string;
  nonce: string;
}): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}'`,
    `style-src 'nonce-${page.nonce}'`,
    'img-src data:',
  ].join('; ');
  const svg = `data:image/svg+xml;base64,${Buffer.from(page.svg, 'utf8').toString('base64')}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Remote Control QR code</title>
<style nonce="${escapeHtml(page.nonce)}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 1.5em; }
  img { width: min(320px, 80vw); background: #fff; padding: 12px; display: block; }
  code { display: block; margin: 1em 0; word-break: break-all; user-select: all; }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background);
           border: none; padding: 0.4em 1em; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
</style>
</head>
<body>
<p>Scan with a phone, or open the link on another device. The link pairs one device and expires in 10 minutes.</p>
${page.reachHint ? `<p data-testid="qr-reach">${escapeHtml(page.reachHint)}</p>\n` : ''}<img data-testid="qr-code" alt="QR code of the session link" src="${svg}">
<code data-testid="qr-url">${escapeHtml(page.url)}</code>
<button data-testid="qr-copy" id="copy">Copy link</button>
<script nonce="${escapeHtml(page.nonce)}">
  const vscode = acquireVsCodeApi();
  document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
</script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
