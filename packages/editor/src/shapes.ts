import type { DocShape, TypeShape, XmlSchema } from '@stint/collab';
import { getSchema } from '@tiptap/core';
import type { NodeType } from '@tiptap/pm/model';
import { CHECKINS_FIELD, RICH_TEXT_FIELD } from './documents.ts';
import { stintExtensions } from './extensions.ts';
import { SUGGESTION_MARKS } from './suggestions.ts';

const childTypeCache = new WeakMap<NodeType, ReadonlySet<NodeType>>();

/** Node types a node's content expression can ever admit, read off its content automaton. */
export function childTypes(type: NodeType): ReadonlySet<NodeType> {
  const cached = childTypeCache.get(type);
  if (cached) return cached;
  const types = new Set<NodeType>();
  const seen = new Set<unknown>();
  const queue = [type.contentMatch];
  while (queue.length > 0) {
    const match = queue.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      types.add(edge.type);
      queue.push(edge.next);
    }
  }
  childTypeCache.set(type, types);
  return types;
}

/**
 * The one Tiptap schema as the document server checks it: which elements, attributes, marks
 * and text may appear where, in y-prosemirror's layout (an element per node, a Y.XmlText per run
 * of text, marks as formatting attributes).
 */
export function richTextSchema(): XmlSchema {
  const schema = getSchema(stintExtensions());
  const nodes: Record<string, XmlSchema['nodes'][string]> = {};
  for (const [name, type] of Object.entries(schema.nodes)) {
    if (type.isText) continue;
    const children = [...childTypes(type)].map((child) => child.name);
    nodes[name] = { attrs: Object.keys(type.spec.attrs ?? {}), children: children.filter((c) => c !== 'text'), text: children.includes('text') };
  }
  const marks: Record<string, string[]> = {};
  for (const [name, type] of Object.entries(schema.marks)) marks[name] = Object.keys(type.spec.attrs ?? {});
  return { top: schema.topNodeType.name, nodes, marks, maxValueLength: 8 * 1024 };
}

/** Check-in fields clients write; authorship is not among them (the server knows who wrote). */
export const CHECKIN_FIELD_LIMITS = { id: 64, date: 10, status: 16 } as const;

/** What each kind of document may hold; `comments` is written by the server alone. */
export function documentShapes(): Record<'brief' | 'deliverable' | 'feedback' | 'checkins', DocShape> {
  const schema = richTextSchema();
  const richText: TypeShape = { kind: 'xml', schema, node: schema.top };
  const rich: DocShape = {
    roots: { [RICH_TEXT_FIELD]: richText },
    suggestions: { insert: SUGGESTION_MARKS.insert, delete: SUGGESTION_MARKS.delete, roots: [RICH_TEXT_FIELD] },
  };
  const checkins: DocShape = {
    roots: {
      [CHECKINS_FIELD]: {
        kind: 'array',
        items: {
          kind: 'map',
          fields: {
            id: { kind: 'string', maxLength: CHECKIN_FIELD_LIMITS.id },
            date: { kind: 'string', maxLength: CHECKIN_FIELD_LIMITS.date },
            status: { kind: 'string', maxLength: CHECKIN_FIELD_LIMITS.status },
            body: richText,
          },
        },
      },
    },
  };
  return { brief: rich, deliverable: rich, feedback: rich, checkins };
}
