/**
 * What a document may hold. The document server refuses any client update that would put
 * something else into it, the same way it refuses a write without the right: the renderers,
 * exports and editors downstream can then rely on the shape instead of defending against it.
 * Plain data, so the package that owns the schema (editor) can describe it without Yjs.
 */
export interface DocShape {
  /** Root name → what it holds. An update touching any other root is refused. */
  readonly roots: Readonly<Record<string, TypeShape>>;
  /**
   * For documents people may suggest in: the marks that carry a suggestion (their values hold
   * `by`, the suggester's user id), and the rich-text roots a suggestion may touch.
   */
  readonly suggestions?: SuggestionMarks;
}

export interface SuggestionMarks {
  /** Text proposed for insertion. */
  readonly insert: string;
  /** Existing text proposed for deletion. */
  readonly delete: string;
  /** The rich-text roots (Y.XmlFragment) suggestions are made in. */
  readonly roots: readonly string[];
}

/** A rich-text schema as y-prosemirror lays it out: elements by node name, text with marks. */
export interface XmlSchema {
  /** The node the root fragment stands for (ProseMirror's top node, `doc`). */
  readonly top: string;
  readonly nodes: Readonly<Record<string, XmlNodeRule>>;
  /** Mark name → the attributes it may carry. */
  readonly marks: Readonly<Record<string, readonly string[]>>;
  /** Longest string an attribute value may be. */
  readonly maxValueLength: number;
}

export interface XmlNodeRule {
  readonly attrs: readonly string[];
  /** Node names allowed as children (anywhere in the content expression). */
  readonly children: readonly string[];
  /** Whether text (a Y.XmlText child) is allowed. */
  readonly text: boolean;
}

export type TypeShape =
  /** A Y.XmlFragment (when `node` is the schema's top) or a Y.XmlElement named `node`. */
  | { readonly kind: 'xml'; readonly schema: XmlSchema; readonly node: string }
  | { readonly kind: 'array'; readonly items: TypeShape }
  | { readonly kind: 'map'; readonly fields: Readonly<Record<string, FieldShape>> };

export type FieldShape = TypeShape | { readonly kind: 'string'; readonly maxLength: number };
