import type { ComponentType } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { LocationProvider, Route, Router } from 'preact-iso';
import type { ApiClient, AppAction, Me } from './api/index.ts';
import { AppContext, type AppServices, roleAllows, useApp } from './app-context.ts';
import { PageBoundary } from './components/page-boundary.tsx';
import { type Locale, MESSAGES, storeLocale } from './i18n/index.ts';
import { Layout } from './layout.tsx';
import { BankRulesPage } from './pages/bank-rules-page.tsx';
import { BusinessStatusPage } from './pages/business-status-page.tsx';
import { DeliveriesPage } from './pages/deliveries-page.tsx';
import { DocumentDetailPage } from './pages/document-detail-page.tsx';
import { DocumentsPage } from './pages/documents-page.tsx';
import { HoursPage } from './pages/hours-page.tsx';
import { NoAccessPage, NoAdministrationPage } from './pages/no-access-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { OverviewPage } from './pages/overview-page.tsx';
import { ReceiptPage } from './pages/receipt-page.tsx';
import { RelationsPage } from './pages/relations-page.tsx';
import { ReviewDetailPage } from './pages/review-detail-page.tsx';
import { ReviewListPage } from './pages/review-list-page.tsx';
import { RunsPage } from './pages/runs-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';

const ADMINISTRATION_KEY = 'cashlink.administration';

function guarded(action: AppAction, page: ComponentType<{ id?: string }>): ComponentType<{ id?: string }> {
  return function Guarded(props: { id?: string }) {
    const { can } = useApp();
    const Component = page;
    return can(action) ? (
      <PageBoundary>
        <Component {...props} />
      </PageBoundary>
    ) : (
      <NoAccessPage />
    );
  };
}

const Routes = {
  overview: guarded('read', OverviewPage),
  review: guarded('read', ReviewListPage),
  reviewDetail: guarded('read', ReviewDetailPage),
  documents: guarded('read', DocumentsPage),
  documentDetail: guarded('read', DocumentDetailPage),
  runs: guarded('read', RunsPage),
  deliveries: guarded('read', DeliveriesPage),
  bankRules: guarded('read', BankRulesPage),
  receipt: guarded('act', ReceiptPage),
  relations: guarded('act', RelationsPage),
  business: guarded('read', BusinessStatusPage),
  hours: guarded('act', HoursPage),
  settings: guarded('operate', SettingsPage),
};

function initialAdministration(me: Me): string {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(ADMINISTRATION_KEY);
  } catch {
    stored = null;
  }
  const codes = me.administrations.map((adm) => adm.code);
  return stored && codes.includes(stored) ? stored : (codes[0] ?? '');
}

/** The signed-in app: services in context, the layout and the pages. */
export function App(props: { api: ApiClient; me: Me; locale: Locale; signOut(): void }) {
  const [locale, setLocaleState] = useState<Locale>(props.locale);
  const [administration, setAdministrationState] = useState(() => initialAdministration(props.me));
  const services = useMemo<AppServices>(
    () => ({
      api: props.api,
      me: props.me,
      locale,
      m: MESSAGES[locale],
      setLocale(next) {
        storeLocale(next, globalThis.localStorage);
        document.documentElement.lang = next;
        setLocaleState(next);
      },
      administration,
      setAdministration(code) {
        try {
          localStorage.setItem(ADMINISTRATION_KEY, code);
        } catch {
          // Kept for this page only.
        }
        setAdministrationState(code);
      },
      can: (action) => roleAllows(props.me.user.role, action),
      signOut: props.signOut,
    }),
    [props.api, props.me, props.signOut, locale, administration],
  );
  return (
    <AppContext.Provider value={services}>
      <LocationProvider>
        <Layout>
          {props.me.administrations.length === 0 ? (
            <NoAdministrationPage />
          ) : (
            <Router>
              <Route path="/" component={Routes.overview} />
              <Route path="/te-beoordelen" component={Routes.review} />
              <Route path="/te-beoordelen/:id" component={Routes.reviewDetail} />
              <Route path="/documenten" component={Routes.documents} />
              <Route path="/documenten/:id" component={Routes.documentDetail} />
              <Route path="/runs" component={Routes.runs} />
              <Route path="/leveringen" component={Routes.deliveries} />
              <Route path="/bankregels" component={Routes.bankRules} />
              <Route path="/bonnetje" component={Routes.receipt} />
              <Route path="/relaties" component={Routes.relations} />
              <Route path="/bedrijfsstatus" component={Routes.business} />
              <Route path="/uren" component={Routes.hours} />
              <Route path="/instellingen" component={Routes.settings} />
              <Route default component={NotFoundPage} />
            </Router>
          )}
        </Layout>
      </LocationProvider>
    </AppContext.Provider>
  );
}
