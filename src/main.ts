import { mount } from 'svelte';
import App from './ui/shell/App.svelte';
import './ui/shell/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

export default mount(App, { target });
