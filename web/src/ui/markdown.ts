import DOMPurify from "dompurify";
import { Marked } from "marked";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * Raw HTML in the model's Markdown is shown as text, never parsed: a model writing `<img onerror>`
 * in prose means the characters. (Chromium also reports a CSP violation for an inline handler the
 * moment such markup is parsed, even into the inert document DOMPurify uses.)
 */
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: { html: ({ text }) => escapeHtml(text) },
});

// Links open outside the app and tell the target nothing about where they came from.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

/**
 * Assistant Markdown as sanitised HTML. Images, styles and forms are dropped as well: the page may
 * load nothing from elsewhere (CSP), and model output is never trusted markup. DOMPurify stays as
 * the second line behind the escaping above (links, attributes marked itself writes).
 */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["img", "style", "form", "input", "button", "textarea", "select", "video", "audio", "iframe"],
    FORBID_ATTR: ["style", "class", "id"],
  });
}
