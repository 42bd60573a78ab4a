import { childTypes } from '@stint/editor';
import type { Mark, NodeType, Node as PmNode, Schema } from '@tiptap/pm/model';
import * as Y from 'yjs';

/** Called for each piece of a stored document the schema can't hold; rendering goes on without it. */
export type OnSkip = (what: string) => void;

/**
 * A rich-text fragment as a ProseMirror document, reading the Yjs types and never writing them
 * (y-prosemirror's own conversion deletes what the schema rejects, inside the document it
 * reads). What does not fit the schema — an unknown element, text where no text may stand, a
 * mark the node forbids — is left out and reported, so a stored document always renders.
 */
export function fragmentToDoc(fragment: Y.XmlFragment, schema: Schema, onSkip: OnSkip = () => {}): PmNode {
  const top = schema.topNodeType;
  const content = children(fragment, top, schema, onSkip);
  // An empty document stays empty (not one blank paragraph), as the editor shows it.
  if (content.length === 0) return top.create();
  return build(top, null, content, onSkip) ?? top.create();
}

function children(parent: Y.XmlFragment, parentType: NodeType, schema: Schema, onSkip: OnSkip): PmNode[] {
  const nodes: PmNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const text of textNodes(child, parentType, schema, onSkip)) nodes.push(text);
    } else if (child instanceof Y.XmlElement) {
      const type = Object.hasOwn(schema.nodes, child.nodeName) ? schema.nodes[child.nodeName] : undefined;
      if (!type || type.isText) {
        onSkip(`element <${child.nodeName}>`);
        continue;
      }
      const attrs: Record<string, unknown> = {};
      const stored = child.getAttributes() as Record<string, unknown>;
      for (const name of Object.keys(type.spec.attrs ?? {})) if (Object.hasOwn(stored, name)) attrs[name] = stored[name];
      const node = build(type, attrs, children(child, type, schema, onSkip), onSkip);
      if (node) nodes.push(node);
    } else {
      onSkip('a non-element child');
    }
  }
  // Only what this parent may hold at all; the order is then checked as a whole by build().
  return nodes.filter((node) => {
    const ok = childTypes(parentType).has(node.type);
    if (!ok) onSkip(`${node.type.name} inside ${parentType.name}`);
    return ok;
  });
}

function textNodes(text: Y.XmlText, parentType: NodeType, schema: Schema, onSkip: OnSkip): PmNode[] {
  const nodes: PmNode[] = [];
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string') {
      onSkip('an embed in text');
      continue;
    }
    if (op.insert.length === 0) continue;
    const marks: Mark[] = [];
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      // y-prosemirror names marks that may overlap themselves `<mark>--<hash>`.
      const name = key.replace(/--[^-]*$/, '');
      const type = Object.hasOwn(schema.marks, name) ? schema.marks[name] : undefined;
      if (!type || !parentType.allowsMarkType(type)) {
        onSkip(`mark ${name}`);
        continue;
      }
      try {
        marks.push(type.create(value && typeof value === 'object' ? pickAttrs(value as Record<string, unknown>, Object.keys(type.spec.attrs ?? {})) : null));
      } catch {
        onSkip(`mark ${name} with bad attributes`);
      }
    }
    nodes.push(schema.text(op.insert, markSet(marks)));
  }
  return nodes;
}

/** A mark set in the schema's order, one per exclusive type. */
function markSet(marks: Mark[]): readonly Mark[] {
  let set: readonly Mark[] = [];
  for (const mark of marks) set = mark.addToSet(set);
  return set;
}

function pickAttrs(value: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(value, name)) picked[name] = value[name];
  return picked;
}

/** The node if its content is valid, else a filled-in version of it, else nothing. */
function build(type: NodeType, attrs: Record<string, unknown> | null, content: PmNode[], onSkip: OnSkip): PmNode | null {
  try {
    return type.createChecked(attrs, content);
  } catch {
    try {
      const filled = type.createAndFill(attrs, content);
      if (filled) return filled;
    } catch {
      // Bad attributes: fall through.
    }
    // Keep what can stand in a row from the start of the content.
    const kept: PmNode[] = [];
    let match = type.contentMatch;
    for (const node of content) {
      const next = match.matchType(node.type);
      if (!next) continue;
      kept.push(node);
      match = next;
    }
    onSkip(`part of a ${type.name}`);
    try {
      return type.createAndFill(null, kept);
    } catch {
      return null;
    }
  }
}
