import { Typography } from 'antd';

export function PageHeader({ title, extra }: { title: React.ReactNode; extra?: React.ReactNode }) {
  return (
    <div className="page-header">
      <Typography.Title level={4}>{title}</Typography.Title>
      {extra ? <div>{extra}</div> : null}
    </div>
  );
}
