import { matchRoute, navigate, usePathname } from './lib/routes.ts';
import { EditorPage } from './pages/EditorPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { AuthPage } from './pages/auth/AuthPage.tsx';
import { JoinPage } from './pages/auth/JoinPage.tsx';

export function App() {
  const route = matchRoute(usePathname());
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'page':
      // A new key per page: switching pages starts a fresh connection and state.
      return <EditorPage key={route.pageId} pageId={route.pageId} />;
    case 'signin':
      return <AuthPage key={route.mode} mode={route.mode} />;
    case 'join':
      return <JoinPage key={route.token} token={route.token} />;
    case 'not-found':
      return (
        <main className="home">
          <div className="home__card">
            <h1>Not found</h1>
            <p className="home__lead">There is nothing at this address.</p>
            <button type="button" className="button button--primary" onClick={() => navigate('/')}>
              Go to the start page
            </button>
          </div>
        </main>
      );
  }
}
