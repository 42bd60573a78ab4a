import type { Executor, OnEvent } from '@stint/db';
import type { Inbox } from './inbox.ts';
import type { Notifier, NotifyInput } from './notifier.ts';

/**
 * One command's notifications: `onEvent` goes into the command's transaction (it writes the
 * notifications and emails with the event); `done` runs after the commit and tells the people
 * told — their open bells — and the outbox worker, which sends at once rather than at its next look.
 */
export interface Telling {
  onEvent: OnEvent;
  /** For what is not a project event (a comment, a reminder): notify in the command's own transaction. */
  notify(trx: Executor, input: NotifyInput): Promise<void>;
  done(): void;
}

export type Tell = () => Telling;

export function createTell(notifier: Notifier, inbox: Inbox, nudgeOutbox: () => void): Tell {
  return () => {
    const told = new Set<string>();
    return {
      onEvent: notifier.eventHook(told),
      notify: (trx, input) => notifier.notify(trx, input, told),
      done() {
        if (told.size === 0) return;
        inbox.changed([...told]);
        nudgeOutbox();
      },
    };
  };
}
