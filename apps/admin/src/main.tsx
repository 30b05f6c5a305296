import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(<App />);

// The service worker precaches the app shell so a reload without network still opens the app
// (vite.config.ts; it never caches API answers). Built app only (`vite build`, also `--mode e2e`,
// whose bundle is not a production one): `vite` dev serves no /sw.js.
if (import.meta.env.MODE !== 'development' && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No worker (private window, blocked by policy): the app works online as before.
    });
  });
}
