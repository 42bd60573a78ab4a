import type { Thread } from '@stint/editor';
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { anchorRange } from '../lib/anchors.ts';

export const commentHighlightsKey = new PluginKey<DecorationSet>('commentHighlights');

/**
 * Highlights commented passages as decorations computed from the threads' anchors — nothing is
 * written into the document, so people who may only comment can still be shown their threads.
 */
export const CommentHighlights = Extension.create<{ threads: () => Thread[]; active: () => string | null }>({
  name: 'commentHighlights',
  addOptions: () => ({ threads: () => [], active: () => null }),
  addProseMirrorPlugins() {
    const editor = this.editor;
    const options = this.options;
    const build = (doc: Parameters<typeof DecorationSet.create>[0]) => {
      const decorations: Decoration[] = [];
      for (const thread of options.threads()) {
        const range = anchorRange(editor, thread.anchor);
        if (!range) continue;
        const classes = ['comment-highlight', thread.resolved ? 'is-resolved' : '', options.active() === thread.id ? 'is-active' : '']
          .filter(Boolean)
          .join(' ');
        decorations.push(Decoration.inline(range.from, range.to, { class: classes, 'data-thread': thread.id }));
      }
      return DecorationSet.create(doc, decorations);
    };
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: (_config, state) => DecorationSet.create(state.doc, []),
          // Anchors resolve through the Yjs binding. A change that came from Yjs (a remote edit)
          // is in the Yjs document already: resolve again. A local edit reaches Yjs only after
          // this transaction, so resolving now would use the old positions (the highlight would
          // slide by what was typed above it): map the highlights through the edit instead.
          apply: (tr, old, _oldState, newState) => {
            if (tr.getMeta(commentHighlightsKey)) return build(newState.doc);
            if (!tr.docChanged) return old;
            const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
            return fromYjs ? build(newState.doc) : old.map(tr.mapping, tr.doc);
          },
        },
        props: { decorations: (state) => commentHighlightsKey.getState(state) },
      }),
    ];
  },
});
