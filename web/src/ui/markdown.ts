import DOMPurify from "dompurify";
import { Marked } from "marked";

const marked = new Marked({ gfm: true, breaks: true, async: false });

// Links open outside the app and tell the target nothing about where they came from.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

/**
 * Assistant Markdown as sanitised HTML. Images, styles and forms are dropped: the page may load
 * nothing from elsewhere (CSP), and model output is never trusted markup.
 */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["img", "style", "form", "input", "button", "textarea", "select", "video", "audio", "iframe"],
    FORBID_ATTR: ["style", "class", "id"],
  });
}
