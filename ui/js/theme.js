// The theme: the system's (dark or light, followed live) unless the user
// picks one; the choice is kept in this window's local storage.

const KEY = 'skymarshal.theme';

/** Applies the saved theme and wires the picker `select`. */
export function wireTheme(select) {
  const apply = (value) => {
    if (value === 'dark' || value === 'light') document.documentElement.dataset.theme = value;
    else delete document.documentElement.dataset.theme;
  };
  let saved = 'system';
  try {
    saved = localStorage.getItem(KEY) ?? 'system';
  } catch {
    // Storage may be unavailable; the system's theme applies.
  }
  select.value = saved;
  apply(saved);
  select.addEventListener('change', () => {
    apply(select.value);
    try {
      localStorage.setItem(KEY, select.value);
    } catch {
      // Not kept; it still applies until the window closes.
    }
  });
}
