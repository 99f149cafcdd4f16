import { createBrowserRouter } from 'react-router';
import { AccountPage } from '../features/auth/AccountPage';
import { LoginPage } from '../features/auth/LoginPage';
import { AuditPage } from '../features/audit/AuditPage';
import { SystemSettingsPage } from '../features/settings/SystemSettingsPage';
import { DocumentViewerPage } from '../features/documents/DocumentViewerPage';
import { HomePage } from '../features/home/HomePage';
import { InboxPage } from '../features/inbox/InboxPage';
import { CalendarPage } from '../features/meetings/CalendarPage';
import { MeetingEditorPage, NewMeetingPage } from '../features/meetings/MeetingEditorPage';
import { MeetingsPage } from '../features/meetings/MeetingsPage';
import { MyMeetingsPage } from '../features/meetings/MyMeetingsPage';
import { MyOpinionsPage } from '../features/opinions/MyOpinionsPage';
import { TasksPage } from '../features/tasks/TasksPage';
import { DisplayPage } from '../features/room/DisplayPage';
import { RoomPage } from '../features/room/RoomPage';
import { MinutesPage } from '../features/minutes/MinutesPage';
import { SearchPage } from '../features/search/SearchPage';
import { SiteBriefingPage } from '../features/sites/SiteBriefingPage';
import { SitesPage } from '../features/sites/SitesPage';
import { UnitsPage } from '../features/units/UnitsPage';
import { UsersPage } from '../features/users/UsersPage';
import { ViewerPage } from '../features/viewers/ViewerPage';
import { ServerSetupPage } from '../features/kiosk/ServerSetupPage';
import { PairingPage } from '../features/kiosk/PairingPage';
import { TabletPage } from '../features/kiosk/TabletPage';
import { FleetPage } from '../features/kiosk/FleetPage';
import { VerifySignaturesPage } from '../features/signatures/VerifySignaturesPage';
import { SignDocumentPage } from '../features/signatures/SignDocumentPage';
import { MeetingReportPage } from '../features/reports/MeetingReportPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { AppShell } from './AppShell';
import { ConnectionProvider } from './ConnectionProvider';
import { RequireAuth, RequirePage } from './guards';
import { NotFoundPage } from './StatusPages';

/** Every page of the app; the header menu is derived from the same roles (see nav.ts). */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // A viewer screen: the link's token is its only key (no account, no session, read-only).
  { path: '/view/:token', element: <ViewerPage /> },
  // The desktop shell's first-run server address screen (also reachable to correct the address).
  { path: '/setup', element: <ServerSetupPage /> },
  // A meeting-room tablet: its pairing code, then its room with PIN sign-in (its device credential, no session).
  { path: '/pair', element: <PairingPage /> },
  { path: '/tablet', element: <TabletPage /> },
  // The projector: full screen, no header or menu, same realtime connection as the shell.
  {
    path: '/meetings/:id/display',
    element: (
      <RequireAuth>
        <ConnectionProvider>
          <DisplayPage />
        </ConnectionProvider>
      </RequireAuth>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: 'my-meetings', element: <MyMeetingsPage /> },
      // Requests for written opinions sent to me; an in-app notice links to one of them.
      { path: 'opinions', element: <MyOpinionsPage /> },
      { path: 'opinions/:id', element: <MyOpinionsPage /> },
      // Follow-up tasks: the secretariat sees all, others their unit's (the server decides); a notice links to one.
      { path: 'tasks', element: <TasksPage /> },
      { path: 'tasks/:id', element: <TasksPage /> },
      { path: 'documents/:id', element: <DocumentViewerPage /> },
      // Every participant enters the room; the page shows the console or the delegate's view.
      { path: 'meetings/:id/room', element: <RoomPage /> },
      // The minutes (biên bản): the secretariat writes them; who else may read is decided by the server.
      { path: 'meetings/:id/minutes', element: <MinutesPage /> },
      // The report of a meeting that has ended: its organisers (the server checks who may).
      { path: 'meetings/:id/report', element: <MeetingReportPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'inbox', element: <InboxPage /> },
      // The link of an in-app invitation notice: the inbox, scrolled to that invitation.
      { path: 'invitations/:id', element: <InboxPage /> },
      ...(
        [
          ['meetings', <MeetingsPage key="list" />],
          ['meetings/calendar', <CalendarPage key="calendar" />],
          ['meetings/new', <NewMeetingPage key="new" />],
          ['meetings/:id/edit', <MeetingEditorPage key="edit" />],
        ] as const
      ).map(([path, page]) => ({ path, element: <RequirePage page="meetings">{page}</RequirePage> })),
      {
        path: 'users',
        element: (
          <RequirePage page="users">
            <UsersPage />
          </RequirePage>
        ),
      },
      {
        path: 'units',
        element: (
          <RequirePage page="units">
            <UnitsPage />
          </RequirePage>
        ),
      },
      {
        path: 'sites',
        element: (
          <RequirePage page="sites">
            <SitesPage />
          </RequirePage>
        ),
      },
      { path: 'sites/:siteId/briefing/:meetingId', element: <SiteBriefingPage /> },
      {
        path: 'fleet',
        element: (
          <RequirePage page="fleet">
            <FleetPage />
          </RequirePage>
        ),
      },
      {
        path: 'reports',
        element: (
          <RequirePage page="reports">
            <ReportsPage />
          </RequirePage>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePage page="audit">
            <AuditPage />
          </RequirePage>
        ),
      },
      {
        path: 'security',
        element: (
          <RequirePage page="security">
            <SystemSettingsPage />
          </RequirePage>
        ),
      },
      // Any signed-in user may check the signatures of a PDF (linked from the account page).
      { path: 'signatures/verify', element: <VerifySignaturesPage /> },
      // The chair or a secretary signs the invitation (the server checks who may).
      { path: 'meetings/:id/sign/invitation', element: <SignDocumentPage type="invitation" /> },
      // The chair signs the approved conclusion notice.
      {
        path: 'meetings/:id/sign/conclusion-notice',
        element: <SignDocumentPage type="conclusion_notice" />,
      },
      // The secretary and the chair sign the approved minutes.
      { path: 'meetings/:id/sign/minutes', element: <SignDocumentPage type="minutes" /> },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
