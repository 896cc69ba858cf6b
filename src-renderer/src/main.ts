import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { prefetchDashboard } from './lib/prefetch';

// The app opens on the dashboard: its data is asked for first (see lib/prefetch.ts).
prefetchDashboard();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
