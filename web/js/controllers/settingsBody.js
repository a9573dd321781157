// The body of PUT settings: exactly the document's sections and its revision (the API refuses
// unknown members), the form's values over the loaded ones.
import { sectionNames } from '../views/settings.js';

export function settingsBody(old, values) {
  const body = { revision: old.revision };
  for (const sec of sectionNames) body[sec] = { ...structuredClone(old[sec] || {}), ...(values[sec] || {}) };
  // The Smyoo password is write-only: an empty field keeps the stored one.
  const smyoo = body.power && body.power.smyoo;
  if (smyoo) { if (!smyoo.password) delete smyoo.password; delete smyoo.passwordSet; }
  return body;
}
