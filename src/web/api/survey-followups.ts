import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SurveyResponse } from '../../shared/schemas/surveys';
import { api } from './client';

export interface FollowUpInput {
  questionKey?: string;
  type?: string;
  priority?: string;
  title?: string;
  note?: string;
}

/** Turn a low score or a comment of a response into a case; the answer is the response with its follow-ups. */
export function useCreateFollowUp(responseId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: FollowUpInput) => api.post<SurveyResponse>(`/survey-responses/${responseId}/follow-ups`, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['surveys'] });
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
