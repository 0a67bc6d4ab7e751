import type { TemplateInput } from './schema';

/**
 * The contingency plan as rows, shared by the built-in launch checklists from their second versions: for each thing
 * that could go wrong, the planned response, who does it and the on/off switch that turns the feature off.
 */
export const contingencyTable = {
  key: 'contingencyRows',
  type: 'table',
  label: 'Contingency plan',
  help: 'One row per thing that could go wrong: what we do, who does it, and which switch turns the feature off.',
  columns: [
    { key: 'risk', label: 'Risk', required: true },
    { key: 'response', label: 'Planned response', required: true },
    { key: 'owner', label: 'Owner' },
    { key: 'switch', label: 'On/off switch to use' },
  ],
} satisfies TemplateInput['sections'][number]['fields'][number];
