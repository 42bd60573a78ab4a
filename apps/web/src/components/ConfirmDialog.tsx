import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { Alert } from './Alert.tsx';

interface Props {
  open: boolean;
  title: string;
  confirmLabel: string;
  onConfirm(form: FormData): void | Promise<void>;
  onClose(): void;
  error?: string | null;
  children?: ReactNode;
}

/** A modal <dialog>: focus is trapped by the browser, Escape closes it. */
export function ConfirmDialog({ open, title, confirmLabel, onConfirm, onClose, error, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void onConfirm(new FormData(event.currentTarget));
  };
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="dialog-title">
      <form onSubmit={submit} className="stack">
        <h2 id="dialog-title">{title}</h2>
        {children}
        <Alert error={error} />
        <div className="row end">
          <button type="button" className="secondary" onClick={onClose}>
            Back
          </button>
          <button type="submit">{confirmLabel}</button>
        </div>
      </form>
    </dialog>
  );
}
