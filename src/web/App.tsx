import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { queryClient } from './api/queryClient';
import { AppLayout } from './components/AppLayout';
import { RequirePermission } from './components/RequirePermission';
import { OutboxPage } from './features/outbox/OutboxPage';
import { TemplatesPage } from './features/outbox/TemplatesPage';
import { AnswerPage } from './features/answer/AnswerPage';
import { AuditPage } from './features/audit/AuditPage';
import { AuthGate } from './features/auth/AuthGate';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage';
import { LoginPage } from './features/auth/LoginPage';
import { CampaignPage } from './features/campaigns/CampaignPage';
import { CampaignsPage } from './features/campaigns/CampaignsPage';
import { CasePage } from './features/cases/CasePage';
import { CasesPage } from './features/cases/CasesPage';
import { CustomerPage } from './features/customers/CustomerPage';
import { CustomersPage } from './features/customers/CustomersPage';
import { PlansPage } from './features/plans/PlansPage';
import { RecordFormPage } from './features/records/RecordFormPage';
import { RecordPage } from './features/records/RecordPage';
import { RecordsPage } from './features/records/RecordsPage';
import { NotFoundPage } from './features/errors/NotFoundPage';
import { NotificationsPage } from './features/notifications/NotificationsPage';
import { PortalFormPage } from './features/portal/PortalFormPage';
import { TrackPage } from './features/portal/TrackPage';
import { OrganizationPage } from './features/organization/OrganizationPage';
import { HomePage } from './features/home/HomePage';
import { SitesPage } from './features/sites/SitesPage';
import { RevisitPoliciesPage } from './features/revisits/RevisitPoliciesPage';
import { RevisitsPage } from './features/revisits/RevisitsPage';
import { RevisitStatsPage } from './features/revisits/RevisitStatsPage';
import { ServiceLevelsPage } from './features/sla/ServiceLevelsPage';
import { SurveyEntryPage } from './features/surveys/SurveyEntryPage';
import { SurveyPage } from './features/surveys/SurveyPage';
import { SurveysPage } from './features/surveys/SurveysPage';
import { TokensPage } from './features/tokens/TokensPage';
import { UsersPage } from './features/users/UsersPage';
import { ANTD_LOCALE, currentLocale } from './i18n';

export function App() {
  // Re-render on language change so antd's own texts (pagination, pickers, empty states) follow.
  useTranslation();
  const locale = ANTD_LOCALE[currentLocale()] ?? ANTD_LOCALE['zh-CN'];
  return (
    <ConfigProvider locale={locale} theme={{ token: { borderRadius: 4 } }} componentSize="middle">
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              {/* The customer portal: public, outside the staff layout and sign-in. */}
              <Route path="/p/track/:number" element={<TrackPage />} />
              <Route path="/p/:orgSlug" element={<PortalFormPage />} />
              <Route path="/p/:orgSlug/:siteCode" element={<PortalFormPage />} />
              {/* The public survey answer page: an invitation's link, or a campaign site's anonymous link (QR code). */}
              <Route path="/s/:token" element={<AnswerPage />} />
              <Route path="/s/:orgSlug/:campaignId/:siteCode" element={<AnswerPage />} />
              <Route element={<AuthGate />}>
                <Route element={<AppLayout />}>
                  <Route index element={<HomePage />} />
                  <Route path="cases" element={<RequirePermission permission="cases.read"><CasesPage /></RequirePermission>} />
                  <Route path="cases/:id" element={<RequirePermission permission="cases.read"><CasePage /></RequirePermission>} />
                  <Route path="customers" element={<RequirePermission permission="customers.read"><CustomersPage /></RequirePermission>} />
                  <Route path="surveys" element={<RequirePermission permission="cases.read"><SurveysPage /></RequirePermission>} />
                  <Route path="surveys/:id" element={<RequirePermission permission="cases.read"><SurveyPage /></RequirePermission>} />
                  <Route path="surveys/:id/entry" element={<RequirePermission permission="surveys.respond"><SurveyEntryPage /></RequirePermission>} />
                  <Route path="campaigns" element={<RequirePermission permission="cases.read"><CampaignsPage /></RequirePermission>} />
                  <Route path="campaigns/:id" element={<RequirePermission permission="cases.read"><CampaignPage /></RequirePermission>} />
                  <Route path="customers/:id" element={<RequirePermission permission="customers.read"><CustomerPage /></RequirePermission>} />
                  <Route path="revisit-plans" element={<RequirePermission permission="cases.read"><PlansPage /></RequirePermission>} />
                  <Route path="records" element={<RequirePermission permission="cases.read"><RecordsPage /></RequirePermission>} />
                  <Route path="records/new" element={<RequirePermission permission="revisits.write"><RecordFormPage /></RequirePermission>} />
                  <Route path="records/:id" element={<RequirePermission permission="cases.read"><RecordPage /></RequirePermission>} />
                  <Route path="org/sites" element={<RequirePermission permission="sites.read"><SitesPage /></RequirePermission>} />
                  <Route path="org/users" element={<RequirePermission permission="users.read"><UsersPage /></RequirePermission>} />
                  <Route path="admin/organization" element={<RequirePermission permission="org.manage"><OrganizationPage /></RequirePermission>} />
                  <Route path="admin/tokens" element={<RequirePermission permission="tokens.manage"><TokensPage /></RequirePermission>} />
                  <Route path="admin/audit" element={<RequirePermission permission="audit.read"><AuditPage /></RequirePermission>} />
                  <Route path="revisits" element={<RequirePermission permission="cases.read"><RevisitsPage /></RequirePermission>} />
                  <Route path="revisits/figures" element={<RequirePermission permission="cases.read"><RevisitStatsPage /></RequirePermission>} />
                  <Route path="settings/revisit-policies" element={<RequirePermission permission="revisits.manage"><RevisitPoliciesPage /></RequirePermission>} />
                  <Route path="admin/outbox" element={<RequirePermission permission="outbox.manage"><OutboxPage /></RequirePermission>} />
                  <Route path="admin/outbox/templates" element={<RequirePermission permission="outbox.manage"><TemplatesPage /></RequirePermission>} />
                  <Route path="settings/service-levels" element={<RequirePermission permission="sla.manage"><ServiceLevelsPage /></RequirePermission>} />
                  <Route path="notifications" element={<NotificationsPage />} />
                  <Route path="account/password" element={<ChangePasswordPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
