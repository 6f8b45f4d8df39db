// Driving the VS Code workbench (code-server) in Chromium the way a person does: the command palette,
// the status bar, and the extension's webviews.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { deadline } from './waiting';

export class Workbench {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  }

  /** Runs a command by its palette label, e.g. "Baton: Start Remote Control". */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  /** Clicks the Remote Control status-bar item; returns the labels of the quick pick it opens. */
  async statusMenu(): Promise<string[]> {
    await this.page.locator('#workbench\\.parts\\.statusbar').getByText(/Remote Control:/).click();
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    return (await rows.allInnerTexts()).map((text) => text.trim());
  }

  /** Picks `label` in the open quick pick. */
  async pickFromMenu(label: string): Promise<void> {
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first().click();
  }

  /** Types `text` into the input box titled `title` (not the palette it replaces) and accepts it. */
  async answerInputBox(title: string, text: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget', {
      has: this.page.locator('.quick-input-title', { hasText: title }),
    });
    const input = widget.locator('input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(text);
    await input.press('Enter');
  }

  /** Waits for the Remote Control status-bar item to read `Remote Control: <state>`. */
  async waitForStatus(state: string, timeoutMs: number): Promise<void> {
    const statusBar = this.page.locator('#workbench\\.parts\\.statusbar');
    try {
      await statusBar.getByText(`Remote Control: ${state}`, { exact: true }).waitFor({ timeout: timeoutMs });
    } catch (error) {
      const shown = await statusBar.getByText(/Remote Control:/).allInnerTexts().catch(() => []);
      const notifications = await this.notifications();
      throw new Error(
        `status bar never read "Remote Control: ${state}" within ${timeoutMs} ms; it reads ${JSON.stringify(shown)}; ` +
          `notifications: ${JSON.stringify(notifications)}`,
        { cause: error },
      );
    }
  }

  /** The button `label` of the notification toast whose message contains `message`. */
  async notificationButton(message: string, label: string, timeoutMs: number) {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', { hasText: message });
    const button = toast.locator('.monaco-button', { hasText: label });
    try {
      await button.waitFor({ timeout: timeoutMs });
    } catch (error) {
      throw new Error(`no notification "${message}…" with a "${label}" button; shown: ${JSON.stringify(await this.notifications())}`, {
        cause: error,
      });
    }
    return button;
  }

  /** The text of the output channel shown in the panel (Monaco writes its spaces as no-break spaces). */
  async outputPanelText(): Promise<string> {
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines');
    return (await lines.allInnerTexts().catch(() => [])).join('\n').replace(/\u00a0/g, ' ');
  }

  /** What the workbench page can read from the clipboard. */
  async clipboard(): Promise<string> {
    return String(await this.page.evaluate('navigator.clipboard.readText()').catch(() => ''));
  }

  notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts().catch(() => []);
  }

  /** The webview frame (VS Code nests each webview's page two iframes deep) that holds `selector`. */
  webviewFrame(selector: string, timeoutMs: number): Promise<Frame> {
    return deadline(
      timeoutMs,
      `a webview showing ${selector}`,
      async () => {
        for (const frame of this.page.frames()) {
          if (await frame.locator(selector).count().catch(() => 0)) return frame;
        }
        return undefined;
      },
      async () => `frames: ${this.page.frames().map((f) => f.url()).join(', ')}; notifications: ${JSON.stringify(await this.notifications())}`,
    );
  }

  async screenshot(name: string): Promise<string> {
    const path = join(this.screenshotDir, `${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
