// Hash routes (`#/machines`) → page controllers.
import { DashboardController } from './controllers/dashboard.js';
import { MachinesController } from './controllers/machines.js';
import { ImagesController } from './controllers/images.js';
import { BootItemsController } from './controllers/bootItems.js';
import { TargetsController } from './controllers/targets.js';
import { SettingsController } from './controllers/settings.js';
import { EventsController } from './controllers/events.js';
import { UsersController } from './controllers/users.js';
import { TokensController } from './controllers/tokens.js';
import { AccountController } from './controllers/account.js';

export const routes = {
  dashboard: DashboardController,
  machines: MachinesController,
  images: ImagesController,
  'boot-items': BootItemsController,
  targets: TargetsController,
  settings: SettingsController,
  events: EventsController,
  users: UsersController,
  tokens: TokensController,
  account: AccountController,
};
