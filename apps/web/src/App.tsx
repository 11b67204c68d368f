import { EditorPage } from './pages/EditorPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { matchRoute, navigate, usePathname } from './lib/routes.ts';

export function App() {
  const route = matchRoute(usePathname());
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'page':
      // A new key per page: switching pages starts a fresh connection and state.
      return <EditorPage key={route.pageId} pageId={route.pageId} />;
    case 'not-found':
      return (
        <main className="home">
          <h1>Not found</h1>
          <button type="button" onClick={() => navigate('/')}>
            Go to the start page
          </button>
        </main>
      );
  }
}
