import { ACTION_STATUS_LABELS } from '../../lib/labels';
import type { KindMarkdown } from '../markdown';

/** Out only: action items are rows of their own, changed through their own API, not through field values. */
export const actionsMarkdown: KindMarkdown<'actions'> = {
  toMarkdown: (_f, v) =>
    v
      .map((a) => {
        const facts = [a.kind, ACTION_STATUS_LABELS[a.status] ?? a.status, a.owner ? `owner ${a.owner}` : '', a.dueDate ? `due ${a.dueDate}` : ''].filter(Boolean).join(', ');
        return `- ${a.title} (${facts})${a.url ? ` <${a.url}>` : ''}`;
      })
      .join('\n'),
  fromMarkdown: null,
};
