import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useState } from "react";
import { useNonce } from "./components/nonce";
import { can } from "./domain/permissions";
import { getViewer } from "./session.server";
import stylesheet from "./styles/app.css";
import sharedStyles from "./styles/shared.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: sharedStyles },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: "Copress" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer(request, context);
  return {
    viewer: viewer
      ? {
          displayName: viewer.displayName,
          username: viewer.username,
          workspaceName: viewer.member.workspaceName,
          roles: viewer.member.roles,
          canManage: can(viewer.member, "manage"),
          canDesign: can(viewer.member, "design:edit"),
          canWrite: can(viewer.member, "content:edit"),
          unreadNotifications: await context.services.notifications.unreadCount(
            viewer.userId,
            viewer.member.workspaceId,
          ),
        }
      : null,
  };
}

/**
 * The site's header. On a narrow screen its links fold behind a "Menu" button so the page's own content comes
 * first; without JavaScript (before the page has loaded its scripts) they simply show, wrapping.
 */
function SiteHeader() {
  const data = useRouteLoaderData<typeof loader>("root");
  const viewer = data?.viewer;
  const [scripted, setScripted] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setScripted(true), []);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  return (
    <header className={`site-header${scripted ? " site-header--scripted" : ""}`}>
      <div className="site-header__inner">
        <Link to="/" className="site-header__brand">
          Copress
        </Link>
        {viewer && scripted ? (
          <button
            type="button"
            className="site-menu-button"
            aria-expanded={menuOpen}
            aria-controls="site-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
            {viewer.unreadNotifications > 0 ? (
              <span className="count-badge">
                {viewer.unreadNotifications}
                <span className="visually-hidden"> unread notifications</span>
              </span>
            ) : null}
          </button>
        ) : null}
        {viewer ? (
          <nav
            aria-label="Main"
            id="site-nav"
            className={menuOpen ? "site-nav-wrapper site-nav-wrapper--open" : "site-nav-wrapper"}
          >
            <ul className="site-nav">
              <li>
                <NavLink to="/documents">Documents</NavLink>
              </li>
              <li>
                <NavLink to="/for-you">For you</NavLink>
              </li>
              {viewer.canManage ? (
                <>
                  <li>
                    <NavLink to="/members">Members</NavLink>
                  </li>
                  <li>
                    <NavLink to="/audit">History</NavLink>
                  </li>
                </>
              ) : null}
              {viewer.canDesign ? (
                <li>
                  <NavLink to="/brand-kits">Brand kits</NavLink>
                </li>
              ) : null}
              <li>
                <NavLink to="/notifications">
                  Notifications
                  {viewer.unreadNotifications > 0 ? (
                    <span className="count-badge">
                      {viewer.unreadNotifications}
                      <span className="visually-hidden"> unread</span>
                    </span>
                  ) : null}
                </NavLink>
              </li>
              <li>
                <NavLink to="/account">Your account</NavLink>
              </li>
              <li>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">
                    Sign out<span className="visually-hidden"> ({viewer.displayName})</span>
                  </button>
                </Form>
              </li>
            </ul>
          </nav>
        ) : null}
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to main content
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const heading =
    status === 404
      ? "We couldn't find that page"
      : status === 403
        ? "You can't open this page"
        : "Sorry, something went wrong";
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : "Please check the address, or go back and try again."
    : "Please go back and try again. Your work in the editor is saved as you type.";
  return (
    <div className="page">
      <h1>{heading}</h1>
      <p>{message}</p>
      <p>
        <Link to="/documents">Go to your documents</Link>
      </p>
    </div>
  );
}
