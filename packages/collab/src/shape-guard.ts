import * as Y from 'yjs';
import type { DocShape, FieldShape, TypeShape, XmlSchema } from './shape.ts';
import { itemHolding, structsByClient } from './yjs-internals.ts';

/** A Y.XmlText in a rich-text schema: strings and marks, nothing else. */
interface TextShape {
  readonly kind: 'text';
  readonly schema: XmlSchema;
}

/**
 * What an item's siblings may be checked against: its parent's shape, 'gc' where Yjs will
 * garbage-collect whatever is put there (so anything is harmless), or null for stored content
 * no shape covers (written before the guard existed): nothing new may go in there.
 */
type Parent = TypeShape | TextShape | 'gc' | null;

interface Place {
  readonly parent: Parent;
  readonly sub: string | null;
}

/** One client's items, as runs of consecutive clocks that share a place. */
class Runs {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly places: Place[] = [];

  get end(): number {
    return this.ends.length === 0 ? 0 : this.ends[this.ends.length - 1]!;
  }

  at(clock: number): Place | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (clock < this.starts[mid]!) hi = mid - 1;
      else if (clock >= this.ends[mid]!) lo = mid + 1;
      else return this.places[mid];
    }
    return undefined;
  }

  push(start: number, end: number, place: Place): void {
    const last = this.places.length - 1;
    const prev = this.places[last];
    if (prev && this.ends[last] === start && prev.parent === place.parent && prev.sub === place.sub) {
      this.ends[last] = end;
      return;
    }
    this.starts.push(start);
    this.ends.push(end);
    this.places.push(place);
  }
}

const GC_PLACE: Place = { parent: 'gc', sub: null };
const VISITING = Symbol('visiting');

interface Resolved {
  place: Place;
  /** For a type item: what its own children are checked against. */
  child: Parent;
}

class Refusal {
  constructor(readonly reason: string) {}
}

/**
 * The server's view of a document's structure, enough to check a client's update against the
 * document's shape without applying it: for every item, where it sits (its parent's shape and
 * map key), and for every type, what may go inside it. Items typed one after another in one place
 * share a run, so the index stays far smaller than the document. Yjs places an item either by an
 * explicit parent or next to its neighbours (`origin`, `rightOrigin`), so each new item's place is
 * resolved the way Yjs would resolve it, from the update itself or from this index.
 */
export class ShapeGuard {
  private readonly runs = new Map<number, Runs>();
  /** client → clock → the shape of the type that item is. */
  private readonly types = new Map<number, Map<number, Parent>>();
  private readonly textShapes = new Map<XmlSchema, TextShape>();
  private readonly xmlShapes = new Map<XmlSchema, Map<string, TypeShape>>();

  constructor(private readonly shape: DocShape) {}

  /** Indexes a whole document (a room's restored state). */
  indexDocument(doc: Y.Doc): void {
    const typeShapes = new Map<Y.AbstractType<unknown>, Parent>();
    const shapeOfType = (type: Y.AbstractType<unknown>): Parent => {
      // Climb to the nearest type whose shape is known, then come back down (no recursion: a
      // stored document may nest deeply).
      const chain: Y.AbstractType<unknown>[] = [];
      let current: Y.AbstractType<unknown> | null = type;
      let known: Parent | undefined;
      while (current && (known = typeShapes.get(current)) === undefined) {
        chain.push(current);
        const item: Y.Item | null = itemHolding(current);
        if (!item) {
          known = this.shape.roots[Y.findRootTypeKey(current)] ?? null;
          typeShapes.set(current, known);
          chain.pop();
          break;
        }
        current = item.parent as Y.AbstractType<unknown> | null;
      }
      let parent: Parent = known ?? null;
      for (let i = chain.length - 1; i >= 0; i--) {
        const item = itemHolding(chain[i]!)!;
        const checked = this.check(item, { parent, sub: item.parentSub });
        parent = checked instanceof Refusal ? null : checked;
        typeShapes.set(chain[i]!, parent);
      }
      return parent;
    };
    for (const [client, structs] of structsByClient(doc)) {
      const runs = this.runsOf(client);
      for (const struct of structs) {
        const end = struct.id.clock + struct.length;
        if (!(struct instanceof Y.Item)) {
          runs.push(struct.id.clock, end, GC_PLACE);
          continue;
        }
        const place: Place = { parent: struct.parent ? shapeOfType(struct.parent as Y.AbstractType<unknown>) : 'gc', sub: struct.parentSub };
        runs.push(struct.id.clock, end, this.shared(place));
        if (struct.content instanceof Y.ContentType) this.typesOf(client).set(struct.id.clock, shapeOfType(struct.content.type));
      }
    }
  }

  /**
   * Checks a client's update (its decoded structs); if it fits, indexes it and returns null,
   * otherwise returns why not and leaves the index as it was.
   */
  admit(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>): string | null {
    const outcome = this.resolveAll(structs, true);
    if (outcome instanceof Refusal) return outcome.reason;
    this.record(structs, outcome);
    return null;
  }

  /** Indexes an update already accepted (stored by another process, or the server's own). */
  observe(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>): void {
    const outcome = this.resolveAll(structs, false);
    if (!(outcome instanceof Refusal)) this.record(structs, outcome);
  }

  private resolveAll(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>, strict: boolean): Map<Y.Item, Resolved> | Refusal {
    // The update's own structs by client, for neighbours and parents inside the update.
    const local = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
    for (const struct of structs) {
      let list = local.get(struct.id.client);
      if (!list) local.set(struct.id.client, (list = []));
      list.push(struct);
    }
    if (strict) {
      for (const [client, list] of local) {
        // A gap means the update depends on something the server never had: refuse it; the
        // client sends everything again when it reconnects.
        let expected = list[0]!.id.clock;
        if (list[0]!.id.clock > (this.runs.get(client)?.end ?? 0)) return new Refusal('The update depends on changes the server does not have.');
        for (const struct of list) {
          if (struct instanceof Y.Skip || struct.id.clock !== expected) return new Refusal('The update depends on changes the server does not have.');
          expected += struct.length;
        }
      }
    }
    const state = new Map<Y.Item, Resolved | typeof VISITING>();
    const findLocal = (id: Y.ID): Y.Item | Y.GC | Y.Skip | undefined => {
      const list = local.get(id.client);
      if (!list) return undefined;
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const s = list[mid]!;
        if (id.clock < s.id.clock) hi = mid - 1;
        else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
        else return s;
      }
      return undefined;
    };

    /** The place of whatever holds `id`: resolved, an item to resolve first, or a refusal. */
    const placeAt = (id: Y.ID): Place | Y.Item | Refusal => {
      const known = this.runs.get(id.client)?.at(id.clock);
      if (known) return known;
      const struct = findLocal(id);
      if (!struct || struct instanceof Y.Skip) return new Refusal('The update depends on changes the server does not have.');
      if (!(struct instanceof Y.Item)) return GC_PLACE;
      const resolved = state.get(struct);
      return resolved && resolved !== VISITING ? resolved.place : struct;
    };

    /** The shape of the type item `id`: resolved, an item to resolve first, or a refusal. */
    const typeAt = (id: Y.ID): Parent | Y.Item | Refusal => {
      const known = this.types.get(id.client)?.get(id.clock);
      if (known !== undefined) return known;
      // A known item that is not a type (or a deleted one): Yjs turns children put in it into GC.
      if (this.runs.get(id.client)?.at(id.clock)) return 'gc';
      const struct = findLocal(id);
      if (!struct || struct instanceof Y.Skip) return new Refusal('The update depends on changes the server does not have.');
      if (!(struct instanceof Y.Item) || struct.id.clock !== id.clock || !(struct.content instanceof Y.ContentType)) return 'gc';
      const resolved = state.get(struct);
      return resolved && resolved !== VISITING ? resolved.child : struct;
    };

    const step = (item: Y.Item): Place | Y.Item | Refusal => {
      const parent = item.parent as unknown;
      if (typeof parent === 'string') {
        const root = this.shape.roots[parent];
        if (!root) return new Refusal(`This document has no "${parent}".`);
        return { parent: root, sub: item.parentSub };
      }
      if (parent instanceof Y.ID) {
        const type = typeAt(parent);
        if (type instanceof Refusal || type instanceof Y.Item) return type;
        return { parent: type, sub: item.parentSub };
      }
      // Yjs: a neighbour that was garbage-collected makes the item garbage; otherwise it takes
      // the left neighbour's place, or the right one's.
      const left = item.origin ? placeAt(item.origin) : null;
      const right = item.rightOrigin ? placeAt(item.rightOrigin) : null;
      if (left instanceof Refusal || left instanceof Y.Item) return left;
      if (right instanceof Refusal || right instanceof Y.Item) return right;
      if (left?.parent === 'gc' || right?.parent === 'gc') return GC_PLACE;
      const place = left ?? right;
      return place ?? new Refusal('The update has an item with no place.');
    };

    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || state.has(struct)) continue;
      // Already indexed (a client re-sending what the server has): Yjs skips it too.
      if (struct.id.clock + struct.length <= (this.runs.get(struct.id.client)?.end ?? 0)) continue;
      const stack: Y.Item[] = [struct];
      while (stack.length > 0) {
        const item = stack[stack.length - 1]!;
        const current = state.get(item);
        if (current !== undefined && current !== VISITING) {
          stack.pop();
          continue;
        }
        const next = step(item);
        if (next instanceof Refusal) {
          if (strict) return next;
          state.set(item, { place: { parent: null, sub: item.parentSub }, child: null });
          stack.pop();
        } else if (next instanceof Y.Item) {
          if (state.get(next) === VISITING) {
            if (strict) return new Refusal('The update places items in a cycle.');
            state.set(item, { place: { parent: null, sub: null }, child: null });
            stack.pop();
            continue;
          }
          state.set(item, VISITING);
          stack.push(next);
        } else {
          const checked = this.check(item, next);
          if (checked instanceof Refusal && strict) return checked;
          state.set(item, { place: this.shared(next), child: checked instanceof Refusal ? null : checked });
          stack.pop();
        }
      }
    }
    return state as Map<Y.Item, Resolved>;
  }

  private record(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>, resolved: Map<Y.Item, Resolved>): void {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue;
      const runs = this.runsOf(struct.id.client);
      const start = Math.max(struct.id.clock, runs.end);
      const end = struct.id.clock + struct.length;
      if (start >= end) continue;
      if (!(struct instanceof Y.Item)) {
        runs.push(start, end, GC_PLACE);
        continue;
      }
      const entry = resolved.get(struct);
      if (!entry) continue;
      runs.push(start, end, entry.place);
      if (struct.content instanceof Y.ContentType) this.typesOf(struct.id.client).set(struct.id.clock, entry.child);
    }
  }

  /**
   * Whether `item` may sit at `place`; for a type, what may go inside it. Deleted content
   * (ContentDeleted) is always fine: it carries nothing.
   */
  private check(item: Y.Item, place: Place): Parent | Refusal {
    const { parent, sub } = place;
    const content = item.content;
    if (parent === 'gc' || content instanceof Y.ContentDeleted) return 'gc';
    if (parent === null) return new Refusal('The update writes into content the document does not allow.');
    switch (parent.kind) {
      case 'xml': {
        const rule = parent.schema.nodes[parent.node];
        if (!rule) return new Refusal(`Unknown node "${parent.node}".`);
        if (sub !== null) {
          if (!rule.attrs.includes(sub)) return new Refusal(`A ${parent.node} has no attribute "${sub}".`);
          return this.value(content, parent.schema.maxValueLength) ? null : new Refusal(`The attribute "${sub}" must be one short plain value.`);
        }
        if (!(content instanceof Y.ContentType)) return new Refusal(`A ${parent.node} holds elements and text only.`);
        const type = content.type;
        if (type instanceof Y.XmlText) {
          return rule.text ? this.textShape(parent.schema) : new Refusal(`A ${parent.node} may not hold text directly.`);
        }
        if (type instanceof Y.XmlElement) {
          if (!rule.children.includes(type.nodeName)) return new Refusal(`A ${parent.node} may not hold a "${type.nodeName}".`);
          return this.xmlShape(parent.schema, type.nodeName);
        }
        return new Refusal(`A ${parent.node} holds elements and text only.`);
      }
      case 'text': {
        if (sub !== null) return new Refusal('Text carries no attributes.');
        if (content instanceof Y.ContentString) return null;
        if (content instanceof Y.ContentFormat) return this.format(parent.schema, content) ? null : new Refusal(`Unknown mark "${content.key}".`);
        return new Refusal('Text holds characters and marks only.');
      }
      case 'array': {
        if (sub !== null) return new Refusal('A list has no keys.');
        return this.typed(content, parent.items);
      }
      case 'map': {
        if (sub === null) return new Refusal('A record holds named fields only.');
        const field: FieldShape | undefined = Object.hasOwn(parent.fields, sub) ? parent.fields[sub] : undefined;
        if (!field) return new Refusal(`No field "${sub}" here.`);
        if (field.kind === 'string') {
          const ok =
            content instanceof Y.ContentAny && content.arr.length === 1 && typeof content.arr[0] === 'string' && content.arr[0].length <= field.maxLength;
          return ok ? null : new Refusal(`The field "${sub}" is a string of at most ${field.maxLength} characters.`);
        }
        return this.typed(content, field);
      }
    }
  }

  /** Content that must be a type of the given shape's Yjs class. */
  private typed(content: Y.Item['content'], shape: TypeShape): Parent | Refusal {
    if (!(content instanceof Y.ContentType)) return new Refusal('Expected a shared type here.');
    const type = content.type;
    const fits =
      shape.kind === 'xml'
        ? shape.node === shape.schema.top
          ? type instanceof Y.XmlFragment && !(type instanceof Y.XmlElement)
          : type instanceof Y.XmlElement && type.nodeName === shape.node
        : shape.kind === 'array'
          ? type instanceof Y.Array
          : type instanceof Y.Map && !(type instanceof Y.XmlHook);
    return fits ? shape : new Refusal('A shared type of the wrong kind.');
  }

  private value(content: Y.Item['content'], maxLength: number): boolean {
    return content instanceof Y.ContentAny && content.arr.length === 1 && isPlainValue(content.arr[0], maxLength);
  }

  private format(schema: XmlSchema, content: Y.ContentFormat): boolean {
    // y-prosemirror names marks that may overlap themselves `<mark>--<hash>`.
    const name = content.key.replace(/--[A-Za-z0-9+/=_-]{1,64}$/, '');
    const attrs = Object.hasOwn(schema.marks, name) ? schema.marks[name] : undefined;
    if (!attrs) return false;
    const value: unknown = content.value;
    if (value === null) return true;
    if (typeof value !== 'object' || Array.isArray(value)) return false;
    return Object.entries(value as Record<string, unknown>).every(([key, v]) => attrs.includes(key) && isPlainValue(v, schema.maxValueLength));
  }

  private textShape(schema: XmlSchema): TextShape {
    let shape = this.textShapes.get(schema);
    if (!shape) this.textShapes.set(schema, (shape = { kind: 'text', schema }));
    return shape;
  }

  /** One shape object per node name, so runs of items in like places can merge. */
  private xmlShape(schema: XmlSchema, node: string): TypeShape {
    let byNode = this.xmlShapes.get(schema);
    if (!byNode) this.xmlShapes.set(schema, (byNode = new Map()));
    let shape = byNode.get(node);
    if (!shape) byNode.set(node, (shape = { kind: 'xml', schema, node }));
    return shape;
  }

  /** Places are compared by identity when runs merge: hand out one object per (parent, sub). */
  private readonly places = new Map<Parent, Map<string | null, Place>>();
  private shared(place: Place): Place {
    let bySub = this.places.get(place.parent);
    if (!bySub) this.places.set(place.parent, (bySub = new Map()));
    let shared = bySub.get(place.sub);
    if (!shared) bySub.set(place.sub, (shared = place));
    return shared;
  }

  private runsOf(client: number): Runs {
    let runs = this.runs.get(client);
    if (!runs) this.runs.set(client, (runs = new Runs()));
    return runs;
  }

  private typesOf(client: number): Map<number, Parent> {
    let types = this.types.get(client);
    if (!types) this.types.set(client, (types = new Map()));
    return types;
  }
}

function isPlainValue(value: unknown, maxLength: number): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.length <= maxLength;
}
