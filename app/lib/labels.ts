// Words shown for stored values, one place for pages and the PDF.
export const ACTION_STATUS_LABELS: Record<string, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', wont_do: "Won't do" };
export const DOCUMENT_STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
  archived: 'Archived',
};
export const DECISION_LABELS: Record<string, string> = { go: 'Go', no_go: 'No-Go' };
export { CHECKLIST_ANSWER_LABELS } from '~/fields/checklist/text';
