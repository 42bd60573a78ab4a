import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatMoment } from '../lib/dates.ts';
import { useInbox } from '../lib/inbox.ts';

const when = formatMoment;

/** The bell in the header: the unread count, live, and the inbox under it. */
export function Bell({ userId }: { userId: string }) {
  const inbox = useInbox(userId);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      // Focus goes back where the inbox was opened from, not to the page's start.
      button.current?.focus();
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);
  const toggle = () => {
    if (!open) inbox.load();
    setOpen(!open);
  };
  return (
    <div className="bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls="inbox"
        aria-label={inbox.unread > 0 ? `Notifications, ${inbox.unread} unread` : 'Notifications'}
        onClick={toggle}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
            fill="currentColor"
          />
        </svg>
        {inbox.unread > 0 ? (
          <span className="bell-count" data-testid="unread">
            {inbox.unread > 99 ? '99+' : inbox.unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id="inbox" className="inbox" aria-label="Notifications">
          <header className="row between">
            <strong>Notifications</strong>
            <button type="button" className="secondary small" disabled={inbox.unread === 0} onClick={() => void inbox.markRead()}>
              Mark all read
            </button>
          </header>
          {inbox.error ? <p className="error">{inbox.error}</p> : null}
          {inbox.items === null ? <p className="muted">Loading…</p> : null}
          {inbox.items?.length === 0 ? <p className="empty">Nothing yet. You will hear here when something needs you.</p> : null}
          <ul>
            {(inbox.items ?? []).map((n) => (
              <li key={n.id} className={n.read ? 'read' : 'unread'}>
                <Link
                  to={n.link}
                  onClick={() => {
                    if (!n.read) void inbox.markRead([n.id]);
                    setOpen(false);
                  }}
                >
                  {n.text}
                </Link>
                {n.message ? <blockquote>{n.message}</blockquote> : null}
                <time dateTime={n.at}>{when(n.at)}</time>
              </li>
            ))}
          </ul>
          <footer>
            <Link to="/settings/notifications" onClick={() => setOpen(false)}>
              Choose what you hear about
            </Link>
          </footer>
        </section>
      ) : null}
    </div>
  );
}
