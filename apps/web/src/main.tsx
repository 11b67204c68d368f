import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import './editor/editor.css';
import './editor/canvas/canvas.css';
import { COMPONENT_CSS } from '@tandem/render';

// The components' looks are the published page's CSS (one text, in @tandem/render), so the canvas shows what visitors get.
const componentStyles = document.createElement('style');
componentStyles.dataset.tandem = 'components';
componentStyles.textContent = COMPONENT_CSS;
document.head.append(componentStyles);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
