// The colour theme: "auto" follows the operating system; "light" and "dark" override it. The choice
// is kept in localStorage so it survives a reload (where storage is blocked it lasts for the page).
export type Theme = 'auto' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['auto', 'light', 'dark'];
const KEY = 'synthlab.theme';

export function loadTheme(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return THEMES.includes(v as Theme) ? (v as Theme) : 'auto';
  } catch {
    return 'auto';
  }
}

/** Sets `data-theme` on <html> (app.css keys the palette on it) and remembers the choice. */
export function applyTheme(theme: Theme, persist = true): void {
  const root = document.documentElement;
  if (theme === 'auto') delete root.dataset.theme;
  else root.dataset.theme = theme;
  if (!persist) return;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Storage blocked (some private modes): the theme still applies to this page.
  }
}
