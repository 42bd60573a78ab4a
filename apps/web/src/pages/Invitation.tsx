import { API } from '@stint/domain';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../components/Alert.tsx';
import { Loading } from '../components/Layout.tsx';
import { call, errorText } from '../lib/api.ts';
import { formatDay } from '../lib/dates.ts';
import { useApi } from '../lib/queries.ts';
import { useSession } from '../lib/session.tsx';
import { INVITED_ROLE_LABELS } from '../lib/types.ts';
import { AuthForm } from './Auth.tsx';

/** Where an invitation's email link lands: who invites you to what; sign up (or accept, signed in) to join. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const { data, error } = useApi(API.invitationPreview, { params: { token } });
  const [joinError, setJoinError] = useState<string | null>(null);
  if (error)
    return (
      <section className="card narrow">
        <h1>Invitation</h1>
        <p className="error" role="alert">
          {error}
        </p>
      </section>
    );
  if (!data) return <Loading what="Opening the invitation" />;
  const { invitation } = data;
  const next = `/projects/${invitation.project.id}`;
  const accept = async () => {
    setJoinError(null);
    try {
      await call(API.acceptInvitation, { params: { token } });
      navigate(next);
    } catch (e) {
      setJoinError(errorText(e));
    }
  };
  return (
    <section className="card narrow stack">
      <h1>Join “{invitation.project.title}”</h1>
      <p>
        {invitation.invitedBy} invited <strong>{invitation.email}</strong> to this micro-internship as its {INVITED_ROLE_LABELS[invitation.role].toLowerCase()}.
      </p>
      {invitation.status === 'accepted' ? (
        <p className="notice">
          This invitation has been used. <Link to={user ? next : `/login?next=${encodeURIComponent(next)}`}>Open the project</Link>.
        </p>
      ) : invitation.status === 'revoked' ? (
        <p className="error">This invitation was withdrawn. Ask {invitation.invitedBy} for a new one if you still expect it.</p>
      ) : invitation.status === 'expired' ? (
        <p className="error">
          This invitation expired on {formatDay(invitation.expiresAt)}. Ask {invitation.invitedBy} to send a new one.
        </p>
      ) : user ? (
        <>
          <p className="muted">You are signed in as {user.email}; you will join with this account.</p>
          <Alert error={joinError} />
          <button type="button" onClick={accept}>
            Join as {invitation.role}
          </button>
        </>
      ) : (
        <>
          <p className="muted">Create your account to join. The link works until {formatDay(invitation.expiresAt)}.</p>
          <AuthForm mode="signup" invitation={{ token, email: invitation.email, accountType: invitation.accountType, next }} />
        </>
      )}
    </section>
  );
}
