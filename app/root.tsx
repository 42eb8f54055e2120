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
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
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
  const viewer = getViewer(request, context);
  return {
    viewer: viewer
      ? {
          displayName: viewer.displayName,
          username: viewer.username,
          workspaceName: viewer.member.workspaceName,
          roles: viewer.member.roles,
          canManage: can(viewer.member, "manage"),
          canDesign: can(viewer.member, "design:edit"),
          unreadNotifications: context.services.notifications.unreadCount(viewer.userId, viewer.member.workspaceId),
        }
      : null,
  };
}

function SiteHeader() {
  const data = useRouteLoaderData<typeof loader>("root");
  const viewer = data?.viewer;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-header__brand">
          Copress
        </Link>
        {viewer ? (
          <nav aria-label="Main">
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
    status === 404 ? "We couldn't find that page" : status === 403 ? "You can't open this page" : "Sorry, something went wrong";
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
