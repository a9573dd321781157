// Composition root: api client → shell view → controllers, chosen by the URL hash.
import { Api } from './api.js';
import { Live } from './live.js';
import { setLang, t } from './i18n.js';
import { delegate } from './views/dom.js';
import { ShellView } from './views/shell.js';
import { routes } from './routes.js';
import { LoginController } from './controllers/login.js';
import { installShortcuts } from './keys.js';

class App {
  constructor(root) {
    this.api = new Api();
    this.live = new Live(this.api);
    this.shell = new ShellView(root);
    this.session = null;
    this.controller = null;
    this.api.onUnauthorized = () => this.loggedOut(true);
    delegate(this.shell.header, {
      logout: () => this.logout(),
      skip: () => this.shell.focusMain(true),
      language: (el) => { setLang(el.value); this.route(); },
    });
    window.addEventListener('hashchange', () => this.route());
    installShortcuts(document);
    window.addEventListener('beforeunload', (e) => {
      if (this.controller && this.controller.canLeave && !this.controller.canLeave()) { e.preventDefault(); e.returnValue = ''; }
    });
  }

  /** What controllers get: the API, live events, session, notices and navigation. */
  get context() {
    return {
      api: this.api, live: this.live, session: this.session,
      notify: (msg, kind) => this.shell.notify(msg, kind),
      fail: (err) => this.shell.fail(err),
      navigate: (hash) => { if (location.hash === hash) this.route(); else location.hash = hash; },
      loggedIn: (session) => this.loggedIn(session),
    };
  }

  async start() {
    // The cookie may outlive this tab's memory (a new tab, a reload): ask who we are.
    try {
      const s = await this.api.get('session');
      if (s && s.csrfToken) this.api.setCsrf(s.csrfToken);
      this.session = s && s.username ? s : null;
    } catch { this.api.setCsrf(''); }
    if (this.session) this.live.start();
    this.route();
  }

  route() {
    // A page with unsaved edits (settings) asks first; staying puts the address back.
    if (this.controller && this.controller.canLeave && !this.controller.canLeave() && !window.confirm(t('settings.leave'))) {
      history.replaceState(null, '', this.hash || '#/dashboard');
      return;
    }
    this.hash = location.hash;
    const [path, query] = (location.hash.replace(/^#\/?/, '') || 'dashboard').split('?');
    const [name, ...rest] = path.split('/');
    if (this.controller && this.controller.dispose) this.controller.dispose();
    this.controller = null;
    if (!this.session) {
      this.shell.render(null, 'login');
      this.controller = new LoginController(this.context);
    } else {
      const Controller = routes[name] || routes.dashboard;
      this.shell.render(this.session, routes[name] ? name : 'dashboard');
      this.controller = new Controller(this.context, rest, new URLSearchParams(query || ''));
    }
    this.controller.show(this.shell.main);
    this.shell.focusMain(false);
  }

  loggedIn(session) {
    this.api.setCsrf(session.csrfToken);
    this.session = session;
    this.live.start();
    if (!location.hash || location.hash === '#/login') location.hash = '#/dashboard';
    else this.route();
  }

  async logout() {
    // The page stops first (its timers, live reloads): nothing it sends can race the session's end into a 401.
    if (this.controller && this.controller.canLeave && !this.controller.canLeave() && !window.confirm(t('settings.leave'))) return;
    if (this.controller && this.controller.dispose) this.controller.dispose();
    this.controller = null;
    this.live.stop();
    try { await this.api.del('session'); } catch (err) { if (err.status !== 401) this.shell.fail(err); }
    this.loggedOut(false);
  }

  loggedOut(expired) {
    const was = this.session;
    this.api.setCsrf('');
    this.session = null;
    this.live.stop();
    if (was || !this.controller || !(this.controller instanceof LoginController)) this.route();
    if (expired && was) this.shell.notify(t('login.expired'), 'error');
  }
}

new App(document.getElementById('app')).start();
