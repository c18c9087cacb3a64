/** The gallery and the URL sync, shared with the components below the app through context. */
import { createContext } from 'svelte';
import type { Gallery } from '../library/gallery.svelte.ts';
import type { UrlSync } from './url-sync.svelte.ts';

export const [getGallery, setGallery] = createContext<Gallery>();
export const [getUrlSync, setUrlSync] = createContext<UrlSync>();
