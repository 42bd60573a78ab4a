import { type ChangeEvent, type KeyboardEvent, useState } from 'react';
import { type Mentionable, matchingPeople } from '../lib/mention-suggestion.ts';

/** The people whose "@Name" a text holds: what a comment sends as its mentions. */
export function mentionedIn(text: string, people: readonly Mentionable[]): string[] {
  return people.filter((p) => text.includes(`@${p.label}`)).map((p) => p.id);
}

interface Props {
  name: string;
  label: string;
  people: () => Mentionable[];
  multiline?: boolean;
  placeholder?: string;
  className?: string;
}

/**
 * A comment's text box with the same @ menu as the documents: type @ and part of a name, pick
 * with the arrows and Enter (or a click); people who can't read the document are refused with why.
 */
export function MentionText({ name, label, people, multiline, placeholder, className }: Props) {
  const [value, setValue] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const matches = query === null ? [] : matchingPeople(people(), query, 6);

  const change = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const text = event.target.value;
    setValue(text);
    const upToCaret = text.slice(0, event.target.selectionStart ?? text.length);
    const at = /(?:^|\s)@([^@\n]{0,30})$/.exec(upToCaret);
    setQuery(at ? at[1]! : null);
    setIndex(0);
    setNote(null);
  };
  const pick = (person: Mentionable | undefined) => {
    if (!person) return;
    if (person.reason) return setNote(person.reason);
    setValue((text) => text.replace(/@([^@\n]{0,30})$/, `@${person.label} `));
    setQuery(null);
  };
  const keys = (event: KeyboardEvent) => {
    if (query === null || matches.length === 0) return;
    if (event.key === 'ArrowDown') setIndex((i) => (i + 1) % matches.length);
    else if (event.key === 'ArrowUp') setIndex((i) => (i + matches.length - 1) % matches.length);
    else if (event.key === 'Enter' || event.key === 'Tab') pick(matches[index]);
    else if (event.key === 'Escape') setQuery(null);
    else return;
    event.preventDefault();
  };
  const field = { name, value, onChange: change, onKeyDown: keys, required: true, maxLength: 5000, placeholder, 'aria-label': label, className };
  return (
    <div className="mention-text grow">
      {multiline ? <textarea rows={4} {...field} /> : <input {...field} />}
      {query !== null && matches.length > 0 ? (
        <div className="mention-menu inline">
          <div className="mention-options" role="listbox" aria-label="Mention someone">
            {matches.map((p, i) => (
              <button
                key={p.id}
                type="button"
                role="option"
                aria-selected={i === index}
                aria-disabled={p.reason !== null}
                className={`mention-option${i === index ? ' selected' : ''}${p.reason ? ' refused' : ''}`}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(p);
                }}
              >
                {p.label}
              </button>
            ))}
          </div>
          {note ? (
            <p className="mention-refused" role="alert">
              {note}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
