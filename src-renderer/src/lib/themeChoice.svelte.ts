/**
 * The colour theme the user picked: light, dark, or the system's setting (the default). The choice is kept in this
 * browser profile's localStorage (the desktop app's own profile, or the browser's for `headroom serve`, whose fixed
 * default port keeps the same origin from run to run), so it is remembered per user rather than per workspace: a
 * workspace file is shared between people, a colour preference is not. app.css reads it from `data-theme` on the
 * root element; charts/theme.svelte.ts reads the colours again whenever it changes.
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const STORAGE_KEY = 'headroom.theme';

function stored(): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    // Storage refused (a locked-down profile): the system's setting, as before there was a choice.
    return 'system';
  }
}

function apply(choice: ThemeChoice): void {
  if (typeof document === 'undefined') return;
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state any view reads
const listeners = new Set<() => void>();

class Theme {
  choice = $state<ThemeChoice>(stored());
}

/** The current choice; reactive. Change it with setThemeChoice. */
export const theme = new Theme();
apply(theme.choice);

/** Switch the theme now and remember the choice for the next start. */
export function setThemeChoice(choice: ThemeChoice): void {
  theme.choice = choice;
  apply(choice);
  try {
    if (choice === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, choice);
  } catch {
    // Not remembered, but applied for this session.
  }
  for (const l of listeners) l();
}

/** Call `f` after every change of the choice (the chart colours are read again then). */
export function onThemeChoice(f: () => void): void {
  listeners.add(f);
}

/** Whether the page is drawn dark now: the user's choice, or the system's setting when they left it to the system. */
export function isDark(): boolean {
  if (theme.choice !== 'system') return theme.choice === 'dark';
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}
