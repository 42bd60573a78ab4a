import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout, Loading } from './components/Layout.tsx';
import { useSession, SessionProvider } from './lib/session.tsx';
import { Login, Signup } from './pages/Auth.tsx';
import { Board } from './pages/Board.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { NewProject } from './pages/NewProject.tsx';
import { ProjectPage } from './pages/ProjectPage.tsx';
import { Workspace } from './pages/Workspace.tsx';
import './styles.css';

function SignedIn({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return children;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route path="/login" element={<Login />} />
            <Route path="/signup" element={<Signup />} />
            <Route path="/board" element={<Board />} />
            <Route path="/" element={<SignedIn><Dashboard /></SignedIn>} />
            <Route path="/projects/new" element={<SignedIn><NewProject /></SignedIn>} />
            <Route path="/projects/:id" element={<ProjectPage />} />
            <Route path="/projects/:id/:kind" element={<SignedIn><Workspace /></SignedIn>} />
            <Route path="*" element={<p className="empty">No such page.</p>} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  </StrictMode>,
);
