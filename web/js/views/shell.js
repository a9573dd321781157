// The frame around every page: navigation, language switch, who is logged in, notices.
import { h, replace } from './dom.js';
import { t, languages, lang } from '../i18n.js';
import { errorText, errorDetail } from '../errors.js';

const pages = [
  ['dashboard', 'nav.dashboard'], ['machines', 'nav.machines'], ['images', 'nav.images'],
  ['boot-items', 'nav.bootItems'], ['targets', 'nav.targets'], ['settings', 'nav.settings'],
  ['events', 'nav.events'],
];
const adminPages = [['users', 'nav.users'], ['tokens', 'nav.tokens']];

/** The shell view: owns #app's header, main and notice area. */
export class ShellView {
  constructor(root) {
    this.root = root;
    this.main = h('main', { id: 'page', tabindex: '-1' });
    this.notices = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });
    this.header = h('header', { class: 'top' });
  }

  /** Draws the frame; `session` is null on the login page. */
  render(session, current) {
    // Viewers may only read: every write control is hidden (css), so none leads to a 403.
    document.body.dataset.role = session ? session.role : '';
    replace(this.header,
      h('button', { type: 'button', class: 'skip', 'data-action': 'skip' }, t('nav.skip')),
      h('a', { class: 'brand', href: '#/dashboard', text: 'disklessd' }),
      session ? h('nav', { 'aria-label': t('nav.label') }, h('ul', {},
        [...pages, ...(session.role === 'admin' ? adminPages : [])].map(([route, key]) => h('li', {},
          h('a', { href: `#/${route}`, 'aria-current': route === current ? 'page' : null, text: t(key) }))))) : null,
      h('div', { class: 'top-right' },
        h('label', { class: 'lang' }, h('span', { class: 'sr-only', text: t('lang.switch') }),
          h('select', { 'data-change': 'language', id: 'lang-switch' },
            languages().map(([code, name]) => h('option', { value: code, selected: code === lang() }, name)))),
        session ? [
          h('a', { href: '#/account', class: 'user', text: `${session.username} (${t('role.' + session.role)})` }),
          h('button', { type: 'button', 'data-action': 'logout', id: 'logout' }, t('nav.logout')),
        ] : null));
    if (!this.root.contains(this.header)) replace(this.root, this.header, this.notices, this.main);
    document.title = `disklessd — ${t(current === 'login' ? 'login.title' : pageKey(current))}`;
  }

  /** After navigating from the menu, keyboard and screen-reader users land on the new page. */
  focusMain(force) {
    const active = document.activeElement;
    if (force || (active && active.closest('header nav'))) this.main.focus();
  }

  /**
   * Shows a short message in the strip under the header (in the page flow, so it never covers a
   * control). Every notice expires (errors later); at most three are shown. `err` adds the
   * server's own words behind a toggle.
   */
  notify(message, kind = 'info', err = null) {
    const detail = err ? errorDetail(err) : '';
    const note = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-code': err && err.code ? err.code : null },
      h('div', { class: 'notice-text' }, h('span', { text: message }),
        detail ? h('details', { class: 'error-detail' }, h('summary', { text: t('error.details') }), h('pre', { class: 'error', text: detail })) : null),
      h('button', { type: 'button', class: 'icon', 'aria-label': t('action.dismiss') }, '×'));
    note.querySelector('button.icon').addEventListener('click', () => note.remove());
    this.notices.appendChild(note);
    while (this.notices.children.length > 3) this.notices.firstChild.remove();
    let timer = null;
    const arm = () => { timer = setTimeout(() => note.remove(), kind === 'error' ? 12000 : 5000); };
    // A reader who points at or opens a notice keeps it until they leave it.
    note.addEventListener('mouseenter', () => clearTimeout(timer));
    note.addEventListener('focusin', () => clearTimeout(timer));
    note.addEventListener('mouseleave', () => { if (!note.querySelector('details[open]')) arm(); });
    arm();
  }

  /** An API failure as a notice: its readable headline, the server's words behind a toggle. */
  fail(err) { this.notify(errorText(err), 'error', err); }
}

function pageKey(route) {
  const hit = [...pages, ...adminPages].find(([r]) => r === route);
  return hit ? hit[1] : 'nav.account';
}
