// Logs in: POST session → {username, role, csrfToken}; the cookie is set by the server.
import { LoginView } from '../views/login.js';

export class LoginController {
  constructor(ctx) { this.ctx = ctx; }

  show(main) {
    this.view = new LoginView(main, { login: (f) => this.login(f) });
    this.view.render();
  }

  async login(formEl) {
    const { username, password } = this.view.values(formEl);
    try {
      const session = await this.view.submitting(formEl,
        this.ctx.api.post('session', { username, password }));
      this.ctx.loggedIn(session);
    } catch (err) {
      this.view.errors(formEl, err);
    }
  }
}
