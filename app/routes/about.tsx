import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

// A static page with no loader: what Partner Academy is. The benchmark also uses it as the
// framework's floor (a Remix route that reads no data).
export default function About() {
  return (
    <article className="stack-lg narrow">
      <header className="page-header">
        <p className="eyebrow">About</p>
        <h1>Partner Academy</h1>
        <p className="lead">
          Training and certification for the partner managers who become a vendor&rsquo;s technology
          specialists.
        </p>
      </header>
      <div className="prose">
        <p>
          Partner managers learn the economics, business models, sales life-cycles and products of a
          technology, pass its assessments and earn a certification anyone can verify. Admins put certified
          people in front of partners as specialists, and see at a glance which territories lack one.
        </p>
        <p>
          <Link to="/login">Sign in</Link> to continue.
        </p>
      </div>
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "About · Partner Academy" }];
