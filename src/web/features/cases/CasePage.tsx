import { ArrowLeftOutlined, EyeInvisibleOutlined, LockOutlined, MessageOutlined, PaperClipOutlined, SendOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Input, List, Result, Row, Segmented, Space, Spin, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { allowedActions, type CaseAction } from '../../../shared/cases/state-machine';
import type { CaseDetail, CaseEvent } from '../../../shared/schemas/cases';
import { useCase, useCases, useCommentCase, useTransitionCase, type TransitionInput } from '../../api/cases';
import { ApiError } from '../../api/client';
import { errorText } from '../../components/errors';
import { QueryError } from '../../components/QueryError';
import { useSession } from '../../components/session';
import { TierTag } from '../../components/tags';
import { formatDateTime } from '../../format';
import { CaseStatusTag, CaseTypeTag, DueClock, EscalationTag, PriorityTag, useNow } from './caseTags';
import { AttachmentsPanel } from './AttachmentsPanel';
import { CausePanel, useCauseName } from './CausePanel';
import { LadderPanel } from '../ladder/LadderPanel';
import { StageTag } from '../ladder/StageTag';
import { RecoveryPanel } from '../recovery/RecoveryPanel';
import { CaseRevisitsPanel } from '../revisits/CaseRevisitsPanel';
import { recoveryEventText, stageEventText } from '../recovery/eventText';
import { TransitionModal } from './TransitionModal';

/** Actions that need nothing more than a click; the others ask for a note (or a person, a case). */
const DIRECT: readonly CaseAction[] = ['start'];

export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useCase(id);

  if (detail.isLoading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('errors.not_found')}
        extra={
          <Link to="/cases">
            <Button type="primary">{t('cases.backToList')}</Button>
          </Link>
        }
      />
    );
  }
  if (!detail.data) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
  return <CaseView detail={detail.data} refetch={() => void detail.refetch()} />;
}

function CaseView({ detail, refetch }: { detail: CaseDetail; refetch: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, can } = useSession();
  const now = useNow();
  const transition = useTransitionCase(detail.id);
  const [pendingAction, setPendingAction] = useState<CaseAction | null>(null);
  const canWrite = can('cases.write');

  const mine = detail.assigneeId === me.user.id;
  const actions = canWrite
    ? allowedActions(detail.status, { hasAssignee: detail.assigneeId !== null }).filter(
        // Without cases.assign the only assignment is to oneself, pointless when one already owns it.
        (action) => action !== 'assign' || can('cases.assign') || !mine,
      )
    : [];

  /** Conflicts mean the case moved under us: say so plainly and show the case as it now is. */
  const onFailed = (error: unknown) => {
    if (error instanceof ApiError && (error.code === 'stale_version' || error.code === 'illegal_transition')) {
      message.warning(t(error.code === 'stale_version' ? 'cases.errors.stale' : 'cases.errors.illegal'));
      setPendingAction(null);
      refetch();
      return;
    }
    message.error(errorText(t, error));
  };

  const send = async (input: Omit<TransitionInput, 'version'>) => {
    await transition.mutateAsync({ ...input, version: detail.version });
    message.success(t('cases.actionDone', { action: t(`cases.actions.${input.action}`) }));
    setPendingAction(null);
  };

  const run = (action: CaseAction) => {
    if (DIRECT.includes(action) || (action === 'assign' && !can('cases.assign'))) {
      send({ action }).catch(onFailed);
    } else {
      setPendingAction(action);
    }
  };

  const actionLabel = (action: CaseAction) => (action === 'assign' && !can('cases.assign') ? t('cases.assignToMe') : t(`cases.actions.${action}`));
  const danger = (action: CaseAction) => action === 'cancel';
  const primary = actions.find((a) => a !== 'assign' || !detail.assigneeId);

  return (
    <>
      <div className="page-header">
        <Space orientation="vertical" size={4}>
          <Link to="/cases">
            <ArrowLeftOutlined /> {t('cases.backToList')}
          </Link>
          <Space wrap size={8} align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-number">
              {detail.number}
            </Typography.Title>
            <CaseStatusTag status={detail.status} />
            <PriorityTag priority={detail.priority} />
            <CaseTypeTag type={detail.type} />
            <EscalationTag level={detail.escalationLevel} />
            <StageTag stage={detail.stage} />
            <Typography.Text type="secondary">{detail.siteName}</Typography.Text>
          </Space>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="case-title">
            {detail.title}
          </Typography.Text>
        </Space>
        <Space wrap data-testid="case-actions">
          {actions.map((action) => (
            <Button
              key={action}
              type={action === primary ? 'primary' : 'default'}
              danger={danger(action)}
              loading={transition.isPending && DIRECT.includes(action)}
              onClick={() => run(action)}
            >
              {actionLabel(action)}
            </Button>
          ))}
        </Space>
      </div>

      {detail.status === 'merged' && detail.mergedIntoId ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <SwapOutlined /> <Link to={`/cases/${detail.mergedIntoId}`}>{t('cases.mergedIntoLink')}</Link>
        </Card>
      ) : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('cases.details')} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, md: 3 }}
              items={[
                { key: 'channel', label: t('cases.channel'), children: t(`cases.channels.${detail.channel}`) },
                { key: 'assignee', label: t('cases.assignee'), children: detail.assigneeName ?? t('cases.unassigned') },
                { key: 'created', label: t('cases.createdAt'), children: formatDateTime(detail.createdAt) },
                ...(detail.reopenCount > 0 ? [{ key: 'reopen', label: t('cases.reopenCount'), children: String(detail.reopenCount) }] : []),
              ]}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }} data-testid="case-description">
              {detail.description}
            </Typography.Paragraph>
          </Card>
          {detail.type !== 'praise' || detail.recovery ? <RecoveryPanel detail={detail} canWrite={canWrite} onFailed={onFailed} /> : null}
          <Card size="small" title={t('cases.timeline')}>
            <CaseTimeline detail={detail} />
            {canWrite && detail.status !== 'merged' && detail.status !== 'cancelled' ? <ReplyBox detail={detail} onFailed={onFailed} /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <LadderPanel detail={detail} />
          <CaseRevisitsPanel detail={detail} />
          <Card size="small" title={t('cases.deadlines')} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'first',
                  label: t('cases.firstResponseDue'),
                  children: (
                    <span data-testid="clock-first-response">
                      <DueClock due={detail.firstResponseDueAt} doneAt={detail.firstRespondedAt} status={detail.status} now={now} />
                    </span>
                  ),
                },
                {
                  key: 'resolution',
                  label: t('cases.resolutionDue'),
                  children: (
                    <span data-testid="clock-resolution">
                      <DueClock due={detail.resolutionDueAt} doneAt={detail.resolvedAt} status={detail.status} pausable now={now} />
                    </span>
                  ),
                },
                ...(detail.resolvedAt ? [{ key: 'resolved', label: t('cases.resolvedAt'), children: formatDateTime(detail.resolvedAt) }] : []),
                ...(detail.closedAt ? [{ key: 'closed', label: t('cases.closedAt'), children: formatDateTime(detail.closedAt) }] : []),
              ]}
            />
          </Card>
          <AttachmentsPanel detail={detail} canWrite={canWrite} />
          {detail.type !== 'praise' || detail.causeCode ? <CausePanel detail={detail} canWrite={canWrite} onFailed={onFailed} /> : null}
          <CustomerPanel detail={detail} />
        </Col>
      </Row>

      <TransitionModal
        detail={detail}
        action={pendingAction}
        pending={transition.isPending}
        onSubmit={send}
        onFailed={onFailed}
        onCancel={() => setPendingAction(null)}
      />
    </>
  );
}

/** One line per event: who did what, when; replies and internal notes look different on purpose. */
function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const causeName = useCauseName();
  const describe = (event: CaseEvent): { color: string; icon?: React.ReactNode; text: string; box?: 'public' | 'internal' } => {
    switch (event.kind) {
      case 'created':
        return { color: 'blue', text: t('cases.events.created') };
      case 'comment':
        return { color: 'green', icon: <MessageOutlined />, text: t('cases.events.reply'), box: 'public' };
      case 'note':
        return { color: 'gray', icon: <LockOutlined />, text: t('cases.events.note'), box: 'internal' };
      case 'customer_reply':
        return { color: 'orange', icon: <UserOutlined />, text: t('portal.timeline.customerReply'), box: 'public' };
      case 'attachment':
        return { color: 'gray', icon: <PaperClipOutlined />, text: t('attachments.timeline', { names: ((event.data?.files as string[] | undefined) ?? []).join('、') }) };
      case 'merged_in':
        return { color: 'purple', text: t('cases.events.mergedIn', { number: String(event.data?.number ?? '') }) };
      case 'transition': {
        const action = event.action ? t(`cases.actions.${event.action}`) : '';
        const to = event.toStatus ? t(`cases.statuses.${event.toStatus}`) : '';
        if (event.action === 'assign') {
          const assigneeId = event.data?.assigneeId;
          const name = assigneeId === event.actorId ? event.actorName : assigneeId === detail.assigneeId ? detail.assigneeName : null;
          if (name) return { color: 'blue', text: t('cases.events.assignedTo', { name }) };
        }
        // A revisit or the revisit wait moved the case: say so.
        if (typeof event.data?.reason === 'string' && event.data.reason.startsWith('revisit_')) {
          return { color: event.action === 'reopen' ? 'red' : 'green', text: t(`revisits.caseEvent.${event.data.reason}`, { status: to, satisfaction: Number(event.data.satisfaction ?? 0) }) };
        }
        return { color: event.action === 'cancel' ? 'red' : 'blue', text: t('cases.events.transition', { action, status: to }) };
      }
      case 'escalation':
        return { color: 'red', text: t('sla.escalation.event', { level: Number(event.data?.to ?? 0), role: t(`sla.escalation.levels.${Number(event.data?.to ?? 1)}`) }) };
      case 'cause': {
        const to = typeof event.data?.to === 'string' ? event.data.to : null;
        return { color: 'purple', text: to ? t('cases.events.cause', { name: causeName(to) }) : t('cases.events.causeCleared') };
      }
      case 'stage':
        return { color: 'orange', text: stageEventText(t, event) };
      case 'recovery':
        return { color: event.data?.status === 'rejected' ? 'red' : 'green', text: recoveryEventText(t, event) };
      default:
        return { color: 'gray', text: event.kind };
    }
  };

  return (
    <Timeline
      data-testid="case-timeline"
      items={detail.events.map((event) => {
        const line = describe(event);
        return {
          key: event.id,
          color: line.color,
          icon: line.icon,
          content: (
            <div className="case-event" data-kind={event.kind}>
              <Space size={8} wrap>
                <Typography.Text strong>{line.text}</Typography.Text>
                <Typography.Text type="secondary">
                  {event.actorName ?? (event.kind === 'customer_reply' || (event.kind === 'created' && event.data?.channel === 'portal') ? (detail.customer?.name ?? t('portal.timeline.customer')) : t('cases.events.system'))} · {formatDateTime(event.createdAt)}
                </Typography.Text>
              </Space>
              {event.body ? (
                <div
                  style={{
                    marginTop: 6,
                    padding: line.box ? '8px 12px' : 0,
                    whiteSpace: 'pre-wrap',
                    borderRadius: 4,
                    background: line.box === 'public' ? '#f6ffed' : line.box === 'internal' ? '#fffbe6' : undefined,
                    border: line.box === 'public' ? '1px solid #b7eb8f' : line.box === 'internal' ? '1px dashed #ffe58f' : undefined,
                    color: line.box ? undefined : 'rgba(0,0,0,0.65)',
                  }}
                >
                  {line.box === 'internal' ? (
                    <Typography.Text type="warning" style={{ display: 'block', fontSize: 12, marginBottom: 2 }}>
                      <EyeInvisibleOutlined /> {t('cases.internalOnly')}
                    </Typography.Text>
                  ) : null}
                  {event.body}
                </div>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}

/** Answers the customer in public or leaves a note only colleagues see. */
function ReplyBox({ detail, onFailed }: { detail: CaseDetail; onFailed: (error: unknown) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const comment = useCommentCase(detail.id);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');

  const submit = async () => {
    if (!body.trim()) return;
    try {
      await comment.mutateAsync({ body: body.trim(), public: visibility === 'public' });
      setBody('');
      message.success(t(visibility === 'public' ? 'cases.replySent' : 'cases.noteSaved'));
    } catch (error) {
      onFailed(error);
    }
  };

  return (
    <div style={{ borderTop: '1px solid rgba(5,5,5,0.06)', marginTop: 8, paddingTop: 16 }} data-testid="reply-box">
      <Segmented<'public' | 'internal'>
        value={visibility}
        onChange={setVisibility}
        options={[
          { value: 'public', label: t('cases.replyPublic'), icon: <MessageOutlined /> },
          { value: 'internal', label: t('cases.replyInternal'), icon: <LockOutlined /> },
        ]}
        style={{ marginBottom: 8 }}
      />
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl+Enter (⌘+Enter) sends, as in the chat tools agents use all day.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
        }}
        rows={3}
        maxLength={5000}
        placeholder={t(visibility === 'public' ? 'cases.replyPlaceholder' : 'cases.notePlaceholderInternal')}
        style={visibility === 'internal' ? { background: '#fffbe6' } : undefined}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(visibility === 'public' ? 'cases.replyPublicHint' : 'cases.replyInternalHint')}
        </Typography.Text>
        <Button type="primary" icon={<SendOutlined />} loading={comment.isPending} disabled={!body.trim()} onClick={submit}>
          {t(visibility === 'public' ? 'cases.sendReply' : 'cases.saveNote')}
        </Button>
      </div>
    </div>
  );
}

/** Who the customer is, and what else they have raised: repeated contacts matter. */
function CustomerPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const customer = detail.customer;
  const others = useCases({ customerId: customer?.id, pageSize: 10 }, Boolean(customer));
  const list = (others.data?.items ?? []).filter((c) => c.id !== detail.id);
  // The list holds this case too; the count is of the others, including those past the first page.
  const otherCount = Math.max((others.data?.total ?? 0) - 1, list.length);
  return (
    <Card size="small" title={t('cases.customer')} data-testid="customer-panel">
      {customer ? (
        <>
          <Space size={8} wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong>{customer.name}</Typography.Text>
            <TierTag tier={customer.tier} />
            <StageTag stage={customer.stage} />
            {customer.masked ? (
              <Tooltip title={t('customers.maskedHint')}>
                <EyeInvisibleOutlined style={{ color: '#8c8c8c' }} />
              </Tooltip>
            ) : null}
          </Space>
          <div>
            <Typography.Text type="secondary">{customer.phone}</Typography.Text>
          </div>
          <Typography.Title level={5} style={{ fontSize: 13, margin: '12px 0 4px' }}>
            {t('cases.otherCases', { count: otherCount })}
          </Typography.Title>
          {list.length ? (
            <List
              size="small"
              loading={others.isFetching}
              dataSource={list}
              renderItem={(c) => (
                <List.Item style={{ paddingInline: 0 }}>
                  <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                    <Space size={6}>
                      <Link to={`/cases/${c.id}`}>{c.number}</Link>
                      <CaseStatusTag status={c.status} />
                    </Space>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
                      {c.title}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Typography.Text type="secondary">{t('cases.noOtherCases')}</Typography.Text>
          )}
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noCustomer')} />
      )}
    </Card>
  );
}
