/** The workbench shared with every component below the app through context. */
import { createContext } from 'svelte';
import type { Workbench } from './workbench.svelte.ts';

export const [getWorkbench, setWorkbench] = createContext<Workbench>();
