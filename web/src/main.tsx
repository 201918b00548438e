import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { initI18n } from './i18n/index.js';
import { prime } from './lib/api.js';
import { caseQuery, filtersFromSearch } from './lib/filters.js';
import './styles/base.css';
import './styles/topbar.css';
import './styles/lists.css';
import './styles/screens.css';
import './styles/dialogs.css';
import './styles/responsive.css';

// The inbox is the first screen of most roles: its data is asked for while the app starts up.
prime('/api/auth/me');
if (window.location.pathname === '/inbox')
  prime(`/api/cases${caseQuery(filtersFromSearch(new URLSearchParams(window.location.search)))}`);
await initI18n();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
