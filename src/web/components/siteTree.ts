import type { Site } from '../../shared/schemas/org';

export interface SiteNode {
  site: Site;
  children: SiteNode[];
}

const KIND_ORDER = { headquarters: 0, department: 1, region: 2, site: 3 } as const;

/** Builds the hierarchy from the flat list; sites whose parent is not visible become roots. */
export function buildSiteTree(sites: readonly Site[]): SiteNode[] {
  const nodes = new Map<string, SiteNode>(sites.map((site) => [site.id, { site, children: [] }]));
  const roots: SiteNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.site.parentId ? nodes.get(node.site.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: SiteNode[]) => {
    list.sort((a, b) => KIND_ORDER[a.site.kind] - KIND_ORDER[b.site.kind] || a.site.code.localeCompare(b.site.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The ids of a site and everything below it: a site cannot be moved under its own descendant. */
export function subtreeIds(sites: readonly Site[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const site of sites) {
      if (site.parentId && ids.has(site.parentId) && !ids.has(site.id)) {
        ids.add(site.id);
        grew = true;
      }
    }
  }
  return ids;
}
