import { highlightRanges } from '../../text/segment.js';

/** [start, end) UTF-16 offsets into the original text. */
export type Ranges = Array<[number, number]>;

/**
 * Where a search's words occur in a case's title and description, for highlighting a result list.
 * The server computes this (jieba and the Traditional → Simplified tables stay out of the browser);
 * an API field can carry it when the list page shows highlights.
 */
export function caseHighlights(c: { title: string; description: string }, q: string): { title: Ranges; description: Ranges } {
  return { title: highlightRanges(c.title, q), description: highlightRanges(c.description, q) };
}
