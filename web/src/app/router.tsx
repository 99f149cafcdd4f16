import { createBrowserRouter } from 'react-router';
import { AccountPage } from '../features/auth/AccountPage';
import { LoginPage } from '../features/auth/LoginPage';
import { AuditPage } from '../features/audit/AuditPage';
import { HomePage } from '../features/home/HomePage';
import { UnitsPage } from '../features/units/UnitsPage';
import { UsersPage } from '../features/users/UsersPage';
import { AppShell } from './AppShell';
import { RequireAuth, RequirePage } from './guards';
import { NotFoundPage } from './StatusPages';

/** Every page of the app; the header menu is derived from the same roles (see nav.ts). */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomePage /> },
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
        path: 'audit',
        element: (
          <RequirePage page="audit">
            <AuditPage />
          </RequirePage>
        ),
      },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
