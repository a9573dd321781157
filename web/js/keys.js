// Keyboard shortcuts: `/` focuses the page's search box (as on GitHub or Gmail), unless typing.

/** Installs the shortcuts on `doc` once. */
export function installShortcuts(doc) {
  doc.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const active = doc.activeElement;
    if (active && (active.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName))) return;
    if (doc.querySelector('dialog[open]')) return;
    const search = doc.querySelector('main input[type=search], main [role=search] input');
    if (!search) return;
    e.preventDefault();
    search.focus();
    search.select();
  });
}
