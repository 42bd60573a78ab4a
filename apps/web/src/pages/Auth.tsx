import { ACCOUNT_TYPE_NAMES, ACCOUNT_TYPES, type AccountType, API } from '@stint/domain';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Alert } from '../components/Alert.tsx';
import { call, errorText } from '../lib/api.ts';
import { useSession } from '../lib/session.tsx';

/** Signing up from an invitation's link: the address it was sent to, the account type its role suggests, where to go after. */
export interface FromInvitation {
  token: string;
  email: string;
  accountType: AccountType;
  next: string;
}

export function AuthForm({ mode, invitation }: { mode: 'login' | 'signup'; invitation?: FromInvitation }) {
  const { refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const text = (name: string) => String(form.get(name) ?? '');
      if (mode === 'signup')
        await call(API.signup, {
          body: {
            email: text('email'),
            password: text('password'),
            name: text('name'),
            accountType: text('accountType') as AccountType,
            ...(invitation ? { invitation: invitation.token } : {}),
          },
        });
      else await call(API.login, { body: { email: text('email'), password: text('password') } });
      await refresh();
      const next = invitation?.next ?? new URLSearchParams(location.search).get('next');
      navigate(next?.startsWith('/') ? next : '/');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className={invitation ? 'stack' : 'card narrow'}>
      {invitation ? null : <h1>{mode === 'login' ? 'Log in to Stint' : 'Create your Stint account'}</h1>}
      <form onSubmit={submit} className="stack" noValidate>
        {mode === 'signup' ? (
          <>
            <label>
              Your name
              <input name="name" autoComplete="name" required />
            </label>
            <fieldset className="choices">
              <legend>You are joining as</legend>
              {ACCOUNT_TYPE_NAMES.map((type, i) => (
                <label key={type} className="choice">
                  <input type="radio" name="accountType" value={type} defaultChecked={invitation ? type === invitation.accountType : i === 0} />
                  {ACCOUNT_TYPES[type].label}
                </label>
              ))}
            </fieldset>
          </>
        ) : null}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required defaultValue={invitation?.email} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'signup' ? 10 : 1}
          />
        </label>
        <Alert error={error} />
        <button type="submit" disabled={busy}>
          {mode === 'login' ? 'Log in' : 'Sign up'}
        </button>
      </form>
      <p className="muted">
        {invitation ? (
          <>
            Have an account already? <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>Log in</Link> and accept with it.
          </>
        ) : mode === 'login' ? (
          <>
            New here? <Link to="/signup">Create an account</Link>. Demo: <code>student@demo.stint</code> / <code>demo-demo-demo</code>
          </>
        ) : (
          <>
            Have an account? <Link to="/login">Log in</Link>
          </>
        )}
      </p>
    </section>
  );
}

export const Login = () => <AuthForm mode="login" />;
export const Signup = () => <AuthForm mode="signup" />;
