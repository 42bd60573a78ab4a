import { API, type InvitableRole, type Invitation } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { useApi } from '../lib/queries.ts';
import { INVITED_ROLE_LABELS } from '../lib/types.ts';

/**
 * The employer's invitations: by email, to an account holder (added at once) or to anyone else
 * (emailed a link to sign up and join); the links still open, each withdrawable, the expired ones
 * sent again with one click.
 */
export function Invitations({ projectId, onInvited }: { projectId: string; onInvited(): void }) {
  const { data, refetch } = useApi(API.invitations, { params: { id: projectId } });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const invite = async (email: string, role: InvitableRole) => {
    const answer = await call(API.invite, { params: { id: projectId }, body: { email, role } });
    if ('member' in answer) {
      setMessage({ ok: true, text: `${answer.member.name} is now this project's ${answer.member.role}.` });
      onInvited();
    } else {
      setMessage({
        ok: true,
        text: `No Stint account uses ${answer.invitation.email} yet: we emailed them an invitation to sign up and join (the link works until ${formatDay(answer.invitation.expiresAt)}).`,
      });
    }
    void refetch();
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    try {
      await invite(String(f.get('email')), f.get('role') === 'viewer' ? 'viewer' : 'mentor');
      form.reset();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setMessage({ ok: true, text: done });
      void refetch();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };
  const invitations = data?.invitations ?? [];
  return (
    <div className="stack">
      <form onSubmit={submit} className="row wrap end" aria-label="Invite a mentor or viewer">
        <label>
          Invite by email
          <input name="email" type="email" required />
        </label>
        <label>
          As
          <select name="role" defaultValue="mentor">
            <option value="mentor">{INVITED_ROLE_LABELS.mentor}</option>
            <option value="viewer">{INVITED_ROLE_LABELS.viewer}</option>
          </select>
        </label>
        <button type="submit">Invite</button>
      </form>
      {message ? (
        <p className={message.ok ? 'notice' : 'error'} role="status">
          {message.text}
        </p>
      ) : null}
      {invitations.length > 0 ? (
        <section aria-labelledby="invitations-heading">
          <h3 id="invitations-heading">Invitations sent</h3>
          <ul className="invitations">
            {invitations.map((i) => (
              <InvitationRow
                key={i.id}
                invitation={i}
                onWithdraw={() =>
                  act(() => call(API.revokeInvitation, { params: { id: projectId, invitationId: i.id } }), `The invitation to ${i.email} was withdrawn.`)
                }
                onResend={() => invite(i.email, i.role).catch((e) => setMessage({ ok: false, text: errorText(e) }))}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function InvitationRow({ invitation: i, onWithdraw, onResend }: { invitation: Invitation; onWithdraw(): void; onResend(): void }) {
  return (
    <li className="row wrap">
      <span>
        {i.email} <span className="muted">· {INVITED_ROLE_LABELS[i.role].toLowerCase()} · </span>
        {i.status === 'expired' ? <strong>expired {formatDay(i.expiresAt)}</strong> : <span className="muted">until {formatDay(i.expiresAt)}</span>}
      </span>
      {i.status === 'expired' ? (
        <button type="button" className="secondary" onClick={onResend}>
          Send again<span className="visually-hidden"> to {i.email}</span>
        </button>
      ) : null}
      <button type="button" className="secondary" onClick={onWithdraw}>
        Withdraw<span className="visually-hidden"> the invitation to {i.email}</span>
      </button>
    </li>
  );
}
