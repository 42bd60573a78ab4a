import { offersPosting } from '@stint/domain';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { Bell } from './Bell.tsx';

export function Layout() {
  const { user, logout } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Stint
        </Link>
        <nav aria-label="Main">
          <NavLink to="/board">Board</NavLink>
          {user ? (
            <NavLink to="/" end>
              My projects
            </NavLink>
          ) : null}
          {user && offersPosting(user.accountType) ? <NavLink to="/projects/new">Post a project</NavLink> : null}
          {user?.accountType === 'student' ? <NavLink to="/settings/portfolio">Portfolio</NavLink> : null}
          {user?.accountType === 'employer' ? <NavLink to="/settings/organisation">Organisation</NavLink> : null}
        </nav>
        <div className="who">
          {user ? (
            <>
              <Bell userId={user.id} />
              <span className="muted who-name">{user.name}</span>
              <button type="button" className="secondary small" onClick={() => void logout().then(() => navigate('/login'))}>
                Log out
              </button>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <NavLink to="/signup">Sign up</NavLink>
            </>
          )}
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" role="status">
      {what}…
    </p>
  );
}
