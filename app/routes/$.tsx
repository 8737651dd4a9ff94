import type { LoaderFunctionArgs } from "@remix-run/node";

// Any URL no other route matches: the root ErrorBoundary renders the styled 404 page. A URL
// whose path cannot be percent-decoded is sent here by the server (malformed-url.server.ts)
// and gets the styled 400 page instead.
function refuse({ context }: Pick<LoaderFunctionArgs, "context">): never {
  if (context.malformedUrl)
    throw new Response(
      "This address contains a broken character code (a % sign not followed by a valid code). Check the link, or go to your home page.",
      { status: 400, statusText: "Malformed address" },
    );
  throw new Response("Not found", { status: 404 });
}

export async function loader(args: LoaderFunctionArgs) {
  refuse(args);
}

export async function action(args: LoaderFunctionArgs) {
  refuse(args);
}

export default function NotFound() {
  return null;
}
