import { useMutation, useQuery } from '@tanstack/react-query';
import type { PublicSurvey } from '../../shared/schemas/campaigns';
import type { Locale } from '../../shared/roles';
import { api } from './client';

/** Which public answer link the page was opened with: an invitation's token, or a campaign site's anonymous link. */
export type AnswerTarget = { token: string } | { orgSlug: string; campaignId: string; siteCode: string };

const answerPath = (target: AnswerTarget) =>
  'token' in target
    ? `/answer/invitations/${encodeURIComponent(target.token)}`
    : `/answer/${encodeURIComponent(target.orgSlug)}/${encodeURIComponent(target.campaignId)}/${encodeURIComponent(target.siteCode)}`;

export function usePublicSurvey(target: AnswerTarget) {
  return useQuery({
    queryKey: ['answer', answerPath(target)],
    queryFn: () => api.get<PublicSurvey>(answerPath(target)),
    retry: false,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

export function useSubmitPublicAnswer(target: AnswerTarget) {
  return useMutation({
    mutationFn: (body: { locale: Locale; answers: Record<string, unknown> }) => api.post<{ ok: true }>(answerPath(target), body),
  });
}
