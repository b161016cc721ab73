// One polite live region for every result the app reports (copied, wrong PIN,
// account added, settings saved, PDF saved, no match…). It is always rendered
// (App.svelte), so screen readers see its text change rather than a region
// appearing already filled; the same message twice still changes the text
// (a trailing no-break space comes and goes), so it is heard again.

export const live = $state({ text: '' });
let flip = false;

/** Says `message` to screen readers through the app's live region. */
export function announce(message: string) {
  flip = !flip;
  live.text = flip ? message : `${message}\u00a0`;
}
