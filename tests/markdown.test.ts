import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import ReactMarkdown from "react-markdown";
import { prerenderToNodeStream } from "react-dom/static";
import { Markdown } from "@/components/ui/markdown";
import { rehypeHighlightCode } from "@/components/ui/markdown-highlight";
import MarkdownRenderer from "@/components/ui/markdown-renderer";

const render = (source: string) => renderToStaticMarkup(createElement(MarkdownRenderer, null, source));

/** A page's server render, which waits for the lazily loaded parser like Next's does. */
async function renderPage(source: string) {
  const { prelude } = await prerenderToNodeStream(createElement(Markdown, null, source));
  let html = "";
  for await (const chunk of prelude) html += String(chunk);
  return html;
}

describe("Markdown", () => {
  it("is server-rendered through the lazily loaded parser, so the page's HTML holds the rendered markdown", async () => {
    const source = "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n- [ ] todo";
    const html = await renderPage(source);
    expect(html).toContain("<table");
    expect(html.match(/<td/g)).toHaveLength(2);
    expect(html).toMatch(/<input type="checkbox"[^>]*disabled/);
    expect(html).not.toContain("whitespace-pre-wrap");
  });

  it("renders GitHub-flavoured tables, task lists, strikethrough and autolinks", () => {
    const html = render(
      ["| Step | Owner |", "| --- | --- |", "| Build | ada |", "", "- [x] done", "- [ ] todo", "", "~~old~~ see https://example.com/a"].join("\n"),
    );
    expect(html).toContain("<table");
    expect(html.match(/<td/g)).toHaveLength(2);
    expect(html.match(/<input type="checkbox"[^>]*disabled/g)).toHaveLength(2);
    expect(html).toMatch(/<input type="checkbox"[^>]*checked/);
    expect(html).toContain("<del");
    expect(html).toContain('href="https://example.com/a"');
  });

  it("renders fenced code plain on the server, so hydration matches before the highlighter loads", () => {
    const html = render("```ts\nconst answer = 42;\n```");
    expect(html).toContain('language-ts"');
    expect(html).not.toContain("hljs");
  });

  it("highlights fenced code in a registered language (or alias) and leaves unknown languages plain", () => {
    const html = renderToStaticMarkup(
      createElement(
        ReactMarkdown,
        { rehypePlugins: [rehypeHighlightCode] },
        "```ts\nconst answer: number = 42;\n```\n\n```yml\na: 1\n```\n\n```brainfuck\n+++\n```",
      ),
    );
    expect(html).toContain('class="hljs language-ts"');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('class="hljs language-yml"');
    expect(html).toContain('<code class="language-brainfuck">+++');
  });

  it("shows raw HTML, inline and as a block, as the literal text the agent wrote", () => {
    const inline = 'note: <script>window.x=1</script><img src=x onerror="alert(1)">';
    const html = render(`${inline}\n\n<div onclick="alert(2)">block</div>\n\n<script>alert(3)</script>`);
    expect(html).not.toMatch(/<(script|img|div onclick)/);
    expect(html).toContain("&lt;script&gt;window.x=1&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("&lt;div onclick=&quot;alert(2)&quot;&gt;block&lt;/div&gt;");
    expect(html).toContain("&lt;script&gt;alert(3)&lt;/script&gt;");
  });

  it("keeps a single newline inside a paragraph as a line break, and leaves code spans alone", () => {
    const html = render("First line\nsecond line with `a\nb`");
    expect(html).toMatch(/First line<br\/>\s*second line/);
    expect(html).toContain("<code");
  });

  it("drops javascript: and data: link targets and names images instead of loading them", () => {
    const html = render("[a](javascript:alert(1)) [b](data:text/html,x) ![diagram](https://evil.example/x.png)");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("data:text");
    expect(html).not.toContain("<img");
    expect(html).toContain("[image: diagram]");
  });
});
