import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { installSharedModules } from './shared-modules.ts';
import './studio.css';

installSharedModules();
createRoot(document.getElementById('studio')!).render(<App />);
