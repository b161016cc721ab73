import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import RevealWindow from './components/RevealWindow.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

// The small window that shows a revealed key loads the same page with ?view=reveal.
const view = new URLSearchParams(window.location.search).get('view');
export default view === 'reveal' ? mount(RevealWindow, { target }) : mount(App, { target });
