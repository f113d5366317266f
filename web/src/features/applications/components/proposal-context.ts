import { useOutletContext } from 'react-router';
import type { Application, Call } from '../api/applications';

/** What the editor's layout has loaded for its sections: the proposal and its call. */
export interface ProposalContext {
  application: Application;
  call: Call;
  editable: boolean;
}

export function useProposal(): ProposalContext {
  return useOutletContext<ProposalContext>();
}

/** Session storage key of one section's unsaved edit. */
export const draftKey = (id: string, section: string) => `efro.draft.${id}.${section}`;
