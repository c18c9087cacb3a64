import { startEarlyEngine } from './state/page/early-engine.ts';
import './ui/shell/global.css';

// DuckDB first: its worker downloads and compiles the wasm while the app's code below loads.
startEarlyEngine();

const [{ mount }, { default: App }] = await Promise.all([
  import('svelte'),
  import('./ui/shell/App.svelte'),
]);
const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

export default mount(App, { target });
