/**
 * Views loaded on first use. The dashboard is what the app opens on; the other views (the results grid brings
 * Tabulator, a big share of the code: docs/performance.md, "The renderer as built") are separate chunks fetched when
 * first shown, so the first start parses
 * and compiles less before the dashboard can draw.
 */
import type { Component } from 'svelte';
import { toast } from './toasts.svelte';

type Loader<P extends Record<string, unknown>> = () => Promise<{ default: Component<P> }>;

export class LazyComponents<K extends string, P extends Record<string, unknown> = Record<string, never>> {
  #loaded = $state.raw<Partial<Record<K, Component<P>>>>({});
  /** Keys being fetched (not state: nothing renders from it). */
  #pending: Partial<Record<K, true>> = {};

  constructor(private readonly loaders: Record<K, Loader<P>>) {}

  /** The component when loaded, else null (and its loading starts; the caller re-renders when it lands). */
  get(key: K): Component<P> | null {
    const c = this.#loaded[key];
    if (c) return c;
    this.#load(key);
    return null;
  }

  #load(key: K): void {
    if (this.#pending[key]) return;
    this.#pending[key] = true;
    // Deferred: get() is read while rendering, where state must not change.
    queueMicrotask(() => {
      this.loaders[key]().then(
        (m) => {
          this.#loaded = { ...this.#loaded, [key]: m.default };
          delete this.#pending[key];
        },
        (e: unknown) => {
          delete this.#pending[key];
          toast('error', `Could not load this view: ${e instanceof Error ? e.message : String(e)}`);
        },
      );
    });
  }
}
