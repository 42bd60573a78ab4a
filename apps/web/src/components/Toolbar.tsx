import { CODE_LANGUAGE_LABELS } from '@stint/editor';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';

interface Tool {
  key: string;
  label: string;
  /** What the button shows (a short glyph); the label is its accessible name and tooltip. */
  glyph: string;
  run(editor: Editor): void;
  /** For toggles: whether it is on where the selection is (aria-pressed). */
  active?(editor: Editor): boolean;
  enabled?(editor: Editor): boolean;
  /** Starts a group: a separator is drawn before it. */
  group?: boolean;
}

const chain = (editor: Editor) => editor.chain().focus();

/** What a button is called: its label, holding the text it shows (so someone who says "click H1" to voice control is understood). */
export const toolName = (tool: { label: string; glyph: string }) =>
  !/[A-Za-z0-9]/.test(tool.glyph) || tool.label.toLowerCase().includes(tool.glyph.toLowerCase()) ? tool.label : `${tool.label}, ${tool.glyph}`;

const TOOLS: Tool[] = [
  ...([1, 2, 3] as const).map(
    (level): Tool => ({
      key: `h${level}`,
      label: `Heading ${level}`,
      glyph: `H${level}`,
      group: level === 1,
      run: (e) => chain(e).toggleHeading({ level }).run(),
      active: (e) => e.isActive('heading', { level }),
    }),
  ),
  { key: 'bold', label: 'Bold', glyph: 'B', group: true, run: (e) => chain(e).toggleBold().run(), active: (e) => e.isActive('bold') },
  { key: 'italic', label: 'Italic', glyph: 'I', run: (e) => chain(e).toggleItalic().run(), active: (e) => e.isActive('italic') },
  { key: 'strike', label: 'Strikethrough', glyph: 'S', run: (e) => chain(e).toggleStrike().run(), active: (e) => e.isActive('strike') },
  { key: 'code', label: 'Inline code', glyph: '</>', run: (e) => chain(e).toggleCode().run(), active: (e) => e.isActive('code') },
  { key: 'bullets', label: 'Bulleted list', glyph: '•', group: true, run: (e) => chain(e).toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
  { key: 'numbers', label: 'Numbered list', glyph: '1.', run: (e) => chain(e).toggleOrderedList().run(), active: (e) => e.isActive('orderedList') },
  { key: 'tasks', label: 'Task list', glyph: '☑', run: (e) => chain(e).toggleTaskList().run(), active: (e) => e.isActive('taskList') },
  { key: 'quote', label: 'Quote', glyph: '❝', run: (e) => chain(e).toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
  { key: 'codeblock', label: 'Code block', glyph: '{ }', run: (e) => chain(e).toggleCodeBlock().run(), active: (e) => e.isActive('codeBlock') },
  {
    key: 'table',
    label: 'Insert a table',
    glyph: '▦',
    group: true,
    run: (e) => chain(e).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    enabled: (e) => !e.isActive('table'),
  },
  { key: 'undo', label: 'Undo', glyph: '↶', group: true, run: (e) => chain(e).undo().run(), enabled: (e) => e.can().undo() },
  { key: 'redo', label: 'Redo', glyph: '↷', run: (e) => chain(e).redo().run(), enabled: (e) => e.can().redo() },
];

const TABLE_TOOLS: Tool[] = [
  { key: 'row-after', label: 'Add a row below', glyph: '+ row', group: true, run: (e) => chain(e).addRowAfter().run() },
  { key: 'col-after', label: 'Add a column to the right', glyph: '+ column', run: (e) => chain(e).addColumnAfter().run() },
  { key: 'row-delete', label: 'Delete this row', glyph: '− row', run: (e) => chain(e).deleteRow().run() },
  { key: 'col-delete', label: 'Delete this column', glyph: '− column', run: (e) => chain(e).deleteColumn().run() },
  { key: 'header-row', label: 'Header row', glyph: 'Header', run: (e) => chain(e).toggleHeaderRow().run() },
  { key: 'table-delete', label: 'Delete table', glyph: 'Delete table', run: (e) => chain(e).deleteTable().run() },
];

/**
 * The formatting toolbar of an editable rich document: one tab stop, arrow keys move between its
 * buttons (roving focus), toggles say whether they are on (aria-pressed). Markdown shortcuts keep
 * working in the text (## , - , 1. , [ ] , ``` , > ). Undo and redo go through Yjs: only your own edits.
 */
/** The file buttons: images only go inline; anything allowed may be attached (the server sniffs and says no). */
const FILE_TOOLS = [
  {
    key: 'image',
    glyph: 'Image',
    label: 'Insert an image',
    title: 'Insert an image (or paste or drop one)',
    accept: 'image/png,image/jpeg,image/gif,image/webp',
  },
  { key: 'attach', glyph: 'Attach', label: 'Attach a file', title: 'Attach a file (or drop one): PDF, Office, CSV, text, zip, images', accept: undefined },
] as const;

/** A toolbar button that opens the browser's file picker and hands what was picked on. */
function FileTool({ tool, tabIndex, onFiles }: { tool: (typeof FILE_TOOLS)[number]; tabIndex: number; onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        data-tool={tool.key}
        className="tool"
        tabIndex={tabIndex}
        aria-label={toolName(tool)}
        title={tool.title}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => input.current?.click()}
      >
        {tool.glyph}
      </button>
      <input
        ref={input}
        type="file"
        accept={tool.accept}
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}

export function Toolbar({ editor, onFiles }: { editor: Editor; onFiles?: (files: File[]) => void }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      active: Object.fromEntries(TOOLS.map((t) => [t.key, t.active?.(e) ?? false])),
      enabled: Object.fromEntries(TOOLS.map((t) => [t.key, t.enabled?.(e) ?? true])),
      inTable: e.isActive('table'),
      inCode: e.isActive('codeBlock'),
      language: (e.getAttributes('codeBlock').language as string | null) ?? '',
      link: (e.getAttributes('link').href as string | undefined) ?? null,
      // Nothing typed yet: one empty paragraph.
      empty: e.state.doc.childCount <= 1 && e.state.doc.textContent.length === 0 && e.state.doc.firstChild?.type.name === 'paragraph',
    }),
  });
  const [focus, setFocus] = useState(0);
  const [linking, setLinking] = useState(false);
  const bar = useRef<HTMLDivElement>(null);
  const tools = [...TOOLS, ...(state.inTable ? TABLE_TOOLS : [])];

  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(bar.current?.querySelectorAll<HTMLButtonElement>('button[data-tool]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = (next + buttons.length) % buttons.length;
    setFocus(index);
    buttons[index]?.focus();
  };

  const applyLink = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const href = String(new FormData(event.currentTarget).get('href') ?? '').trim();
    if (href) chain(editor).extendMarkRange('link').setLink({ href }).run();
    setLinking(false);
  };

  return (
    <div className="editor-toolbar">
      <div ref={bar} role="toolbar" aria-label="Formatting" className="row wrap" onKeyDown={move}>
        {tools.map((tool, i) => (
          <span key={tool.key} className="tool-slot">
            {tool.group && i > 0 ? <span className="tool-separator" aria-hidden="true" /> : null}
            <button
              type="button"
              data-tool={tool.key}
              className={`tool${state.active[tool.key] ? ' on' : ''}`}
              tabIndex={i === focus ? 0 : -1}
              title={tool.label}
              aria-label={toolName(tool)}
              aria-pressed={tool.active ? Boolean(state.active[tool.key]) : undefined}
              disabled={state.enabled[tool.key] === false}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setFocus(i);
                tool.run(editor);
              }}
            >
              {tool.glyph}
            </button>
          </span>
        ))}
        <button
          type="button"
          data-tool="link"
          className={`tool${state.link ? ' on' : ''}`}
          tabIndex={tools.length === focus ? 0 : -1}
          aria-label="Link"
          title="Link"
          aria-pressed={state.link !== null}
          aria-expanded={linking}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => setLinking(!linking)}
        >
          Link
        </button>
        {onFiles ? (
          <>
            <span className="tool-separator" aria-hidden="true" />
            {FILE_TOOLS.map((tool, i) => (
              <FileTool key={tool.key} tool={tool} tabIndex={tools.length + 1 + i === focus ? 0 : -1} onFiles={onFiles} />
            ))}
          </>
        ) : null}
        {state.inCode ? (
          <label className="tool-language">
            <span className="visually-hidden">Code language</span>
            <select
              value={state.language}
              onChange={(e) =>
                chain(editor)
                  .updateAttributes('codeBlock', { language: e.target.value || null })
                  .run()
              }
            >
              <option value="">Plain text</option>
              {Object.entries(CODE_LANGUAGE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {linking ? (
        <form className="link-popover row wrap" onSubmit={applyLink} aria-label="Link">
          <label className="grow">
            Link address
            {/* biome-ignore lint/a11y/noAutofocus: the popover opens to type an address */}
            <input name="href" type="url" defaultValue={state.link ?? 'https://'} autoFocus required />
          </label>
          <button type="submit" className="small">
            {state.link ? 'Update' : 'Add link'}
          </button>
          {state.link ? (
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                chain(editor).extendMarkRange('link').unsetLink().run();
                setLinking(false);
              }}
            >
              Remove link
            </button>
          ) : null}
          <button type="button" className="secondary small" onClick={() => setLinking(false)}>
            Cancel
          </button>
        </form>
      ) : null}
      {state.empty ? (
        <p className="empty-hint">
          Start writing<span className="hint-more">, or use the toolbar: headings, lists, tables, code, images and files</span>. Type @ to mention someone
          <span className="hint-more">; drop or paste files to add them</span>.
        </p>
      ) : null}
    </div>
  );
}
