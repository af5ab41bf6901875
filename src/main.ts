import { mount } from 'svelte';
import App from './App.svelte';
import { applyTheme, loadTheme } from './state/theme.ts';
import './app.css';
import { registerServiceWorker } from './offline/register.ts';

// Before the first paint, so a saved theme never flashes the other one.
applyTheme(loadTheme(), false);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });

registerServiceWorker();
