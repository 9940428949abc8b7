import { Card, Empty, Skeleton, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../../shared/schemas/org';
import { SiteKindTag } from '../../components/tags';
import { buildSiteTree, type SiteNode } from '../../components/siteTree';

interface Props {
  sites: Site[] | undefined;
  loading: boolean;
  selectedId?: string;
  onSelect: (id: string | undefined) => void;
}

/** The organisation's hierarchy, HQ → departments/regions → sites; choosing a node lists what is under it. */
export function SiteTreeCard({ sites, loading, selectedId, onSelect }: Props) {
  const { t } = useTranslation();
  const treeData = useMemo(() => {
    const toNode = (node: SiteNode): TreeDataNode => ({
      key: node.site.id,
      title: (
        <span style={{ opacity: node.site.active ? 1 : 0.5 }}>
          {node.site.name} {node.site.kind === 'site' ? null : <SiteKindTag kind={node.site.kind} />}
          {node.site.active ? null : <Tag>{t('common.inactive')}</Tag>}
        </span>
      ),
      children: node.children.map(toNode),
    });
    return buildSiteTree(sites ?? []).map(toNode);
  }, [sites, t]);

  // Everything starts expanded; a node that gains its first child (just created) opens too,
  // while nodes the user folded stay folded.
  const [expanded, setExpanded] = useState<React.Key[]>([]);
  const knownParents = useRef(new Set<string>());
  useEffect(() => {
    const parents = new Set((sites ?? []).map((s) => s.parentId).filter((id): id is string => id !== null));
    const fresh = [...parents].filter((id) => !knownParents.current.has(id));
    fresh.forEach((id) => knownParents.current.add(id));
    if (fresh.length) setExpanded((keys) => [...keys, ...fresh]);
  }, [sites]);

  return (
    <Card
      size="small"
      title={t('sites.hierarchy')}
      extra={
        selectedId ? (
          <Typography.Link onClick={() => onSelect(undefined)}>{t('sites.showAll')}</Typography.Link>
        ) : null
      }
      styles={{ body: { maxHeight: 'calc(100vh - 200px)', overflow: 'auto' } }}
    >
      {loading ? (
        <Skeleton active />
      ) : treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sites.empty')} />
      ) : (
        <Tree
          showLine
          blockNode
          treeData={treeData}
          expandedKeys={expanded}
          onExpand={setExpanded}
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(keys) => onSelect(keys.length ? String(keys[0]) : undefined)}
        />
      )}
    </Card>
  );
}
