import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/schemas/common';
import type { Survey, SurveyListItem, SurveyResponse, SurveyResponseInput } from '../../shared/schemas/surveys';
import type { SurveyDefinition } from '../../shared/surveys/definition';
import type { SurveyTemplate } from '../../shared/surveys/templates';
import { api, type Query } from './client';

const SURVEYS_KEY = ['surveys'] as const;

export function useSurveys(query: Query) {
  return useQuery({ queryKey: [...SURVEYS_KEY, 'list', query], queryFn: () => api.get<Page<SurveyListItem>>('/surveys', query), placeholderData: keepPreviousData });
}

export function useSurvey(id: string | undefined) {
  return useQuery({ queryKey: [...SURVEYS_KEY, 'one', id], queryFn: () => api.get<Survey>(`/surveys/${id}`), enabled: Boolean(id) });
}

function useSurveyMutation<V>(fn: (v: V) => Promise<Survey>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (survey) => {
      client.setQueryData([...SURVEYS_KEY, 'one', survey.id], survey);
      void client.invalidateQueries({ queryKey: [...SURVEYS_KEY, 'list'] });
    },
  });
}

export const useCreateSurvey = () => useSurveyMutation((definition: SurveyDefinition) => api.post<Survey>('/surveys', { definition }));
export const useCreateSurveyFromTemplate = () => useSurveyMutation((template: SurveyTemplate) => api.post<Survey>('/surveys/from-template', { template }));
export const useSaveSurvey = () => useSurveyMutation(({ id, definition, version }: { id: string; definition: SurveyDefinition; version: number }) => api.patch<Survey>(`/surveys/${id}`, { definition, version }));
export const usePublishSurvey = () => useSurveyMutation(({ id, version }: { id: string; version: number }) => api.post<Survey>(`/surveys/${id}/publish`, { version }));

export function useSurveyResponses(id: string | undefined, query: Query) {
  return useQuery({ queryKey: [...SURVEYS_KEY, 'responses', id, query], queryFn: () => api.get<Page<SurveyResponse>>(`/surveys/${id}/responses`, query), enabled: Boolean(id), placeholderData: keepPreviousData });
}

export function useCreateSurveyResponse(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<SurveyResponseInput, 'channel'> & { channel: SurveyResponseInput['channel'] }) => api.post<SurveyResponse>(`/surveys/${id}/responses`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: SURVEYS_KEY }),
  });
}
