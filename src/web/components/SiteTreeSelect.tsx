import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSiteTree } from '../api/sites';
import { buildSiteTree, type SiteNode } from './siteTree';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  /** Sites that may not be chosen (e.g. a site and its descendants as its own parent). */
  exclude?: Set<string>;
  /** Offer only active sites, as for new records. */
  activeOnly?: boolean;
  /** An extra first option such as "organisation-wide". */
  extraOption?: { value: string; title: string };
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
}

/** Picks a site from the hierarchy the caller can see. */
export function SiteTreeSelect({ value, onChange, placeholder, exclude, activeOnly, extraOption, allowClear = true, style, id }: Props) {
  const { t } = useTranslation();
  const { data, isLoading } = useSiteTree();
  const treeData = useMemo(() => {
    const toOption = (node: SiteNode): TreeOption => ({
      value: node.site.id,
      title: t(node.site.active ? 'common.nameWithCode' : 'common.nameWithCodeInactive', { name: node.site.name, code: node.site.code }),
      disabled: exclude?.has(node.site.id) || (activeOnly && !node.site.active),
      children: node.children.map(toOption),
    });
    const options = buildSiteTree(data ?? []).map(toOption);
    return extraOption ? [{ value: extraOption.value, title: extraOption.title }, ...options] : options;
  }, [data, exclude, activeOnly, extraOption, t]);

  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={treeData}
      loading={isLoading}
      placeholder={placeholder ?? t('common.selectSite')}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}
