import type { Element, ElementContent, Root as HastRoot } from "hast";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { createLowlight } from "lowlight";

// Only the languages agents commonly paste (rehype-highlight would ship lowlight's 37 "common" grammars); markdown.tsx
// loads this module on demand.
const lowlight = createLowlight({ bash, css, diff, go, javascript, json, python, rust, sql, typescript, xml, yaml });
lowlight.registerAlias({
  bash: ["sh", "shell", "zsh", "console"],
  javascript: ["js", "jsx", "mjs", "cjs"],
  typescript: ["ts", "tsx", "mts"],
  python: ["py"],
  rust: ["rs"],
  xml: ["html", "svg"],
  yaml: ["yml"],
  diff: ["patch"],
  go: ["golang"],
  json: ["jsonc"],
});

function codeLanguage(node: Element): string | null {
  const classes = node.properties.className;
  if (!Array.isArray(classes)) return null;
  const language = classes.map(String).find((name) => name.startsWith("language-"));
  return language ? language.slice("language-".length).toLowerCase() : null;
}

function textOf(nodes: ElementContent[]): string {
  return nodes.map((node) => (node.type === "text" ? node.value : node.type === "element" ? textOf(node.children) : "")).join("");
}

/** Fenced code with a known language gets highlight.js token spans (`hljs-*` classes, coloured in app/globals.css). */
export function rehypeHighlightCode() {
  return (tree: HastRoot) => {
    const visit = (node: HastRoot | Element) => {
      for (const child of node.children) {
        if (child.type !== "element") continue;
        if (node.type === "element" && node.tagName === "pre" && child.tagName === "code") {
          const language = codeLanguage(child);
          if (language && lowlight.registered(language)) {
            const highlighted = lowlight.highlight(language, textOf(child.children));
            child.children = highlighted.children as ElementContent[];
            child.properties.className = ["hljs", ...(child.properties.className as string[])];
          }
          continue;
        }
        visit(child);
      }
    };
    visit(tree);
  };
}
