import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import MiniWindow from './components/MiniWindow.svelte';
import RevealWindow from './components/RevealWindow.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

// The small windows load the same page: ?view=reveal shows a revealed key,
// ?view=mini the quick-copy search.
const view = new URLSearchParams(window.location.search).get('view');
export default view === 'reveal'
  ? mount(RevealWindow, { target })
  : view === 'mini'
    ? mount(MiniWindow, { target })
    : mount(App, { target });
