import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getUser } from "~/auth/auth.server";
import { unreadCount } from "~/models/notifications.server";
import { db } from "~/utils/db.server";
import stylesheet from "~/styles/app.css";
import { AppHeader } from "~/ui/app-header";
import { useNonce } from "~/ui/nonce";
import { useErrorReference } from "~/ui/request-id";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return {
    user: user
      ? { name: user.name, email: user.email, roles: user.roles, unread: unreadCount(db(), user.id) }
      : null,
  };
}

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader user={data?.user ?? null} />
        <main id="main" className="page">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const meta: MetaFunction = () => [
  { title: "Partner Academy" },
  { name: "description", content: "Partner training and certification per technology." },
];

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPage code={404} title="Page not found">
        <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <ErrorPage code={403} title="You don’t have access to this page">
        <p>
          {typeof error.data === "string" && error.data
            ? error.data
            : "Your account does not have the role this page needs."}
        </p>
        <p>If you think you should, ask an admin to add the role to your account.</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status < 500) {
    return (
      <ErrorPage code={error.status} title={error.statusText || "Request not accepted"}>
        <p>{typeof error.data === "string" ? error.data : "The request could not be processed."}</p>
      </ErrorPage>
    );
  }
  return (
    <ErrorPage code={500} title="Something went wrong on our side">
      <p>The problem has been logged. Please try again in a moment.</p>
      {data?.user ? null : <p>If it keeps happening, sign in again.</p>}
    </ErrorPage>
  );
}

function ErrorPage({ code, title, children }: { code: number; title: string; children: ReactNode }) {
  const reference = useErrorReference();
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">Error {code}</p>
      <h1 id="error-title">{title}</h1>
      {children}
      {reference ? (
        <p className="error-reference" data-request-id={reference}>
          Reference <code>{reference}</code>: quote it if you contact support.
        </p>
      ) : null}
      <p>
        <Link to="/" className="button">
          Go to your home page
        </Link>
      </p>
    </section>
  );
}
