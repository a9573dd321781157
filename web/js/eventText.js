// Event sentences: an event's `code` (its action) and structured fields (subject name, actor,
// outcome) as one sentence in the console's language ("管理员 关闭了 pc-01 的电源"). Common events
// only; others have none and the page shows the server's summary.
import { t, has } from './i18n.js';

/** The sentence for `e`, or null when its code has none. */
export function eventSentence(e) {
  const code = e.code || e.action || '';
  const name = e.subjectName || e.subject || '';
  const vars = { name, actor: e.actor || '' };
  if (e.outcome === 'failure') {
    if (has(`eventText.${code}.failed`)) return t(`eventText.${code}.failed`, vars);
    if (!has(`eventText.${code}`)) return null;
    return t('eventText.failed', { ...vars, what: has(`event.${code}`) ? t(`event.${code}`) : code });
  }
  return has(`eventText.${code}`) ? t(`eventText.${code}`, vars) : null;
}
