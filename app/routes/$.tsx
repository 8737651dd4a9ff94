// Any URL no other route matches: the root ErrorBoundary renders the styled 404 page.
function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
