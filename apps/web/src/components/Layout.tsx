import { offersPosting } from '@stint/domain';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { Bell } from './Bell.tsx';

export function Layout() {
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const first = useRef(true);
  // A new page (signing in, following a link) starts reading at its content, as a page load would
  // for a screen reader, and Tab goes on from there rather than from the top of the document.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new page, which is what pathname says
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!main.current?.contains(document.activeElement)) main.current?.focus({ preventScroll: true });
  }, [pathname]);
  usePageTitle(main);
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
      {/* Focusable (not tabbable): the skip link and each new page put focus here, not on <body>. */}
      <main id="main" tabIndex={-1} ref={main}>
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

/**
 * The tab's title names the page: what the page calls itself (`data-page-title`, else its first
 * h1), then Stint. Watched, because most pages learn their title when their data arrives.
 */
function usePageTitle(main: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = main.current;
    if (!root) return;
    const update = () => {
      const named = root.querySelector('[data-page-title]')?.getAttribute('data-page-title') ?? root.querySelector('h1')?.textContent?.trim();
      const title = named ? `${named} · Stint` : 'Stint';
      if (document.title !== title) document.title = title;
    };
    update();
    const watch = new MutationObserver(update);
    watch.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-page-title'] });
    return () => watch.disconnect();
  }, [main]);
}
