import type { SuggestionOptions, SuggestionProps } from '@tiptap/suggestion';

/** Someone the @ menu offers; `reason` is why they can't be mentioned here, when they can't. */
export interface Mentionable {
  id: string;
  label: string;
  reason: string | null;
}

type Props = SuggestionProps<Mentionable, { id: string; label: string }>;

/**
 * The @ menu: the project's members, those who can't read this document shown but refused with a
 * sentence saying why (a mention would point them at text they may not see). Arrow keys move,
 * Enter or Tab picks, Escape closes. Plain DOM: it lives beside the editor, outside React.
 */
/** Who an @query offers, in both @ menus (the editor's and a comment box's): names containing it. */
export function matchingPeople(people: readonly Mentionable[], query: string, limit: number): Mentionable[] {
  const wanted = query.toLowerCase();
  return people.filter((p) => p.label.toLowerCase().includes(wanted)).slice(0, limit);
}

export function mentionSuggestion(candidates: () => Mentionable[]): Omit<SuggestionOptions<Mentionable, { id: string; label: string }>, 'editor'> {
  return {
    char: '@',
    items: ({ query }) => matchingPeople(candidates(), query, 8),
    render: () => {
      let menu: HTMLDivElement | null = null;
      let props: Props | null = null;
      let index = 0;
      let note: string | null = null;

      const pick = (item: Mentionable | undefined) => {
        if (!item || !props) return;
        if (item.reason) {
          note = item.reason;
          draw();
          return;
        }
        props.command({ id: item.id, label: item.label });
      };

      function draw() {
        if (!menu || !props) return;
        const rect = props.clientRect?.();
        if (rect) {
          menu.style.left = `${Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - 268))}px`;
          menu.style.top = `${rect.bottom + window.scrollY + 4}px`;
        }
        // The options in a listbox of their own; what is said about them beside it (a listbox holds only options).
        const list = document.createElement('div');
        list.className = 'mention-options';
        list.setAttribute('role', 'listbox');
        list.setAttribute('aria-label', 'Mention someone');
        menu.replaceChildren(list);
        if (props.items.length === 0) {
          const empty = document.createElement('p');
          empty.className = 'muted';
          empty.textContent = 'No one in this project by that name.';
          menu.append(empty);
        }
        props.items.forEach((item, i) => {
          const option = document.createElement('button');
          option.type = 'button';
          option.setAttribute('role', 'option');
          option.setAttribute('aria-selected', String(i === index));
          option.setAttribute('aria-disabled', String(item.reason !== null));
          option.className = `mention-option${i === index ? ' selected' : ''}${item.reason ? ' refused' : ''}`;
          option.textContent = item.label;
          if (item.reason) option.title = item.reason;
          // Keep the editor's focus and selection: pick on mousedown.
          option.addEventListener('mousedown', (event) => {
            event.preventDefault();
            index = i;
            pick(item);
          });
          list.append(option);
        });
        if (note) {
          const why = document.createElement('p');
          why.className = 'mention-refused';
          why.setAttribute('role', 'alert');
          why.textContent = note;
          menu.append(why);
        }
      }

      return {
        onStart(next) {
          props = next;
          index = 0;
          note = null;
          menu = document.createElement('div');
          menu.className = 'mention-menu';
          document.body.append(menu);
          draw();
        },
        onUpdate(next) {
          props = next;
          index = Math.min(index, Math.max(0, next.items.length - 1));
          note = null;
          draw();
        },
        onKeyDown({ event }) {
          if (!props) return false;
          const count = props.items.length;
          if (event.key === 'ArrowDown' && count > 0) index = (index + 1) % count;
          else if (event.key === 'ArrowUp' && count > 0) index = (index + count - 1) % count;
          else if (event.key === 'Enter' || event.key === 'Tab') {
            pick(props.items[index]);
            return true;
          } else if (event.key === 'Escape') {
            menu?.remove();
            menu = null;
            return true;
          } else return false;
          note = null;
          draw();
          return true;
        },
        onExit() {
          menu?.remove();
          menu = null;
          props = null;
        },
      };
    },
  };
}
