/** The workbench shared with every component below the app through context. */
import { createContext } from 'svelte';
import type { Workbench } from '../report/workbench.svelte.ts';

export const [getWorkbench, setWorkbench] = createContext<Workbench>();
