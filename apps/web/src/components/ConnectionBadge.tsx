import type { Connection } from '../lib/collab.ts';

const TEXT: Record<Connection, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline — edits kept on this device',
  crowded: 'This document is full (too many people have it open) — retrying; edits kept on this device',
};

export function ConnectionBadge({ connection }: { connection: Connection }) {
  return (
    <span className={`badge badge-${connection}`} role="status" aria-live="polite" data-connection={connection}>
      <span className="dot" aria-hidden="true" />
      {TEXT[connection]}
    </span>
  );
}
