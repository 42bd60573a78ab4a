import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout, Loading } from './components/Layout.tsx';
import { queryClient } from './lib/queries.ts';
import { SessionProvider, useSession } from './lib/session.tsx';
import { Login, Signup } from './pages/Auth.tsx';
import { Board } from './pages/Board.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { EmployerProfile, OrganisationSettings } from './pages/Employer.tsx';
import { InvitationPage } from './pages/Invitation.tsx';
import { Landing } from './pages/Landing.tsx';
import { NewProject } from './pages/NewProject.tsx';
import { NotificationSettings } from './pages/NotificationSettings.tsx';
import { PortfolioSettings } from './pages/PortfolioSettings.tsx';
import { ProjectPage } from './pages/ProjectPage.tsx';

// The editor (Tiptap, Yjs) is most of the bundle: load it only when a workspace opens.
const Workspace = lazy(() => import('./pages/Workspace.tsx').then((m) => ({ default: m.Workspace })));

import './styles.css';

function SignedIn({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return children;
}

/** Your projects when signed in; what Stint is when not. */
/** The signed-in employer's organisation settings. */
function MyOrganisation() {
  const { user } = useSession();
  return user ? <OrganisationSettings userId={user.id} /> : null;
}

function Home() {
  const { user, loading } = useSession();
  if (loading) return <Loading />;
  return user ? <Dashboard /> : <Landing />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route path="/login" element={<Login />} />
              <Route path="/signup" element={<Signup />} />
              <Route path="/board" element={<Board />} />
              <Route path="/invite/:token" element={<InvitationPage />} />
              <Route path="/" element={<Home />} />
              <Route
                path="/projects/new"
                element={
                  <SignedIn>
                    <NewProject />
                  </SignedIn>
                }
              />
              <Route
                path="/settings/notifications"
                element={
                  <SignedIn>
                    <NotificationSettings />
                  </SignedIn>
                }
              />
              <Route
                path="/settings/portfolio"
                element={
                  <SignedIn>
                    <PortfolioSettings />
                  </SignedIn>
                }
              />
              <Route
                path="/settings/organisation"
                element={
                  <SignedIn>
                    <MyOrganisation />
                  </SignedIn>
                }
              />
              <Route path="/employers/:employerId" element={<EmployerProfile />} />
              <Route path="/projects/:id" element={<ProjectPage />} />
              <Route
                path="/projects/:id/:kind"
                element={
                  <SignedIn>
                    <Suspense fallback={<Loading what="Opening the editor" />}>
                      <Workspace />
                    </Suspense>
                  </SignedIn>
                }
              />
              <Route path="*" element={<p className="empty">No such page.</p>} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
