import type { Break, Nodes as MdastNodes, PhrasingContent, Root as MdastRoot, Text } from "mdast";

/** Parents whose children are blocks: raw HTML there stands as its own paragraph. */
const BLOCK_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

/**
 * Raw HTML in the source becomes text: an agent's `<script>` or `<img onerror>` is shown as typed, never parsed into
 * elements (dropping it, as react-markdown's skipHtml does, would hide what the agent wrote).
 */
export function remarkHtmlAsText() {
  return (tree: MdastRoot) => {
    const walk = (node: MdastNodes) => {
      if (!("children" in node)) return;
      const children = node.children as MdastNodes[];
      children.forEach((child, index) => {
        if (child.type !== "html") return walk(child);
        const text: Text = { type: "text", value: child.value, position: child.position };
        children[index] = BLOCK_PARENTS.has(node.type) ? { type: "paragraph", children: [text], position: child.position } : text;
      });
    };
    walk(tree);
  };
}

/**
 * A single newline inside a paragraph is a line break, as in GitHub comments: agents wrap lines on purpose (steps,
 * addresses, short logs), and CommonMark would join them into one line.
 */
export function remarkLineBreaks() {
  return (tree: MdastRoot) => {
    const walk = (node: MdastNodes) => {
      if (!("children" in node)) return;
      const children = node.children as MdastNodes[];
      const next: MdastNodes[] = [];
      for (const child of children) {
        if (child.type !== "text" || !child.value.includes("\n")) {
          walk(child);
          next.push(child);
          continue;
        }
        child.value.split("\n").forEach((line, index) => {
          if (index > 0) next.push({ type: "break" } satisfies Break);
          if (line) next.push({ type: "text", value: line } satisfies PhrasingContent);
        });
      }
      node.children = next as typeof node.children;
    };
    walk(tree);
  };
}
